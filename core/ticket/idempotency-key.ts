import { createHash } from "node:crypto";
import { DeskError } from "../error.ts";
import { messageKey } from "../mail/outbound.ts";
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
  const digest = createHash("sha256").update(`${scope}\n${key}`).digest("hex");
  return {
    messageId: messageKey(`<${digest}@idempotency.desk>`),
    direction: "in",
    outcome: "filed",
    ticketId,
    entryId,
    createdAt: now.toISOString(),
  };
}
