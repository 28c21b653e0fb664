import { DeskError } from "../error.ts";
import { store } from "../store/index.ts";
import {
  DuplicateMessageError,
  IdempotencyRaceError,
  surelyRefused,
  TransactionConflictError,
} from "./commit.ts";

/**
 * Whether a ticket write that threw may nevertheless be stored. A refusal (DynamoDB's answer that it wrote
 * nothing, or the desk's own checks before the write) says no. An error without DynamoDB's answer (a timeout,
 * a connection lost after the commit and through the SDK's retries) says nothing: `stored` looks (a consistent
 * read), and when even that fails the answer is yes. Files stored for the write are taken back only on a no:
 * an orphan costs a few bytes, while a file deleted under an entry that was stored breaks that entry and the
 * mail that carries it.
 */
export async function mayBeStored(error: unknown, stored: () => Promise<boolean>): Promise<boolean> {
  if (
    error instanceof DeskError ||
    error instanceof DuplicateMessageError ||
    error instanceof IdempotencyRaceError ||
    error instanceof TransactionConflictError ||
    surelyRefused(error)
  )
    return false;
  return stored().catch(() => true);
}

/** Whether a timeline entry is stored (one strongly consistent GetItem). */
export async function entryStored(ticketId: string, entryId: string): Promise<boolean> {
  const { data } = await store().entities.entry.get({ ticketId, entryId }).go({ consistent: true });
  return Boolean(data);
}
