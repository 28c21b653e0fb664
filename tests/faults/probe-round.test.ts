import { afterAll, beforeAll, expect, it } from "vitest";
import { createAgent } from "../../core/agent/agent.ts";
import { republishPending } from "../../core/events/republish.ts";
import { putObject } from "../../core/mail/raw-store.ts";
import { fileOrList } from "../../core/mail/unfiled-retry.ts";
import { deadLetterCounts } from "../../core/ops/dead-letters.ts";
import { saveBusinessHours } from "../../core/sla/policy.ts";
import { sweepDue } from "../../core/sla/sweep.ts";
import { dynamo } from "../../core/store/client.ts";
import { addReply } from "../../core/ticket/agent-messages.ts";
import { updateTicket } from "../../core/ticket/agent-update.ts";
import { getTicketWithTimeline } from "../../core/ticket/read.ts";
import { actorOf } from "../../functions/api/auth.ts";
import { sentMail } from "../support/desk.ts";
import { rawMail } from "../support/mail.ts";
import { startSesGate, storedAttachments, storedBytes, withLostAnswer } from "./probe-faults.ts";
import { eventually, startFaultDesk } from "./stack.ts";

/**
 * Faults the other files do not inject, on one desk (tests/faults/stack.ts) whose SES is reached through a gate
 * (probe-faults.ts): DynamoDB Local killed while an agent's files are stored; a transaction DynamoDB committed
 * whose answer never came back (a reply, an inbound mail); a raw message cut short; SES unreachable, or taking
 * a mail whose answer is lost. The promise checked: nothing half-written is left unseen, nothing written is
 * taken back, and a retry adds nothing (a mail: one more copy at most, never one per SDK attempt).
 */
let desk: Awaited<ReturnType<typeof startFaultDesk>>;
let actor: ReturnType<typeof actorOf>;
let ses: Awaited<ReturnType<typeof startSesGate>>;
beforeAll(async () => {
  desk = await startFaultDesk({ supervision: { restartDelayMs: 3000 }, retryMaxSeconds: 2, leaseSeconds: 5 });
  // Every send goes through the gate (the desk's SES client is built at its first send, after this).
  ses = await startSesGate(desk.emulators.endpoints.mail);
  process.env.AWS_ENDPOINT_URL_SES = ses.url;
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
  await ses?.stop();
  await desk?.stop();
});

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
  ses.setDown(true);
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
      ses.dropped().some((subject) => subject.includes("We received your request")) &&
      ses.dropped().some((subject) => subject.includes("ssigned")),
    "the acknowledgement and the notice tried while SES was down",
    30_000,
    300,
  );

  // SES back: the retries send each mail, once.
  ses.setDown(false);
  const mailsTo = async (address: string) =>
    (await sentMail(desk.emulators.endpoints.mail)).filter((m) =>
      m.destination.to.some((to) => to.includes(address)),
    );
  await eventually(
    async () =>
      (await delivery())?.status === "sent" &&
      (await mailsTo(email)).length >= 2 &&
      (await mailsTo(assignee.email)).length >= 1 &&
      // Each recorded on the timeline once it left (written just after the send).
      (await getTicketWithTimeline(id!)).entries.filter((e) => e.kind === "auto_mail").length >= 2,
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
  ses.loseAnswers(`[#${ticket.number}]`, 800);
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

it("DynamoDB Local killed in the middle of an SLA sweep: each due breach is acted on once, the rest by the next runs", async () => {
  // Always open, so that three days on is past every target whatever the day and hour the test runs.
  await saveBusinessHours({ timezone: "UTC", alwaysOpen: true }, actor.agentId);
  const ids: string[] = [];
  for (let i = 0; i < 6; i++) {
    const { status, id } = await desk.submit();
    expect(status).toBe(201);
    ids.push(id!);
  }
  const at = new Date(Date.now() + 3 * 86_400_000);

  // The database dies right after the third ticket's SLA write was answered.
  let written = 0;
  const restarts = desk.emulators.dynamo.restarts();
  dynamo().middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (
        context.commandName === "TransactWriteItemsCommand" &&
        JSON.stringify(args.input).includes("SLA —") &&
        ++written === 3
      )
        process.kill(desk.emulators.dynamo.pid()!, "SIGKILL");
      return result;
    },
    { step: "initialize", name: "killMidSweep", override: true },
  );
  await sweepDue(at)
    .catch(() => undefined)
    .finally(() => dynamo().middlewareStack.remove("killMidSweep"));
  expect(written).toBeGreaterThanOrEqual(3);
  await eventually(
    async () => desk.emulators.dynamo.restarts() === restarts + 1,
    "DynamoDB Local back",
    60_000,
    200,
  );

  // The next runs act on what the killed one did not reach; nothing it did is done again.
  await eventually(
    async () => {
      const counts: { acted?: number; failed?: number } = await sweepDue(at);
      return !counts.acted && !counts.failed;
    },
    "a sweep with nothing left to do",
    60_000,
    500,
  );
  const slaLines = async (id: string) =>
    (await getTicketWithTimeline(id)).entries.filter((e) => e.authorName === "SLA").length;
  // Each ticket's two breaches (first response, then resolution: one escalation per sweep decision), once each.
  expect(await Promise.all(ids.map(slaLines))).toEqual(ids.map(() => 2));
});
