import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { call, signedInAgent, startTestDesk, submitTicket, type TestDesk } from "../support/desk.ts";
import { failDynamoCalls } from "../support/dynamo-faults.ts";
import { mailsTo } from "../support/mail.ts";

/**
 * An agent's reply when DynamoDB fails around its SES send (the table throttled or away for one request), on the
 * emulators through the Mail worker as Lambda invokes it: the customer gets the reply once, and the agent's view
 * says what became of it.
 */
let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
let heal: (() => void) | undefined;
beforeAll(async () => {
  process.env.DESK_AFTER_SEND_BUDGET_MS = "3000";
  desk = await startTestDesk();
  agent = await signedInAgent(desk.app, { name: "Riley Replier" });
});
afterEach(() => {
  heal?.();
  heal = undefined;
});

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
