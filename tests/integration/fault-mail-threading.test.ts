import { beforeAll, describe, expect, it } from "vitest";
import { getTicketWithTimeline } from "../../core/ticket/read.ts";
import { call, signedInAgent, startTestDesk, submitTicket, type TestDesk } from "../support/desk.ts";
import { failDynamoCalls } from "../support/dynamo-faults.ts";
import { acksTo, deliver, rawMail, ticketsOf } from "../support/mail.ts";

/**
 * A customer's answer to the desk's mail arriving while DynamoDB refuses a read (throttled, its retries spent):
 * it must land on its ticket once the read passes — never open a second ticket (with its own acknowledgement)
 * because the ticket it names could not be read at that moment.
 */
let desk: TestDesk;
let admin: Awaited<ReturnType<typeof signedInAgent>>;
let heal: (() => void) | undefined;
beforeAll(async () => {
  desk = await startTestDesk();
  admin = await signedInAgent(desk.app, { role: "admin" });
});

describe("a reply to the acknowledgement while the ticket's read is throttled", () => {
  it("is retried and threaded into its ticket, not filed as a new one", async () => {
    const email = "threading-throttled@example.com";
    const { id } = await submitTicket(desk.app, { email, subject: "Badge reader" });
    await desk.drain();
    const { entries } = await getTicketWithTimeline(id);
    const ackId = entries.find((e) => e.kind === "auto_mail" && e.mail?.messageId)!.mail!.messageId!;
    const answer = await rawMail({
      from: `Casey Customer <${email}>`,
      subject: "Re: We received your request",
      text: "It still beeps red.",
      inReplyTo: ackId,
      references: [ackId],
    });

    // The ticket the answer names cannot be read for a moment (both ways the answer names it: its signed id, and
    // the reference the desk kept of the acknowledgement); Lambda's retry reads it.
    let refused = 0;
    heal = failDynamoCalls(
      ({ command, text }) =>
        refused < 2 && command === "GetItemCommand" && text.includes(`TICKET#${id}`) && ++refused > 0,
    );
    await deliver(desk, answer);
    heal();
    await desk.drain();

    expect(refused).toBe(2);
    expect(await ticketsOf(desk, admin.session, email)).toHaveLength(1);
    expect(await acksTo(desk, email)).toHaveLength(1);
    const after = await getTicketWithTimeline(id);
    expect(after.entries.filter((e) => e.kind === "customer_message").map((e) => e.body)).toContain(
      "It still beeps red.",
    );
  });
});

describe("an answer on a merged ticket's thread while the ticket it was merged into cannot be read", () => {
  it("is retried and lands on the ticket it was merged into, not on a new one", async () => {
    const email = "merge-throttled@example.com";
    const source = await submitTicket(desk.app, { email, subject: "Printer again" });
    const target = await submitTicket(desk.app, { email, subject: "Printer" });
    await desk.drain();
    const merged = await call(desk.app, "POST", `/api/tickets/${source.id}/merge`, {
      as: admin.session,
      body: { into: target.id },
    });
    expect(merged.status).toBe(200);
    await desk.drain();
    const { entries } = await getTicketWithTimeline(source.id);
    const ackId = entries.find((e) => e.kind === "auto_mail" && e.mail?.messageId)!.mail!.messageId!;
    const answer = await rawMail({
      from: `Casey Customer <${email}>`,
      subject: "Re: We received your request",
      text: "Paper tray 2 this time.",
      inReplyTo: ackId,
      references: [ackId],
    });

    let refused = 0;
    heal = failDynamoCalls(
      ({ command, text }) =>
        refused < 1 && command === "GetItemCommand" && text.includes(`TICKET#${target.id}`) && ++refused > 0,
    );
    await deliver(desk, answer);
    heal();
    await desk.drain();

    expect(refused).toBe(1);
    expect(await ticketsOf(desk, admin.session, email)).toHaveLength(2);
    const after = await getTicketWithTimeline(target.id);
    expect(after.entries.filter((e) => e.kind === "customer_message").map((e) => e.body)).toContain(
      "Paper tray 2 this time.",
    );
  });
});
