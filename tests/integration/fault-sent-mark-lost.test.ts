import { ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { beforeAll, describe, expect, it } from "vitest";
import { handler as mailWorker } from "../../functions/workers/mail.ts";
import { localSqs } from "../../infra/local/queues.ts";
import {
  call,
  deadLetterMessage,
  failedInvocations,
  signedInAgent,
  startTestDesk,
  submitTicket,
  type TestDesk,
} from "../support/desk.ts";
import { failDynamoCalls } from "../support/dynamo-faults.ts";
import { mailsTo } from "../support/mail.ts";

/**
 * A mail SES took while DynamoDB stays away longer than the after-send budget (core/mail/sent-record.ts): its
 * record is handed to the Mail worker by event, which writes it once the table answers again (through the
 * sweep's retry rounds), never mailing anything; the customer gets the mail once.
 */
let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  process.env.DESK_AFTER_SEND_BUDGET_MS = "300";
  desk = await startTestDesk();
  agent = await signedInAgent(desk.app, { name: "Morgan Marker" });
});

const repliesTo = async (address: string) =>
  (await mailsTo(desk, address)).filter((m) => m.subject.startsWith("Re: "));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const timelineOf = async (ticketId: string) =>
  (await call(desk.app, "GET", `/api/tickets/${ticketId}`, { as: agent.session })).json.timeline as {
    id: string;
    kind: string;
    delivery: { status: string; messageId: string | null; leaseUntil?: string } | null;
    messageId: string | null;
    mail: { to: string[]; subject: string | null } | null;
  }[];
const entryOf = async (ticketId: string, entryId: string) =>
  (await timelineOf(ticketId)).find((e) => e.id === entryId)!;

/** The deferred-record events waiting in the Retry queue (their invocations failed), peeked without hiding them. */
async function deferredEventsWaiting(ticketId: string): Promise<string[]> {
  const { Messages = [] } = await localSqs().send(
    new ReceiveMessageCommand({ QueueUrl: desk.retryUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }),
  );
  return Messages.map((m) => deadLetterMessage(m.Body!)).filter(
    (m) => m.includes('"ticket.mail_record"') && m.includes(ticketId),
  );
}

/** The sweep's retry step until it re-invokes something, then the workers. */
async function retryUntilReinvoked() {
  let reinvoked = 0;
  for (let i = 0; i < 20 && reinvoked === 0; i++) {
    await sleep(300);
    reinvoked += (await desk.retryFailed()).reinvoked;
  }
  expect(reinvoked).toBeGreaterThanOrEqual(1);
  await desk.drain();
}

describe("a reply whose 'sent' mark cannot be written for longer than the budget", () => {
  it("is mailed once, and ends 'sent' with its Message-ID once the Mail worker handles the hand-off", async () => {
    const email = "mark-lost@example.com";
    const { id } = await submitTicket(desk.app, { email });
    await desk.drain(); // the acknowledgement and triage, before the outage
    const reply = await call(desk.app, "POST", `/api/tickets/${id}/replies`, {
      as: agent.session,
      body: { body: "The patch is attached to your account" },
    });
    expect(reply.status).toBe(201);
    const entryId = reply.json.entry.id as string;

    // Every write of the reply's "sent" mark fails, the sender's and the Mail worker's, until healed.
    let refused = 0;
    const counted = () => ++refused > 0;
    const heal = failDynamoCalls(
      ({ command, text }) =>
        command === "UpdateItemCommand" &&
        text.includes(entryId) &&
        text.includes('{"status":"sent"') &&
        counted(),
    );
    await desk.drain(); // the send, the budget spent, the hand-off, and the worker's failed attempts on it
    // Sent once; the mark is not there yet, and the agent's view still has the lease to judge by.
    expect(await repliesTo(email)).toHaveLength(1);
    const pending = await entryOf(id, entryId);
    expect(pending.delivery).toMatchObject({ status: "sending", messageId: null });
    expect(Date.parse(pending.delivery!.leaseUntil!)).toBeGreaterThan(0);
    // The sender tried for its budget, then the Mail worker tried (Lambda's attempts) and failed.
    expect(refused).toBeGreaterThanOrEqual(3);
    const [handedOff, ...others] = await deferredEventsWaiting(id);
    expect(others).toEqual([]);
    const event = JSON.parse(handedOff!);
    expect(event).toMatchObject({
      type: "ticket.mail_record",
      ticketId: id,
      record: {
        kind: "reply",
        entryId,
        attempts: 1,
        to: [{ address: email }],
        subject: expect.stringMatching(/^Re: .*\[#\d+\]$/),
      },
    });
    expect(event.record.from).toEqual({ name: expect.any(String), address: expect.stringContaining("@") });

    // The table answers again: the sweep's next round hands the event back, and the mark is written.
    heal();
    await retryUntilReinvoked();
    const sent = await entryOf(id, entryId);
    expect(sent.delivery).toEqual({ status: "sent", messageId: event.record.messageId, error: null });
    expect(sent.messageId).toBe(event.record.messageId);
    expect(sent.mail).toMatchObject({ to: [email], subject: event.record.subject });
    expect(await repliesTo(email)).toHaveLength(1);

    // The same event again, and one claiming another send: nothing changes, nothing is mailed.
    const before = await timelineOf(id);
    const other = { ...event, id: `${event.id}X`, record: { ...event.record, messageId: "<other@x>" } };
    expect(await failedInvocations(mailWorker, [handedOff!, JSON.stringify(other)])).toEqual([]);
    expect(await timelineOf(id)).toEqual(before);
    expect(await mailsTo(desk, email)).toHaveLength(2); // the acknowledgement and the reply, nothing more
  });
});

describe("an automatic mail whose timeline line cannot be written for longer than the budget", () => {
  it("is mailed once, and its line appears once the Mail worker handles the hand-off", async () => {
    const email = "ack-line-lost@example.com";
    let refused = 0;
    const counted = () => ++refused > 0;
    const heal = failDynamoCalls(
      ({ command, text }) =>
        command === "PutItemCommand" &&
        text.includes('"kind":"auto_mail"') &&
        text.includes(email) &&
        counted(),
    );
    const { id } = await submitTicket(desk.app, { email });
    await desk.drain(); // the acknowledgement is mailed; its line cannot be written
    expect(refused).toBeGreaterThanOrEqual(3);
    const acks = await mailsTo(desk, email);
    expect(acks).toHaveLength(1);
    expect((await timelineOf(id)).filter((e) => e.kind === "auto_mail")).toEqual([]);
    const [handedOff] = await deferredEventsWaiting(id);
    expect(JSON.parse(handedOff!)).toMatchObject({ ticketId: id, record: { kind: "auto_mail" } });

    heal();
    await retryUntilReinvoked();
    const lines = (await timelineOf(id)).filter((e) => e.kind === "auto_mail");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      delivery: { status: "sent" },
      messageId: JSON.parse(handedOff!).record.messageId,
      mail: { to: [email] },
    });

    // Handled again: still one line, no mail.
    expect(await failedInvocations(mailWorker, [handedOff!])).toEqual([]);
    expect((await timelineOf(id)).filter((e) => e.kind === "auto_mail")).toHaveLength(1);
    expect(await mailsTo(desk, email)).toHaveLength(1);
  });
});
