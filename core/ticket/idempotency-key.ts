import { createHash } from "node:crypto";
import { DeskError } from "../error.ts";
import { messageKey } from "../mail/message-id.ts";
import { type EntryItem, store } from "../store/index.ts";
import { fingerprintFiles, type UploadedFile } from "./attachments.ts";
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
  fingerprint?: string,
): MessageRefRecord {
  return {
    messageId: refKey(scope, key),
    fingerprint,
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

/**
 * What a keyed message says, as one digest: its text and settings (`parts`) and its files' names and bytes. Stored
 * with the key's reference, so the same key sent again with anything else (another status, another file of the
 * same name and size) is told apart from a retry.
 */
export const messageFingerprint = (parts: unknown[], files: UploadedFile[]): string =>
  createHash("sha256")
    .update(JSON.stringify([parts, fingerprintFiles(files) ?? null]))
    .digest("hex");

/** The entry written earlier with this key, with its fingerprint, if any. */
export async function keyedEntry(
  scope: string,
  key: string,
): Promise<{ entry: EntryItem; fingerprint?: string } | undefined> {
  const { data: ref } = await store()
    .entities.messageRef.get({ messageId: refKey(scope, key) })
    .go({ consistent: true });
  if (!ref?.ticketId || !ref.entryId) return undefined;
  const { data } = await store()
    .entities.entry.get({ ticketId: ref.ticketId, entryId: ref.entryId })
    .go({ consistent: true });
  return data ? { entry: data, fingerprint: ref.fingerprint } : undefined;
}

/**
 * Whether an entry written earlier under a key is the message sent again. The same key with another message is a
 * client's mistake, answered 409 rather than dropped. References written before fingerprints were kept compare
 * the text and the files' names and sizes.
 */
export function assertSameMessage(
  earlier: { entry: EntryItem; fingerprint?: string },
  sent: { fingerprint: string; body: string; files: { name: string; content: Buffer }[] },
): void {
  const same = earlier.fingerprint
    ? earlier.fingerprint === sent.fingerprint
    : earlier.entry.body === sent.body &&
      (earlier.entry.attachments ?? []).map((a) => `${a.name}\n${a.size}`).join("\n") ===
        sent.files.map((f) => `${f.name}\n${f.content.length}`).join("\n");
  if (!same)
    throw new DeskError(
      "conflict",
      "idempotency_key_reused",
      "This Idempotency-Key was used for another message: send a new key with a new message",
    );
}
