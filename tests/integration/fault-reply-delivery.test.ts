import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { handler as mailWorker } from "../../functions/workers/mail.ts";
import {
  call,
  failedInvocations,
  signedInAgent,
  startTestDesk,
  submitTicket,
  type TestDesk,
} from "../support/desk.ts";
import { failDynamoCalls } from "../support/dynamo-faults.ts";
import { mailsTo } from "../support/mail.ts";
import { faultySes } from "../support/ses-faults.ts";

/**
 * An agent's reply when DynamoDB fails around its SES send (the table throttled or away for one request), on the
 * emulators through the Mail worker as Lambda invokes it: the customer gets the reply once, and the agent's view
 * says what became of it.
 */
let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
let ses: Awaited<ReturnType<typeof faultySes>>;
let heal: (() => void) | undefined;
beforeAll(async () => {
  process.env.DESK_AFTER_SEND_BUDGET_MS = "3000";
  desk = await startTestDesk();
  // Every send of this file goes through the proxy (set before the first send builds the SES client).
  ses = await faultySes(desk.endpoints.mail);
  process.env.AWS_ENDPOINT_URL_SES = ses.url;
  agent = await signedInAgent(desk.app, { name: "Riley Replier" });
});
afterEach(() => {
  ses.heal();
});
afterAll(() => ses?.stop());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const repliesTo = async (address: string) =>
  (await mailsTo(desk, address)).filter((m) => m.subject.startsWith("Re: "));

async function reply(ticketId: string, body: string) {
  const response = await call(desk.app, "POST", `/api/tickets/${ticketId}/replies`, {
    as: agent.session,
    body: { body },
  });
  expect(response.status).toBe(201);
  return response.json.entry.id as string;
}
const deliveryOf = async (ticketId: string, entryId: string) =>
  (await call(desk.app, "GET", `/api/tickets/${ticketId}`, { as: agent.session })).json.timeline.find(
    (e: { id: string }) => e.id === entryId,
  ).delivery;

describe("a reply whose 'sent' mark fails to write", () => {
  it("is mailed once, and shows as sent once the table answers again", async () => {
    const email = "sent-mark-throttled@example.com";
    const { id } = await submitTicket(desk.app, { email });
    await desk.drain(); // the acknowledgement and triage, before the fault
    const entryId = await reply(id, "Please try the new driver");

    // The write that records the reply as sent is throttled twice, after SES took the mail.
    let refused = 0;
    heal = failDynamoCalls(
      ({ command, text }) =>
        command === "UpdateItemCommand" &&
        text.includes(entryId) &&
        text.includes('{"status":"sent"') &&
        ++refused <= 2,
    );
    await desk.drain();
    heal();

    expect(refused).toBeGreaterThanOrEqual(2);
    expect(await repliesTo(email)).toHaveLength(1);
    expect(await deliveryOf(id, entryId)).toMatchObject({ status: "sent" });
  });
});

describe("a reply SES refuses", () => {
  it("shows as not sent with SES's reason, is retried by the sweep once SES takes mail again, and sent once", async () => {
    const email = "ses-refuses@example.com";
    const { id } = await submitTicket(desk.app, { email });
    await desk.drain();
    const entryId = await reply(id, "Your licence is renewed");

    ses.refuseTo([email]);
    await desk.drain(); // Lambda's three attempts, each refused
    expect(ses.refused()).toBeGreaterThanOrEqual(3);
    expect(await repliesTo(email)).toHaveLength(0);
    // The agent's view says it did not go, and why.
    const failed = await deliveryOf(id, entryId);
    expect(failed).toMatchObject({ status: "failed" });
    expect(failed.error).toMatch(/MessageRejected|not verified/);

    // SES takes mail again: the sweep's next retry round sends it, once.
    ses.heal();
    let reinvoked = 0;
    for (let i = 0; i < 20 && reinvoked === 0; i++) {
      await sleep(300);
      reinvoked += (await desk.retryFailed()).reinvoked;
    }
    expect(reinvoked).toBe(1);
    await desk.drain();
    expect(await repliesTo(email)).toHaveLength(1);
    expect(await deliveryOf(id, entryId)).toMatchObject({ status: "sent" });

    // The same event again (a redrive, a late duplicate) sends nothing more.
    const event = JSON.stringify({
      type: "ticket.agent_replied",
      id: "01EVENTREPLYAGAIN000000000",
      occurredAt: new Date().toISOString(),
      ticketId: id,
      entryId,
      agentId: agent.agent.agentId,
    });
    expect(await failedInvocations(mailWorker, [event, event])).toEqual([]);
    expect(await repliesTo(email)).toHaveLength(1);
  });
});
