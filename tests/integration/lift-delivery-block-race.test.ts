import { beforeAll, describe, expect, it } from "vitest";
import { handleSesFeedback } from "../../core/mail/feedback.ts";
import { suppression } from "../../core/mail/suppression.ts";
import { dynamo } from "../../core/store/client.ts";
import { store } from "../../core/store/index.ts";
import { call, signedInAgent, startTestDesk, submitTicket, type TestDesk } from "../support/desk.ts";

/**
 * An agent lifts a bounce's block while, between their read and their delete, another agent lifts it and the
 * customer reports the desk's mail as spam: the complaint is a new block, the admins' call, and stays.
 */
let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  agent = await signedInAgent(desk.app, { name: "Rita Racer" });
});

describe("a block that replaced the one read", () => {
  it("is not deleted: 404 no_block, the complaint stays, no timeline line", async () => {
    const email = "racing.reporter@example.com";
    const { id } = await submitTicket(desk.app, { email });
    await desk.drain();
    await handleSesFeedback(
      JSON.stringify({
        notificationType: "Bounce",
        bounce: {
          bounceType: "Permanent",
          bouncedRecipients: [{ emailAddress: email, diagnosticCode: "smtp; 550 5.1.1 no such user" }],
        },
      }),
    );
    expect(await suppression(email)).toMatchObject({ reason: "bounce" });

    // Just before this lift's delete leaves: the bounce is lifted by someone else, then a complaint arrives.
    let raced = false;
    const stack = dynamo().middlewareStack;
    stack.add(
      (next, context) => async (args) => {
        if (
          !raced &&
          context.commandName === "DeleteItemCommand" &&
          JSON.stringify(args.input).includes("SUPPRESS#")
        ) {
          raced = true;
          await store().entities.suppression.delete({ email }).go();
          await handleSesFeedback(
            JSON.stringify({
              notificationType: "Complaint",
              complaint: { complainedRecipients: [{ emailAddress: email }], complaintFeedbackType: "abuse" },
            }),
          );
        }
        return next(args);
      },
      { step: "initialize", name: "liftRace", override: true },
    );
    try {
      const lifted = await call(desk.app, "DELETE", `/api/tickets/${id}/requester-undeliverable`, {
        as: agent.session,
      });
      expect(raced).toBe(true);
      expect(lifted.status).toBe(404);
      expect(lifted.json.error.code).toBe("no_block");
    } finally {
      stack.remove("liftRace");
    }
    expect(await suppression(email)).toMatchObject({ reason: "complaint" });
    const view = await call(desk.app, "GET", `/api/tickets/${id}`, { as: agent.session });
    expect(view.json.requesterUndeliverable).toMatchObject({ reason: "complaint" });
    expect(
      view.json.timeline.filter((e: { what?: { code: string } }) => e.what?.code === "delivery_block_lifted"),
    ).toHaveLength(0);
  });
});
