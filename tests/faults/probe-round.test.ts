import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createAgent } from "../../core/agent/agent.ts";
import { config } from "../../core/config.ts";
import { republishPending } from "../../core/events/publish.ts";
import { putObject } from "../../core/mail/raw-store.ts";
import { fileOrList } from "../../core/mail/unfiled-retry.ts";
import { deadLetterCounts } from "../../core/ops/dead-letters.ts";
import { dynamo } from "../../core/store/client.ts";
import { addReply, updateTicket } from "../../core/ticket/change.ts";
import { readCounts } from "../../core/ticket/counts.ts";
import { getTicketWithTimeline } from "../../core/ticket/read.ts";
import { actorOf } from "../../functions/api/auth.ts";
import { sentMail } from "../support/desk.ts";
import { rawMail } from "../support/mail.ts";
import { eventually, startFaultDesk } from "./stack.ts";

/**
 * Faults the other files do not inject, each on a desk of its own kind (tests/faults/stack.ts): DynamoDB Local
 * killed while an agent's files are being stored, and a transaction DynamoDB committed whose answer never came
 * back. The promise checked: nothing half-written is left unseen, and nothing written is taken back.
 */
let desk: Awaited<ReturnType<typeof startFaultDesk>>;
let actor: ReturnType<typeof actorOf>;
beforeAll(async () => {
  desk = await startFaultDesk({ supervision: { restartDelayMs: 3000 }, retryMaxSeconds: 2, leaseSeconds: 5 });
  // Every send goes through the gate (the desk's SES client is built at its first send, after this).
  await new Promise<void>((resolve) => sesGate.listen(0, "127.0.0.1", resolve));
  process.env.AWS_ENDPOINT_URL_SES = `http://127.0.0.1:${(sesGate.address() as AddressInfo).port}`;
  const agent = await createAgent({
    email: "probe-agent@desk.test",
    name: "Probe Agent",
    password: "correct horse battery",
    role: "agent",
    teams: [],
  });
  actor = actorOf(agent);
});
afterAll(async () => {
  sesGate.closeAllConnections();
  sesGate.close();
  await desk?.stop();
});

/**
 * SES as the desk reaches it: a loopback relay to the emulator that, while `sesDown`, reads each send and then
 * drops its connection without an answer (an endpoint gone mid-request), noting the subject it carried; and for
 * `answersLost`, passes the send on and then drops the connection before the answer.
 */
let sesDown = false;
const dropped: string[] = [];
/** Sends whose subject has `marker`: taken by SES, their answers lost for `ms` from the first one (a blip). */
let answersLost: { marker: string; ms: number; until?: number } | undefined;
const sesGate = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", async () => {
    const body = Buffer.concat(chunks);
    const raw = Buffer.from(new URLSearchParams(body.toString()).get("RawMessage.Data") ?? "", "base64");
    const subject = /^Subject: (.*)$/m.exec(raw.toString())?.[1] ?? "";
    if (sesDown) {
      dropped.push(subject);
      req.socket.destroy();
      return;
    }
    if (answersLost && subject.includes(answersLost.marker))
      answersLost.until ??= Date.now() + answersLost.ms;
    const lose = Boolean(
      answersLost?.until && subject.includes(answersLost.marker) && Date.now() < answersLost.until,
    );
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([k]) => !["host", "content-length", "connection"].includes(k)),
    ) as Record<string, string>;
    const answer = await fetch(`${desk.emulators.endpoints.mail}${req.url}`, {
      method: req.method,
      headers,
      body: req.method === "GET" ? undefined : body,
    }).catch(() => undefined);
    if (!answer || lose) return req.socket.destroy();
    res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "text/xml" });
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
});

/** Keys of the files stored for timeline entries in the desk's bucket. */
async function storedAttachments(): Promise<string[]> {
  const s3 = new S3Client({ forcePathStyle: true });
  const { Contents = [] } = await s3.send(
    new ListObjectsV2Command({ Bucket: config().mailBucket, Prefix: "attachments/" }),
  );
  return Contents.map((o) => o.Key!);
}

/**
 * Runs `action` while the answer to every ticket transaction that mentions `marker` is lost on its way back:
 * DynamoDB commits it, and the desk sees a reset connection (after the SDK's own retries, which sit after this
 * step) — a failure that says nothing about what was written.
 */
async function withLostAnswer<T>(marker: string, action: () => Promise<T>): Promise<T> {
  const name = `lostAnswer-${marker}`;
  dynamo().middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName === "TransactWriteItemsCommand" && JSON.stringify(args.input).includes(marker))
        throw Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
      return result;
    },
    { step: "initialize", name, override: true },
  );
  try {
    return await action();
  } finally {
    dynamo().middlewareStack.remove(name);
  }
}

const storedBytes = async () => (await readCounts(["storage:bytes"]))["storage:bytes"] ?? 0;

const screenshot = (name: string) => ({
  name,
  contentType: "image/png",
  contentBase64: Buffer.alloc(4096, 7).toString("base64"),
});

it("DynamoDB Local killed while an agent's reply stores its files: the refused reply leaves no file behind", async () => {
  const { status, id } = await desk.submit();
  expect(status).toBe(201);
  const restarts = desk.emulators.dynamo.restarts();

  // The database dies after the ticket was read for the reply form, while the files go to the bucket.
  process.kill(desk.emulators.dynamo.pid()!, "SIGKILL");
  await expect(
    addReply(id!, { body: "Here is the fix.", attachments: [screenshot("killed-fix.png")] }, actor),
  ).rejects.toThrow();
  await eventually(
    async () => desk.emulators.dynamo.restarts() === restarts + 1,
    "DynamoDB Local back",
    60_000,
    200,
  );

  // No entry refers to them, so no file may stay: nobody could see or delete it.
  expect((await storedAttachments()).filter((key) => key.endsWith("killed-fix.png"))).toEqual([]);
  const { entries } = await getTicketWithTimeline(id!);
  expect(entries.filter((e) => e.kind === "agent_reply")).toEqual([]);
});

it("inbound mail whose filing DynamoDB committed but whose answer was lost: the redelivery files nothing more, the file stays, its bytes count once", async () => {
  const attachment = Buffer.alloc(3000, 9);
  const raw = await rawMail({
    from: "Lost Answer <lost-answer@example.com>",
    subject: "Lost answer filing",
    attachments: [{ filename: "lost-scan.log", content: attachment, contentType: "text/plain" }],
  });
  // Outside inbound/, so no bucket notification files it behind the test's back: the test is the worker.
  const rawKey = `probe/${Date.now()}.eml`;
  await putObject(rawKey, raw, "message/rfc822");
  const before = await storedBytes();

  // First delivery: filed, but the worker only sees the lost answer and fails (Lambda retries it).
  await expect(withLostAnswer("Lost answer filing", () => fileOrList(rawKey, 0, 7))).rejects.toThrow(
    /socket hang up/,
  );
  // The retry finds it filed.
  const again = await fileOrList(rawKey, 1, 7);
  expect(again).toMatchObject({ outcome: "duplicate", ticketId: expect.any(String) });

  const ticketId = (again as { ticketId: string }).ticketId;
  const { entries } = await getTicketWithTimeline(ticketId);
  const message = entries.find((e) => e.kind === "customer_message");
  const file = message?.attachments?.find((a) => a.name === "lost-scan.log");
  expect(file?.key).toBeDefined();
  expect(await storedAttachments()).toContain(file!.key);
  expect((await storedBytes()) - before).toBe(raw.length + attachment.length);
});

it("an inbound message whose stored object is cut short: filed, and the agent is told it may be incomplete", async () => {
  const raw = await rawMail({
    from: "Cut Short <cut-short@example.com>",
    subject: "Cut short upload",
    attachments: [{ filename: "trace.bin", content: Buffer.alloc(20_000, 5) }],
  });
  // Cut inside the attachment: what mailparser reads is a message that looks whole, with a shorter file.
  const rawKey = `probe/cut-${Date.now()}.eml`;
  await putObject(rawKey, raw.subarray(0, Math.floor(raw.length / 2)), "message/rfc822");
  const filed = await fileOrList(rawKey, 0, 7);
  expect(filed.outcome).toBe("created");
  const { entries } = await getTicketWithTimeline((filed as { ticketId: string }).ticketId);
  expect(entries.find((e) => e.kind === "customer_message")?.body).toContain("may be incomplete");
  // A message that arrives whole says nothing of the kind.
  const wholeKey = `probe/whole-${Date.now()}.eml`;
  await putObject(wholeKey, await rawMail({ from: "whole@example.com", subject: "Whole" }), "message/rfc822");
  const whole = (await fileOrList(wholeKey, 0, 7)) as { ticketId: string };
  const { entries: wholeEntries } = await getTicketWithTimeline(whole.ticketId);
  expect(wholeEntries.find((e) => e.kind === "customer_message")?.body).not.toContain("incomplete");
});

it("a reply DynamoDB committed whose answer was lost: its files stay, and the customer gets it with them", async () => {
  const { status, id, email } = await desk.submit();
  expect(status).toBe(201);

  // The transaction reaches DynamoDB and commits; the answer is lost on the way back (a reset connection,
  // after the SDK's own retries): to the desk, a failure that says nothing about what was written.
  await expect(
    withLostAnswer("lost-fix.png", () =>
      addReply(id!, { body: "Here is the fix.", attachments: [screenshot("lost-fix.png")] }, actor),
    ),
  ).rejects.toThrow(/socket hang up/);

  // The reply is on the ticket (the write went through), and so must be the files it lists.
  const { entries } = await getTicketWithTimeline(id!);
  const reply = entries.find((e) => e.kind === "agent_reply");
  expect(reply?.attachments?.map((a) => a.name)).toEqual(["lost-fix.png"]);
  expect(await storedAttachments()).toContain(reply!.attachments![0]!.key);

  // Its event stayed in the outbox (the publish never ran): the sweep's re-publish sends it, with the file.
  desk.startWorkers();
  await republishPending(new Date(Date.now() + 60_000));
  await eventually(
    async () =>
      (await getTicketWithTimeline(id!)).entries.find((e) => e.entryId === reply!.entryId)?.delivery
        ?.status === "sent",
    "the reply delivered",
    60_000,
    500,
  );
  // Mailed once, the file attached (the SES emulator keeps each attachment as parsed).
  const mails = (await sentMail(desk.emulators.endpoints.mail)) as unknown as {
    subject: string;
    destination: { to: string[] };
    attachments: { filename?: string }[];
  }[];
  const replies = mails.filter(
    (m) => m.destination.to.some((to) => to.includes(email)) && m.subject.startsWith("Re:"),
  );
  expect(replies.map((m) => m.attachments.map((a) => a.filename))).toEqual([["lost-fix.png"]]);
});

it("SES unreachable while an acknowledgement, a reply and an assignment notice go out: the reply says why it is not sent, and once SES is back each goes out once", async () => {
  const assignee = await createAgent({
    email: "probe-assignee@desk.test",
    name: "Probe Assignee",
    password: "correct horse battery",
    role: "agent",
    teams: [],
  });
  desk.startWorkers();
  sesDown = true;
  sesGate.closeIdleConnections();
  const { status, id, email } = await desk.submit();
  expect(status).toBe(201);
  const { entry } = await addReply(id!, { body: "Restart the spooler." }, actor);
  // As the agent app does on a 412 (triage changes the new ticket meanwhile): reload and assign again.
  await eventually(
    async () => {
      const { ticket } = await getTicketWithTimeline(id!);
      await updateTicket(id!, { assigneeId: assignee.agentId }, actor, ticket.version);
      return true;
    },
    "the ticket assigned",
    20_000,
    200,
  );

  // While SES cannot be reached, the agent sees the reply is not sent, and why.
  const delivery = async () =>
    (await getTicketWithTimeline(id!)).entries.find((e) => e.entryId === entry.entryId)?.delivery;
  await eventually(
    async () => (await delivery())?.status === "failed",
    "the reply shown as failed",
    30_000,
    300,
  );
  expect((await delivery())?.error).toMatch(/socket hang up|ECONNRESET/);
  // The acknowledgement and the notice were tried too, and lost the same way.
  await eventually(
    async () =>
      dropped.some((subject) => subject.includes("We received your request")) &&
      dropped.some((subject) => subject.includes("ssigned")),
    "the acknowledgement and the notice tried while SES was down",
    30_000,
    300,
  );

  // SES back: the retries send each mail, once.
  sesDown = false;
  const mailsTo = async (address: string) =>
    (await sentMail(desk.emulators.endpoints.mail)).filter((m) =>
      m.destination.to.some((to) => to.includes(address)),
    );
  await eventually(
    async () =>
      (await delivery())?.status === "sent" &&
      (await mailsTo(email)).length >= 2 &&
      (await mailsTo(assignee.email)).length >= 1,
    "the acknowledgement, the reply and the notice sent",
    120_000,
    1000,
  );
  const { entries } = await getTicketWithTimeline(id!);
  const autoMails = entries.filter((e) => e.kind === "auto_mail");
  expect(autoMails.map((e) => e.delivery?.status)).toEqual(["sent", "sent"]);
  expect((await deadLetterCounts()).every((q) => q.count === 0)).toBe(true);
  // One of each (in either order: each retried on its own).
  expect((await mailsTo(email)).map((m) => m.subject.startsWith("Re:")).sort()).toEqual([false, true]);
  expect(await mailsTo(assignee.email)).toHaveLength(1);
});

it("SES takes a reply but its answers are lost for a moment: the customer gets it at most twice, and the timeline says sent", async () => {
  desk.startWorkers();
  const { status, id, email } = await desk.submit();
  expect(status).toBe(201);
  const mailsTo = async (address: string) =>
    (await sentMail(desk.emulators.endpoints.mail)).filter((m) =>
      m.destination.to.some((to) => to.includes(address)),
    );
  await eventually(async () => (await mailsTo(email)).length === 1, "the acknowledgement", 30_000, 300);

  // For 800 ms from the first lost answer, SES sends what it is given and the desk never hears back.
  const { ticket } = await getTicketWithTimeline(id!);
  answersLost = { marker: `[#${ticket.number}]`, ms: 800 };
  const { entry } = await addReply(id!, { body: "Reinstall the driver." }, actor);
  await eventually(
    async () =>
      (await getTicketWithTimeline(id!)).entries.find((e) => e.entryId === entry.entryId)?.delivery
        ?.status === "sent",
    "the reply shown as sent",
    60_000,
    300,
  );
  // A send whose answer is lost may have left: at least once, and a second copy at most (never one per
  // attempt of the SDK's own retries, which would multiply each lost answer by three).
  const replies = (await mailsTo(email)).filter((m) => m.subject.startsWith("Re:"));
  expect(replies.length).toBeGreaterThanOrEqual(1);
  expect(replies.length).toBeLessThanOrEqual(2);
});
