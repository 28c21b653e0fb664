import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { config } from "../config.ts";
import { log } from "../log.ts";
import { getItems } from "../store/batch-retry.ts";
import { dynamo } from "../store/client.ts";
import { TICKET_FIELDS } from "../store/entities/ticket-fields.ts";

/**
 * A ticket's view stamp: a tiny counter item (`TSTAMP#<ticketId>` / `STAMP`, attribute `n`) moved by every writer
 * that changes what an agent sees of a ticket without moving its version — an automatic mail put on the timeline
 * (core/mail/outbound.ts `recordAutoMail`), a reply's delivery result (core/mail/deliver.ts). The ticket's ETag is
 * `"<version>.<n>"` (no stamp: n = 0), so a poll's "changed?" is answered from the ticket item and this item alone
 * (one BatchGetItem, 1 RRU), whatever the size of the timeline's entries, and an entry written with an id older
 * than the newest one (automatic mail ids are fixed when its sending starts) still changes the tag.
 *
 * Its own partition rather than the ticket's: the timeline Query of the ticket's partition never reads it.
 */
/** The ticket item's stored name of `version` (ticket fields are stored under short names). */
const VERSION = TICKET_FIELDS.version ?? "version";
const stampKey = (ticketId: string) => ({ pk: `TSTAMP#${ticketId}`, sk: "STAMP" });

/** Marks a change of the ticket's view that its version does not show (one UpdateItem ADD, 1 WRU). */
export async function bumpViewStamp(ticketId: string): Promise<void> {
  await dynamo().send(
    new UpdateCommand({
      TableName: config().tableName,
      Key: stampKey(ticketId),
      UpdateExpression: "ADD n :one",
      ExpressionAttributeValues: { ":one": 1 },
    }),
  );
}

/** The same, for writers whose own work is done: a stamp not moved is logged (cached copies see it on the next change). */
export async function bumpViewStampOrLog(ticketId: string): Promise<void> {
  await bumpViewStamp(ticketId).catch((error: unknown) =>
    log.error("view stamp not moved", { ticketId, error: String(error) }),
  );
}

/** The ETag of an agent's view of a ticket: its version and its view stamp. */
export const viewTag = (version: number, stamp = 0) => `"${version}.${stamp}"`;

/**
 * The tag of a ticket as stored now (undefined when there is no ticket): the ticket's version and its stamp, read
 * in one BatchGetItem, eventually consistent (0.5 RRU each: the ticket item is a few KB, the stamp a few bytes).
 */
export async function currentViewTag(ticketId: string): Promise<string | undefined> {
  const keys = [{ pk: `TICKET#${ticketId}`, sk: "TICKET" }, stampKey(ticketId)];
  const found = await getItems(keys, { expression: "pk, #version, n", names: { "#version": VERSION } });
  const ticket = found.get(keys[0]!.pk);
  if (!ticket) return undefined;
  return viewTag(Number(ticket[VERSION]), Number(found.get(keys[1]!.pk)?.n ?? 0));
}

/**
 * The stamp alone, read before a full view of the ticket to tag it: a stamp moved after this read tags the view
 * older than it is (the next poll fetches it again), never newer. (Reads are eventually consistent: an entry
 * written a moment before its stamp moved may still be missing from a timeline read just after; it shows on the
 * next change of the ticket.)
 */
export async function readViewStamp(ticketId: string): Promise<number> {
  const { Item } = await dynamo().send(
    new GetCommand({ TableName: config().tableName, Key: stampKey(ticketId) }),
  );
  return Number(Item?.n ?? 0);
}

/**
 * Whether an If-None-Match header matches a tag: `*`, or any tag of its list, compared weakly (RFC 9110 §13.1.2:
 * `W/"7.1"` matches `"7.1"`).
 */
export function noneMatch(header: string | undefined, tag: string): boolean {
  if (!header) return false;
  const opaque = (t: string) => t.trim().replace(/^W\//, "");
  const wanted = opaque(tag);
  return header.split(",").some((t) => t.trim() === "*" || opaque(t) === wanted);
}
