import { ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import type { MailRecordDeferred } from "../../core/events/schema.ts";
import { writeDeferredRecord } from "../../core/mail/deferred-record.ts";
import { deliverReply } from "../../core/mail/deliver.ts";
import { dynamo } from "../../core/store/client.ts";
import { localSqs } from "../../infra/local/queues.ts";
import {
  call,
  deadLetterMessage,
  signedInAgent,
  startTestDesk,
  submitTicket,
  type TestDesk,
} from "../support/desk.ts";
import { failDynamoCalls } from "../support/dynamo-faults.ts";
import { mailsTo } from "../support/mail.ts";
import { faultySes } from "../support/ses-faults.ts";

/**
 * The deferred "sent" mark of a reply (core/mail/sent-record.ts) can arrive at any time, also while a later
 * delivery of the same reply holds it: that delivery must not write over it. Here a redelivered event takes the
 * lease over after it ran out, its send is refused, and the deferred mark lands in between: the reply stays
 * "sent" (its mail did leave), and the redelivery's retry mails nothing.
 */
let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
let ses: Awaited<ReturnType<typeof faultySes>>;
beforeAll(async () => {
  process.env.DESK_AFTER_SEND_BUDGET_MS = "300";
  desk = await startTestDesk();
  ses = await faultySes(desk.endpoints.mail);
  process.env.AWS_ENDPOINT_URL_SES = ses.url;
  agent = await signedInAgent(desk.app, { name: "Rory Racer" });
});
afterAll(() => ses?.stop());

const repliesTo = async (address: string) =>
  (await mailsTo(desk, address)).filter((m) => m.subject.startsWith("Re: "));
const deliveryOf = async (ticketId: string, entryId: string) =>
  (await call(desk.app, "GET", `/api/tickets/${ticketId}`, { as: agent.session })).json.timeline.find(
    (e: { id: string }) => e.id === entryId,
  ).delivery as { status: string; messageId: string | null; leaseUntil?: string };

/** The hand-off the Mail worker could not write yet (its failed invocation waits in Retry). */
async function handedOff(ticketId: string): Promise<MailRecordDeferred> {
  const { Messages = [] } = await localSqs().send(
    new ReceiveMessageCommand({ QueueUrl: desk.retryUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }),
  );
  const events = Messages.map((m) => deadLetterMessage(m.Body!)).filter(
    (m) => m.includes('"ticket.mail_record"') && m.includes(ticketId),
  );
  expect(events).toHaveLength(1);
  return JSON.parse(events[0]!) as MailRecordDeferred;
}

/** Runs `before` once, just before the first DynamoDB call `picks` chooses is sent. */
function beforeDynamoCall(picks: (text: string) => boolean, before: () => Promise<unknown>) {
  const name = `beforeCall-${Math.random().toString(36).slice(2)}`;
  let done = false;
  dynamo().middlewareStack.add(
    (next, context) => async (args) => {
      if (!done && context.commandName === "UpdateItemCommand" && picks(JSON.stringify(args.input))) {
        done = true;
        await before();
      }
      return next(args);
    },
    { step: "initialize", name },
  );
  onTestFinished(() => {
    dynamo().middlewareStack.remove(name);
  });
}

describe("a reply's deferred 'sent' mark landing while a later delivery holds the reply", () => {
  it("is not written over by that delivery's failure, and the retry mails nothing", async () => {
    const email = "deferred-race@example.com";
    const { id } = await submitTicket(desk.app, { email });
    await desk.drain();
    const reply = await call(desk.app, "POST", `/api/tickets/${id}/replies`, {
      as: agent.session,
      body: { body: "Your licence is renewed" },
    });
    expect(reply.status).toBe(201);
    const entryId = reply.json.entry.id as string;

    // The first delivery: mailed, its mark lost past the budget, handed off, and the hand-off not written yet.
    const heal = failDynamoCalls(
      ({ command, text }) =>
        command === "UpdateItemCommand" && text.includes(entryId) && text.includes('{"status":"sent"'),
    );
    await desk.drain();
    heal();
    expect(await repliesTo(email)).toHaveLength(1);
    const pending = await deliveryOf(id, entryId);
    expect(pending.status).toBe("sending");
    const event = await handedOff(id);

    // A redelivered event, once the lease ran out, takes the reply over; SES refuses this send, and the
    // hand-off is written just before the refusal is recorded.
    ses.refuseTo([email]);
    beforeDynamoCall(
      (text) => text.includes(entryId) && text.includes('"failed"'),
      () => writeDeferredRecord(event),
    );
    const afterLease = new Date(Date.parse(pending.leaseUntil!) + 1000);
    await expect(deliverReply(id, entryId, afterLease)).rejects.toThrow(/not verified/);

    expect(await deliveryOf(id, entryId)).toMatchObject({
      status: "sent",
      messageId: event.record.messageId,
    });
    // The redelivery's retry (SES answering again) finds it sent.
    ses.heal();
    expect(await deliverReply(id, entryId, new Date(afterLease.getTime() + 60_000))).toBe("already_sent");
    expect(await repliesTo(email)).toHaveLength(1);
  });
});
