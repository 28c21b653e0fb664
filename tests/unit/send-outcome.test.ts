import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { boundariesOf } from "../../core/mail/mime-structure.ts";
import { parseMail } from "../../core/mail/parse.ts";

/** SES sends whose answer is lost are never sent again by the SDK (SendRawEmail has no idempotency token). */
let server: Server | undefined;
let answer: (res: ServerResponse) => void = () => {};
let hits = 0;
beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      hits++;
      answer(res);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  process.env.AWS_ENDPOINT_URL_SES = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
  process.env.AWS_REGION ??= "us-east-1";
  process.env.AWS_ACCESS_KEY_ID ??= "test";
  process.env.AWS_SECRET_ACCESS_KEY ??= "test";
});
afterAll(() => server?.close());

async function sesAnswering(respond: (res: ServerResponse) => void) {
  answer = respond;
  hits = 0;
  const { sendRawMail } = await import("../../core/mail/send.ts");
  const mailbox = { name: "", address: "a@example.com" };
  const outcome = await sendRawMail(Buffer.from("Subject: x\r\n\r\nhi"), mailbox, [mailbox]).catch(
    (error: Error) => error,
  );
  return { hits: () => hits, outcome };
}

describe("an SES send", () => {
  it("whose 200 answer is cut mid-body is sent once and reported as of unknown outcome", async () => {
    const { hits, outcome } = await sesAnswering((res) => {
      res.writeHead(200, { "content-type": "text/xml", "content-length": "500" });
      res.write("<SendRawEmailResponse>");
      setTimeout(() => res.socket?.destroy(), 20);
    });
    expect((outcome as Error).name).toBe("SendOutcomeUnknownError");
    expect(hits()).toBe(1);
  });

  it("that SES refuses with a 5xx is retried by the SDK (SES took nothing)", async () => {
    const { hits, outcome } = await sesAnswering((res) => {
      res.writeHead(503, { "content-type": "text/xml" });
      res.end("<ErrorResponse><Error><Code>ServiceUnavailable</Code></Error></ErrorResponse>");
    });
    expect((outcome as Error).name).not.toBe("SendOutcomeUnknownError");
    expect(hits()).toBeGreaterThan(1);
  });

  it("that SES never answers is given up on, sent once, as of unknown outcome", async () => {
    const { SES_IDLE_TIMEOUT_MS } = await import("../../core/mail/send.ts");
    const started = Date.now();
    const { hits, outcome } = await sesAnswering(() => {});
    expect((outcome as Error).name).toBe("SendOutcomeUnknownError");
    expect(hits()).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(SES_IDLE_TIMEOUT_MS - 100);
  }, 30_000);
});

describe("a message cut short", () => {
  it("finds the boundary parameter itself, not one whose name ends so", () => {
    expect(boundariesOf('multipart/mixed; x-boundary="nope"; boundary="yes"')).toEqual(["yes"]);
  });
  it("is not said to be incomplete when it is headers alone ending on a line break", async () => {
    const whole = await parseMail(Buffer.from("From: a@example.com\r\nSubject: Only headers\r\n"));
    expect(whole.visibleText).not.toMatch(/incomplete/);
    const cut = await parseMail(Buffer.from("From: a@example.com\r\nSubject: Only hea"));
    expect(cut.visibleText).toMatch(/may be incomplete/);
  });
});
