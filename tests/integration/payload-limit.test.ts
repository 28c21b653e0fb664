import { Agent, request } from "node:http";
import type { Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHttp } from "../../infra/local/server.ts";
import { startTestDesk } from "../support/desk.ts";

// The local server as `npm start` runs it, on a loopback port, with a keep-alive client.
let server: Awaited<ReturnType<typeof startHttp>>;
let agent: Agent;
beforeAll(async () => {
  await startTestDesk();
  server = await startHttp(0);
  agent = new Agent({ keepAlive: true, maxSockets: 1 });
});
afterAll(async () => {
  agent?.destroy();
  await server?.close();
});

function post(path: string, body: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; text: string; socket: Socket }>(
    (resolve, reject) => {
      const req = request(
        {
          host: "127.0.0.1",
          port: server.port,
          path,
          method: "POST",
          agent,
          headers: {
            "content-type": "application/json",
            "content-length": Buffer.byteLength(body),
            ...headers,
          },
        },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (chunk) => (text += chunk));
          res.on("end", () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              text,
              socket: req.socket as Socket,
            }),
          );
        },
      );
      req.on("error", reject);
      req.end(body);
    },
  );
}

const closed = (socket: Socket) =>
  new Promise<boolean>((resolve) => {
    if (socket.destroyed) return resolve(true);
    const timer = setTimeout(() => resolve(false), 2000);
    socket.once("close", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });

describe("413 on a keep-alive connection", () => {
  it("keeps the connection of an ordinary 4xx open", async () => {
    const first = await post("/api/tickets", "{}");
    expect(first.status).toBe(400);
    expect(first.headers.connection).toBe("keep-alive");
    const second = await post("/api/tickets", "{}");
    expect(second.socket).toBe(first.socket);
  });

  it("answers an oversized body with 413 and Connection: close, and the next request gets a fresh connection", async () => {
    const body = JSON.stringify({
      name: "Big",
      email: "big@example.com",
      subject: "x",
      message: "x".repeat(300_000),
    });
    const response = await post("/api/tickets", body);
    expect(response.status).toBe(413);
    expect(JSON.parse(response.text).error.code).toBe("payload_too_large");
    expect(response.headers.connection).toBe("close");
    expect(await closed(response.socket)).toBe(true);

    const next = await post("/api/tickets", "{}");
    expect(next.status).toBe(400);
    expect(next.socket).not.toBe(response.socket);
  });

  it("says Connection: close on the API-wide 1 MB limit too", async () => {
    const response = await post(
      "/api/auth/login",
      JSON.stringify({ email: "a@b.c", password: "p".repeat(1_100_000) }),
    );
    expect(response.status).toBe(413);
    expect(response.headers.connection).toBe("close");
  });
});

describe("the 1 MB limit spares only the routes that set their own", () => {
  const big = JSON.stringify({ body: "x".repeat(3 * 1024 * 1024) });

  it.each(["/api/csat/notes", "/api/kb/tickets", "/api/anything/messages", "/api/tickets/T1/replies/notes"])(
    "refuses 3 MB on %s before anyone reads it",
    async (path) => {
      const response = await post(path, big);
      expect(response.status).toBe(413);
      expect(JSON.parse(response.text).error.code).toBe("payload_too_large");
    },
  );

  it("lets a route with its own limit past 1 MB (the route's own check answers: here, no session)", async () => {
    const response = await post("/api/tickets/T1/notes", JSON.stringify({ body: "x".repeat(1_500_000) }));
    expect(response.status).toBe(401);
  });
});
