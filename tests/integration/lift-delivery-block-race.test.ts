import { beforeAll, describe, expect, it } from "vitest";
import { handleSesFeedback } from "../../core/mail/feedback.ts";
import { suppression } from "../../core/mail/suppression.ts";
import { dynamo } from "../../core/store/client.ts";
import { store } from "../../core/store/index.ts";
import {
  call,
  patchTicket,
  signedInAgent,
  startTestDesk,
  submitTicket,
  type TestDesk,
} from "../support/desk.ts";

/**
 * A lift (DELETE /api/tickets/{id}/requester-undeliverable) is one transaction: the block's deletion (conditioned
 * on the block read), the timeline line, the ticket (conditioned on its version, the If-Match one when given).
 * Whatever happens between the lift's read and its write, or to the write itself, nothing is half-written.
 */
let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  agent = await signedInAgent(desk.app, { name: "Rita Racer" });
});

const view = (id: string) => call(desk.app, "GET", `/api/tickets/${id}`, { as: agent.session });
const liftLines = async (id: string) =>
  (await view(id)).json.timeline.filter(
    (e: { what?: { code: string } }) => e.what?.code === "delivery_block_lifted",
  );

async function bouncedTicket(email: string) {
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
  return id;
}

/** The lift's write of the block (its deletion, whatever command carries it). */
const blockWrite = (command: string, input: string) =>
  /^(DeleteItem|TransactWriteItems)Command$/.test(command) && input.includes("SUPPRESS#");
/** The lift's write of its timeline line. */
const lineWrite = (command: string, input: string) =>
  command === "TransactWriteItemsCommand" && input.includes("delivery_block_lifted");

/**
 * Runs `lift` with `meanwhile` run once, just before the first write `matching` leaves; `meanwhile` may throw to
 * stand for a write that never happened (a crash, a lost connection).
 */
async function withBeforeWrite<T>(
  matching: (command: string, input: string) => boolean,
  meanwhile: () => Promise<void>,
  lift: () => Promise<T>,
) {
  let ran = false;
  const stack = dynamo().middlewareStack;
  stack.add(
    (next, context) => async (args) => {
      if (!ran && matching(String(context.commandName), JSON.stringify(args.input))) {
        ran = true;
        await meanwhile();
      }
      return next(args);
    },
    { step: "initialize", name: "liftRace", override: true },
  );
  try {
    const result = await lift();
    expect(ran).toBe(true);
    return result;
  } finally {
    stack.remove("liftRace");
  }
}

const lift = (id: string, headers: Record<string, string> = {}) =>
  call(desk.app, "DELETE", `/api/tickets/${id}/requester-undeliverable`, { as: agent.session, headers });

describe("a block that replaced the one read", () => {
  it("is not deleted: 404 no_block, the complaint stays, the ticket is not written", async () => {
    const email = "racing.reporter@example.com";
    const id = await bouncedTicket(email);
    const before = await view(id);

    // Just before this lift's write leaves: the bounce is lifted by someone else, then a complaint arrives.
    const lifted = await withBeforeWrite(
      blockWrite,
      async () => {
        await store().entities.suppression.delete({ email }).go();
        await handleSesFeedback(
          JSON.stringify({
            notificationType: "Complaint",
            complaint: { complainedRecipients: [{ emailAddress: email }], complaintFeedbackType: "abuse" },
          }),
        );
      },
      () => lift(id),
    );
    expect(lifted.status).toBe(404);
    expect(lifted.json.error.code).toBe("no_block");
    expect(await suppression(email)).toMatchObject({ reason: "complaint" });
    const after = await view(id);
    expect(after.json.requesterUndeliverable).toMatchObject({ reason: "complaint" });
    expect(after.json.version).toBe(before.json.version);
    expect(await liftLines(id)).toHaveLength(0);
  });
});

describe("a ticket changed between the lift's read and its write", () => {
  it("with If-Match: 412 stale_version, the block stays, no timeline line", async () => {
    const email = "stale.lifter@example.com";
    const id = await bouncedTicket(email);
    const etag = (await view(id)).headers.get("etag")!;

    const lifted = await withBeforeWrite(
      blockWrite,
      async () => {
        expect((await patchTicket(desk.app, agent.session, id, { priority: "high" })).status).toBe(200);
      },
      () => lift(id, { "if-match": etag }),
    );
    expect(lifted.status).toBe(412);
    expect(lifted.json.error.code).toBe("stale_version");
    expect(await suppression(email)).toMatchObject({ reason: "bounce" });
    expect(await liftLines(id)).toHaveLength(0);
  });
});

describe("a lift whose write fails", () => {
  it("leaves the block in place (not gone without a line saying who lifted it)", async () => {
    const email = "crashing.lifter@example.com";
    const id = await bouncedTicket(email);

    const lifted = await withBeforeWrite(
      lineWrite,
      async () => {
        // The timeline line's write is lost: with the block deleted by a write of its own, mail flowed again and
        // nobody knew who lifted it; one transaction writes both or neither.
        throw Object.assign(new Error("connection lost"), { name: "TimeoutError" });
      },
      () => lift(id),
    ).catch(() => null);
    // Whatever the answer, the block and the ticket agree: still blocked, nobody said to have lifted it.
    expect(lifted?.status ?? 500).toBeGreaterThanOrEqual(500);
    expect(await suppression(email)).toMatchObject({ reason: "bounce" });
    expect(await liftLines(id)).toHaveLength(0);
  });
});
