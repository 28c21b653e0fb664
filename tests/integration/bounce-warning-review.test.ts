import { beforeAll, describe, expect, it } from "vitest";
import { handleSesFeedback } from "../../core/mail/feedback.ts";
import { isDeliveryReport } from "../../web/app/src/held-mail.ts";
import { call, signedInAgent, startTestDesk, submitTicket, type TestDesk } from "../support/desk.ts";
import { deliver, rawMail, ticketsOf } from "../support/mail.ts";

/**
 * Review of app7: the requester card's bounce warning reaches an agent whose copy of the ticket is cached (SES's
 * bounce notification moves no version), and a customer's own mail that reads like a bounce is no "Delivery report".
 */
let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  agent = await signedInAgent(desk.app, { name: "Rita Reviewer" });
});

const get = (id: string, ifNoneMatch?: string) =>
  call(desk.app, "GET", `/api/tickets/${id}`, {
    as: agent.session,
    headers: ifNoneMatch ? { "if-none-match": ifNoneMatch } : {},
  });

describe("the requester's address bouncing (SES notification)", () => {
  it("changes the ticket's ETag, so a polling or cached agent view shows the warning", async () => {
    const email = "vanished.requester@example.com";
    const { id } = await submitTicket(desk.app, { email });
    await desk.drain();
    const before = await get(id);
    expect(before.json.requesterUndeliverable).toBeNull();
    const tag = before.headers.get("etag")!;

    await handleSesFeedback(
      JSON.stringify({
        notificationType: "Bounce",
        bounce: {
          bounceType: "Permanent",
          bouncedRecipients: [{ emailAddress: email, diagnosticCode: "smtp; 550 5.1.1 user unknown" }],
        },
      }),
    );

    const after = await get(id, tag);
    expect(after.status).toBe(200);
    expect(after.json.requesterUndeliverable).toMatchObject({ reason: "bounce" });
  });
});

describe("a customer's own mail that reads like a bounce", () => {
  it("opens a public ticket the app does not call a delivery report", async () => {
    const email = "quoting.customer@example.com";
    await deliver(
      desk,
      await rawMail({
        from: `Quinn <${email}>`,
        subject: "Undeliverable mail to your billing address",
        text: "My message was not delivered to billing@example.org: the error said 550 5.1.1. Where do I send my invoice?",
      }),
    );
    const [ticket] = await ticketsOf(desk, agent.session, email);
    const entry = (await get(ticket!.id)).json.timeline.find(
      (e: { kind: string }) => e.kind === "customer_message",
    );
    // The server's heuristics mark it (pre-existing, and it only stops automatic answers)...
    expect(entry.mail.automatic).toContain("bounce");
    // ...but it is the customer's public first message, not held: not "a delivery report only agents see".
    expect(entry.held ?? null).toBeNull();
    expect(isDeliveryReport(entry)).toBe(false);
  });
});
