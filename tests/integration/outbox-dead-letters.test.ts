import { ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { z } from "zod";
import { writeSetting } from "../../core/desk/settings.ts";
import { OUTBOX_PENDING, outboxRecord } from "../../core/events/publish.ts";
import { republishStep } from "../../core/events/republish.ts";
import { newId } from "../../core/ids.ts";
import { sqs } from "../../core/ops/sqs.ts";
import { store } from "../../core/store/index.ts";
import { SHARDS } from "../../core/store/table.ts";
import { localSqs } from "../../infra/local/queues.ts";
import { call, signedInAgent, startTestDesk, type TestDesk } from "../support/desk.ts";

/**
 * Outbox items whose events no code can read (a corrupt write, an event of another version): the sweep's outbox
 * step moves them to DeadLetters under "outbox" with the reason, where admins see and count them, and deletes
 * them from the outbox only once SQS took the letter. A redrive puts back what today's code reads, and leaves
 * the rest where it is.
 */
let desk: TestDesk;
let admin: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  admin = await signedInAgent(desk.app, { role: "admin" });
});

const twoMinutesAgo = () => new Date(Date.now() - 120_000);
const setting = async (name: string) =>
  (await store().entities.setting.get({ name }).go({ consistent: true })).data;
const outboxIds = async () =>
  (
    await Promise.all(
      [...Array(SHARDS).keys()].map((shard) => store().entities.outbox.query.byShard({ shard }).go()),
    )
  ).flatMap((page) => page.data.map((item) => item.eventId));

/** An outbox item holding `event` as stored text, as a change two minutes ago would have left it. */
async function storedItem(event: (id: string, at: string) => string) {
  const at = twoMinutesAgo();
  const id = newId(at);
  const record = outboxRecord({
    type: "ticket.customer_reminder",
    id,
    occurredAt: at.toISOString(),
    ticketId: "no-such-ticket",
  });
  const item = { ...record, event: event(id, record.createdAt) };
  await store().entities.outbox.put(item).go();
  return item;
}
const corrupt = () => storedItem(() => '{"type":"ticket.customer_rem');
/** Valid JSON, but an event type this version does not know (written by a newer one, say). */
const fromAnotherVersion = () =>
  storedItem((id, at) =>
    JSON.stringify({ type: "ticket.teleported", id, occurredAt: at, ticketId: "no-such-ticket" }),
  );

/**
 * The sweep's outbox step with the marker a failed publish leaves (every shard read), a minute on: past any
 * writer's time from marker to item, so a pass that leaves nothing retryable clears it.
 */
async function sweepOutbox() {
  await writeSetting(OUTBOX_PENDING, z.object({}), {});
  const marker = await setting(OUTBOX_PENDING);
  return republishStep(new Date(Date.now() + 60_000), Promise.resolve({ marker: marker! }));
}

const deadLetterRows = async () =>
  (await call(desk.app, "GET", "/api/admin/dead-letters", { as: admin.session })).json as {
    total: number;
    queues: { name: string; count: number; reason: string | null }[];
  };
const outboxRow = async () => (await deadLetterRows()).queues.find((q) => q.name === "outbox")?.count ?? 0;

/** The outbox letters waiting, peeked without hiding them: which item each carries, and the reason. */
async function outboxLetters() {
  const { Messages = [] } = await localSqs().send(
    new ReceiveMessageCommand({
      QueueUrl: desk.deadLetterUrl,
      MaxNumberOfMessages: 10,
      VisibilityTimeout: 0,
      MessageAttributeNames: ["All"],
    }),
  );
  return Messages.filter((m) => m.MessageAttributes?.worker?.StringValue === "outbox").map((m) => ({
    eventId: JSON.parse(m.Body!).eventId as string,
    body: JSON.parse(m.Body!) as { event: string },
    error: m.MessageAttributes?.error?.StringValue ?? "",
  }));
}

/** Makes the desk's SQS client refuse to send messages (SQS away) until the test ends. */
function failSqsSends() {
  const name = `sqsFault-${Math.random().toString(36).slice(2)}`;
  sqs().middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === "SendMessageCommand") throw new Error("SQS is unavailable");
      return next(args);
    },
    { step: "initialize", name },
  );
  const heal = () => {
    sqs().middlewareStack.remove(name);
  };
  onTestFinished(heal);
  return heal;
}

describe("an outbox item no code can read", () => {
  it("is moved to DeadLetters under 'outbox' with its reason, and leaves the outbox; the marker clears", async () => {
    const bad = await corrupt();
    const alien = await fromAnotherVersion();

    const swept = await sweepOutbox();

    expect(swept).toMatchObject({ failed: 0, deadLettered: 2 });
    const left = await outboxIds();
    expect(left).not.toContain(bad.eventId);
    expect(left).not.toContain(alien.eventId);
    // Admins see them, counted under their own name (the alarm watches the same queue), with a reason.
    expect(await outboxRow()).toBe(2);
    const row = (await deadLetterRows()).queues.find((q) => q.name === "outbox")!;
    expect(row.reason).toMatch(/^Unreadable event: /);
    const letters = await outboxLetters();
    const byId = new Map(letters.map((l) => [l.eventId, l]));
    expect(byId.get(bad.eventId)!.error).toMatch(/^Unreadable event: SyntaxError/);
    expect(byId.get(alien.eventId)!.error).toBe(
      "Unreadable event: ticket.teleported: type: not an event type this version knows",
    );
    // The letter carries the item as it was found: nothing of it is lost.
    expect(byId.get(bad.eventId)!.body.event).toBe(bad.event);
    expect(await setting(OUTBOX_PENDING)).toBeNull();

    // A redrive cannot make today's code read them: they stay in DeadLetters, and the outbox stays clear.
    const redrive = await call(desk.app, "POST", "/api/admin/dead-letters/redrive", {
      as: admin.session,
      body: { queue: "outbox" },
    });
    expect(redrive.status).toBe(200);
    expect(redrive.json.results).toEqual([{ name: "outbox", how: "empty", moved: 0 }]);
    expect(await outboxRow()).toBe(2);
    expect(await outboxIds()).not.toContain(bad.eventId);
  });

  it("is moved whatever characters its text holds: control characters, characters past U+FFFF", async () => {
    // A corrupt write can hold anything: a control character (which JSON.parse's error quotes as it is) and an
    // emoji. SQS takes only #x9, #xA, #xD, #x20-#xD7FF, #xE000-#xFFFD and #x10000-#x10FFFF in a body or an
    // attribute (fauxqs refuses past U+FFFF in a body too): the letter must still go, reason and all.
    const control = await storedItem(() => '{"type":\u0001"ticket.customer_reminder"}');
    const emoji = await storedItem(() => '{"type":"ticket.customer_reminder","note":"🎉 party');

    expect(await sweepOutbox()).toMatchObject({ failed: 0, deadLettered: 2 });

    expect(await outboxIds()).not.toContain(control.eventId);
    expect(await outboxIds()).not.toContain(emoji.eventId);
    const byId = new Map((await outboxLetters()).map((l) => [l.eventId, l]));
    // The item as it was found, to the character.
    expect(byId.get(control.eventId)!.body.event).toBe(control.event);
    expect(byId.get(emoji.eventId)!.body.event).toBe(emoji.event);
    const sqsText = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;
    for (const item of [control, emoji]) {
      const { error } = byId.get(item.eventId)!;
      expect(error).toMatch(/^Unreadable event: SyntaxError/);
      expect(error).toMatch(sqsText);
    }
  });

  it("stays in the outbox when DeadLetters refuses it, and moves at the next pass once SQS takes it", async () => {
    const before = await outboxRow();
    const bad = await corrupt();
    const heal = failSqsSends();

    const swept = await sweepOutbox();

    expect(swept).toMatchObject({ failed: 1, deadLettered: 0 });
    expect(await outboxIds()).toContain(bad.eventId);
    expect(await outboxRow()).toBe(before);
    // SQS cannot help being down by every run reading every shard: the rotation brings the item round again.
    expect(await setting(OUTBOX_PENDING)).toBeNull();

    heal();
    expect(await sweepOutbox()).toMatchObject({ failed: 0, deadLettered: 1 });
    expect(await outboxIds()).not.toContain(bad.eventId);
    expect(await outboxRow()).toBe(before + 1);
  });

  it("goes back into the outbox on a redrive once the code reads it, and is published from there", async () => {
    // An item dead-lettered by a version that could not read it, redriven after the desk was upgraded: here, a
    // letter carrying an event today's code reads.
    const at = twoMinutesAgo();
    const readable = outboxRecord({
      type: "ticket.customer_reminder",
      id: newId(at),
      occurredAt: at.toISOString(),
      ticketId: "no-such-ticket",
    });
    const { deadLetterOutboxItem } = await import("../../core/events/unreadable-outbox.ts");
    await store().entities.outbox.put(readable).go();
    await deadLetterOutboxItem(readable, new Error("unknown type (before the upgrade)"));
    expect(await outboxIds()).not.toContain(readable.eventId);
    const before = await outboxRow();

    const redrive = await call(desk.app, "POST", "/api/admin/dead-letters/redrive", {
      as: admin.session,
      body: {},
    });

    expect(redrive.status).toBe(200);
    expect(redrive.json.results).toContainEqual({ name: "outbox", how: "invoked", moved: 1 });
    expect(await outboxRow()).toBe(before - 1);
    expect(await outboxIds()).toContain(readable.eventId);
    // The sweep publishes it like any item left behind, and deletes it.
    expect(await sweepOutbox()).toMatchObject({ published: 1, failed: 0 });
    expect(await outboxIds()).not.toContain(readable.eventId);
  });
});
