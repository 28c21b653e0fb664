import { type Message, SendMessageCommand } from "@aws-sdk/client-sqs";
import { Resource } from "sst";
import * as z from "zod";
import { log } from "../log.ts";
import { escapeUnit, sqs, sqsText } from "../ops/sqs.ts";
import { store } from "../store/index.ts";
import { DeskEvent } from "./schema.ts";

/** The name outbox items no code could read go by in DeadLetters (Admin → Dead letters, `npm run redrive`). */
export const OUTBOX_WORKER = "outbox";

/** An outbox item as stored, and as its dead letter carries it (the event text exactly as it was found). */
const OutboxLetter = z.object({
  shard: z.number().int(),
  eventId: z.string().min(1),
  createdAt: z.string().min(1),
  event: z.string(),
});
type OutboxLetter = z.infer<typeof OutboxLetter>;

/** The events an outbox item holds (one event, or a change's list of them); throws when any is unreadable. */
export const outboxEventsOf = (stored: string): DeskEvent[] =>
  [JSON.parse(stored) as unknown].flat().map((event) => DeskEvent.parse(event));

/**
 * Moves an outbox item whose events no code can read (a corrupt write, an event of a newer version) to DeadLetters,
 * named `outbox` and with the reason, where admins see it and the alarm counts it; then deletes the item. The
 * item is deleted only once SQS accepted the letter: a failure throws with the item still in the outbox, for the
 * next pass. A lost delete answer leaves the item for the next pass to send again (two letters, one item: a redrive
 * restores the same key twice, which is one item).
 */
export async function deadLetterOutboxItem(item: OutboxLetter, error: unknown): Promise<void> {
  const reason = reasonOf(item.event, error);
  const letter: OutboxLetter = {
    shard: item.shard,
    eventId: item.eventId,
    createdAt: item.createdAt,
    event: item.event,
  };
  await sqs().send(
    new SendMessageCommand({
      QueueUrl: Resource.DeadLetters.deadLetterUrl,
      // Surrogates as JSON escapes: the body stays the same JSON, and fauxqs (unlike SQS) refuses them raw.
      MessageBody: JSON.stringify(letter).replace(/[\uD800-\uDFFF]/g, escapeUnit),
      MessageAttributes: {
        worker: { DataType: "String", StringValue: OUTBOX_WORKER },
        error: { DataType: "String", StringValue: sqsText(`Unreadable event: ${reason}`, 1000) },
      },
    }),
  );
  await store()
    .entities.outbox.delete({ shard: item.shard, createdAt: item.createdAt, eventId: item.eventId })
    .go();
  log.error("unreadable outbox item dead-lettered", { eventId: item.eventId, reason });
}

/** Why an item is unreadable, in a line an admin can act on: the event type found, and what is wrong with it. */
function reasonOf(stored: string, error: unknown): string {
  if (!(error instanceof z.ZodError)) return String(error);
  const types = [JSON.parse(stored) as unknown]
    .flat()
    .map((e) => (e && typeof e === "object" && "type" in e ? String(e.type) : "(no type)"));
  const issues = error.issues.map((issue) =>
    // Zod's own words for an unknown type list every known one: too long to see what is wrong.
    issue.code === "invalid_union" && issue.path.at(-1) === "type"
      ? `${issue.path.join(".")}: not an event type this version knows`
      : `${issue.path.join(".") || "event"}: ${issue.message}`,
  );
  return `${[...new Set(types)].join(", ")}: ${issues.join("; ")}`;
}

/** Whether a dead letter is an outbox item (rather than a failed invocation or an undelivered notification). */
export const isOutboxLetter = (message: Message) =>
  message.MessageAttributes?.worker?.StringValue === OUTBOX_WORKER;

/**
 * A redrive of an outbox letter: when today's code reads its events (the desk was upgraded since), the item goes
 * back into the outbox under its own key, and the sweep publishes it (within SHARDS runs, as any item left
 * behind); true then, and the caller deletes the letter. Still unreadable: false, and the letter stays where it
 * is (handing it back would only bring it back here).
 */
export async function restoreOutboxLetter(body: string | undefined): Promise<boolean> {
  let letter: OutboxLetter;
  try {
    letter = OutboxLetter.parse(JSON.parse(body ?? ""));
    outboxEventsOf(letter.event);
  } catch {
    return false;
  }
  await store().entities.outbox.put(letter).go();
  return true;
}
