import { beforeAll, describe, expect, it } from "vitest";
import { handleSesFeedback } from "../../core/mail/feedback.ts";
import { call, signedInAgent, startTestDesk, submitTicket, type TestDesk } from "../support/desk.ts";
import { acksTo } from "../support/mail.ts";

/**
 * Lifting a delivery block (DELETE /api/tickets/{id}/requester-undeliverable): a customer whose mailbox bounced
 * once gets automatic mail again, the ticket's timeline says who lifted what, and a spam report is the admins' call.
 */
let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
let admin: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  agent = await signedInAgent(desk.app, { name: "Lina Lifter" });
  admin = await signedInAgent(desk.app, { name: "Ada Admin", role: "admin" });
});

const view = (id: string) => call(desk.app, "GET", `/api/tickets/${id}`, { as: agent.session });
const lift = (id: string, as = agent.session) =>
  call(desk.app, "DELETE", `/api/tickets/${id}/requester-undeliverable`, { as });

async function bounced(email: string) {
  await handleSesFeedback(
    JSON.stringify({
      notificationType: "Bounce",
      bounce: {
        bounceType: "Permanent",
        bouncedRecipients: [{ emailAddress: email, diagnosticCode: "smtp; 552 5.2.2 mailbox full" }],
      },
    }),
  );
}

describe("lifting a bounce's block", () => {
  it("lets automatic mail go again, writes one timeline line, and a retry answers 404 no_block", async () => {
    const email = "full.mailbox@example.com";
    const first = await submitTicket(desk.app, { email });
    await desk.drain();
    expect(await acksTo(desk, email)).toHaveLength(1);
    await bounced(email);
    await submitTicket(desk.app, { email });
    await desk.drain();
    expect(await acksTo(desk, email)).toHaveLength(1); // blocked

    const before = await view(first.id);
    expect(before.json.requesterUndeliverable).toMatchObject({ reason: "bounce" });
    const lifted = await lift(first.id);
    expect(lifted.status).toBe(200);
    expect(lifted.headers.get("etag")).not.toBe(before.headers.get("etag"));

    const after = await view(first.id);
    expect(after.json.requesterUndeliverable).toBeNull();
    const lines = after.json.timeline.filter(
      (e: { what?: { code: string } }) => e.what?.code === "delivery_block_lifted",
    );
    expect(lines).toHaveLength(1);
    expect(lines[0].what.params).toMatchObject({ agent: agent.agent.agentId, to: email, block: "bounce" });
    expect(lines[0].what.params.detail).toContain("mailbox full");
    expect(lines[0].body).toContain(`Lina Lifter lifted the delivery block on ${email}`);

    await submitTicket(desk.app, { email });
    await desk.drain();
    expect(await acksTo(desk, email)).toHaveLength(2); // mailed again

    const retry = await lift(first.id);
    expect(retry.status).toBe(404);
    expect(retry.json.error.code).toBe("no_block");
    const unchanged = await view(first.id);
    expect(unchanged.headers.get("etag")).toBe(after.headers.get("etag"));
  });
});

describe("lifting a complaint's block", () => {
  it("is refused to an agent (403 complaint_admin_only) and done by an admin", async () => {
    const email = "spam.reporter@example.com";
    const { id } = await submitTicket(desk.app, { email });
    await desk.drain();
    await handleSesFeedback(
      JSON.stringify({
        notificationType: "Complaint",
        complaint: { complainedRecipients: [{ emailAddress: email }], complaintFeedbackType: "abuse" },
      }),
    );
    const refused = await lift(id);
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe("complaint_admin_only");
    // SES's word for the complaint is kept apart from the detail, for the app to say in words.
    expect((await view(id)).json.requesterUndeliverable).toMatchObject({
      reason: "complaint",
      kind: "abuse",
    });

    expect((await lift(id, admin.session)).status).toBe(200);
    expect((await view(id)).json.requesterUndeliverable).toBeNull();
  });
});
