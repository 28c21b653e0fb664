import { spawn } from "node:child_process";
import { createServer, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getTicketWithTimeline } from "../../core/ticket/read.ts";
import { handler as mailWorker } from "../../functions/workers/mail.ts";
import {
  call,
  failedInvocations,
  patchTicket,
  signedInAgent,
  startTestDesk,
  submitTicket,
  type TestDesk,
} from "../support/desk.ts";
import { mailsTo } from "../support/mail.ts";

/**
 * The Mail worker dying in the middle of telling an assignee that the customer wrote (SIGKILL while its SES call
 * hangs, as Lambda ends a timed-out invocation): the re-invocation must still send the notice, once — the
 * assignee is the only one told that the customer is waiting.
 */
const LEASE_S = 2;
let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
const sockets = new Set<Socket>();
/** An "SES" that accepts connections and never answers. */
const blackHole = createServer((socket) => {
  sockets.add(socket);
  socket.on("error", () => {});
});
beforeAll(async () => {
  process.env.DESK_CLAIM_LEASE_S = String(LEASE_S);
  desk = await startTestDesk();
  agent = await signedInAgent(desk.app, { name: "Nora Notified" });
  await new Promise<void>((resolve) => blackHole.listen(0, "127.0.0.1", resolve));
});
afterAll(() => {
  for (const socket of sockets) socket.destroy();
  blackHole.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("a notice whose worker is killed mid-send", () => {
  it("is sent by the next delivery once the lease expires, and only once", async () => {
    const { id, portalToken } = await submitTicket(desk.app, { email: "waiting-customer@example.com" });
    await desk.drain();
    expect((await patchTicket(desk.app, agent.session, id, { assigneeId: agent.agent.agentId })).status).toBe(
      200,
    );
    await desk.drain();
    const wrote = await call(desk.app, "POST", `/api/portal/tickets/${id}/messages`, {
      headers: { authorization: `Bearer ${portalToken}` },
      body: { message: "Still broken after the update." },
    });
    expect(wrote.status).toBe(201);
    const { entries } = await getTicketWithTimeline(id);
    const entryId = entries.findLast((e) => e.kind === "customer_message")!.entryId;
    const notices = async () =>
      (await mailsTo(desk, agent.email)).filter((m) =>
        m.body.text.includes("Still broken after the update."),
      );

    // The worker that dies: the desk's own code in another process, whose SES never answers.
    const port = (blackHole.address() as { port: number }).port;
    const child = spawn(
      process.execPath,
      [
        new URL("../support/crash-notify-worker.ts", import.meta.url).pathname,
        JSON.stringify({ ticketId: id, entryId }),
      ],
      {
        env: { ...process.env, AWS_ENDPOINT_URL_SES: `http://127.0.0.1:${port}` },
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    try {
      for (let i = 0; i < 100 && sockets.size === 0; i++) await sleep(100);
      expect(sockets.size, `the send in flight (${stderr})`).toBeGreaterThan(0);
    } finally {
      child.kill("SIGKILL");
    }
    await exited;
    expect(await notices()).toHaveLength(0);

    // The event comes back (Lambda's retry, the sweep's rounds) after the lease: the notice goes out.
    await sleep(LEASE_S * 1000 + 500);
    const event = JSON.stringify({
      type: "ticket.customer_message",
      id: "01EVENTNOTICEAFTERCRASH000",
      occurredAt: new Date().toISOString(),
      ticketId: id,
      entryId,
      reopened: false,
    });
    expect(await failedInvocations(mailWorker, [event])).toEqual([]);
    expect(await notices()).toHaveLength(1);
    // Delivered again: nothing more.
    expect(await failedInvocations(mailWorker, [event, event])).toEqual([]);
    expect(await notices()).toHaveLength(1);
  }, 60_000);
});
