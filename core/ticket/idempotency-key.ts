import { createHash } from "node:crypto";
import { DeskError } from "../error.ts";
import { messageKey } from "../mail/message-id.ts";
import { type EntryItem, store } from "../store/index.ts";
import type { MessageRefRecord } from "./commit.ts";

/**
 * The caller's Idempotency-Key header, checked: 8 to 200 letters, digits or `._:-`, or none. The same key sent
 * again (a double click, a retry after a lost answer) must change nothing the second time.
 */
export function readIdempotencyKey(header: string | undefined): string | undefined {
  const key = header?.trim() || undefined;
  if (key && !/^[\w.:-]{8,200}$/.test(key))
    throw new DeskError(
      "validation",
      "validation",
      "Idempotency-Key must be 8 to 200 letters, digits or ._:-",
      {
        fields: { "Idempotency-Key": "8 to 200 letters, digits or ._:-" },
      },
    );
  return key;
}

/**
 * A message reference standing for one keyed message on a ticket: written in the message's own transaction, so a
 * second write with the same key fails as a duplicate (DuplicateMessageError) and stores nothing.
 */
export function keyedMessageRef(
  scope: string,
  key: string,
  ticketId: string,
  entryId: string,
  now: Date,
): MessageRefRecord {
  return {
    messageId: refKey(scope, key),
    direction: "in",
    outcome: "filed",
    ticketId,
    entryId,
    createdAt: now.toISOString(),
  };
}

const refKey = (scope: string, key: string) =>
  messageKey(`<${createHash("sha256").update(`${scope}\n${key}`).digest("hex")}@idempotency.desk>`);

/** Whose keys an agent's reply or note key is among: the agent's own, on one ticket, for one kind of entry. */
export const agentEntryScope = (agentId: string, ticketId: string, kind: "replies" | "notes") =>
  `agent:${agentId}:${ticketId}:${kind}`;

/** The entry written earlier with this key, if any (a retry after a lost answer gets the first write's result). */
export async function keyedEntry(scope: string, key: string): Promise<EntryItem | undefined> {
  const { data: ref } = await store()
    .entities.messageRef.get({ messageId: refKey(scope, key) })
    .go({ consistent: true });
  if (!ref?.ticketId || !ref.entryId) return undefined;
  const { data } = await store()
    .entities.entry.get({ ticketId: ref.ticketId, entryId: ref.entryId })
    .go({ consistent: true });
  return data ?? undefined;
}

/**
 * Whether an entry written earlier under a key is the message sent again: the same text and the same files (names
 * as stored, sizes). The same key with another message is a client's mistake, answered 409 rather than dropped.
 */
export function assertSameMessage(
  earlier: EntryItem,
  body: string,
  files: { name: string; content: Buffer }[],
): void {
  const stored = (earlier.attachments ?? []).map((a) => `${a.name}\n${a.size}`);
  const sent = files.map((f) => `${f.name}\n${f.content.length}`);
  if (earlier.body !== body || stored.join("\n") !== sent.join("\n"))
    throw new DeskError(
      "conflict",
      "idempotency_key_reused",
      "This Idempotency-Key was used for another message: send a new key with a new message",
    );
}
