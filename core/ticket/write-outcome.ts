import { DeskError, someCause } from "../error.ts";
import {
  DuplicateMessageError,
  IdempotencyRaceError,
  surelyRefused,
  TransactionConflictError,
} from "./commit.ts";

/**
 * Whether a ticket write that threw may nevertheless be stored. A refusal (DynamoDB's answer that it wrote
 * nothing: a cancelled transaction, a failed condition, throttling; or the desk's own checks) says no. Any other
 * error (a timeout, a connection lost after the commit, `TransactionInProgressException` once the SDK's retries
 * are spent) says maybe, and no read can settle it: a transaction still in flight may commit after the read found nothing. Files stored for the
 * write are taken back only on a no: an orphan costs a few bytes, while a file deleted under an entry that was
 * stored breaks that entry and the mail that carries it.
 */
export function mayBeStored(error: unknown): boolean {
  return !(
    error instanceof DeskError ||
    error instanceof DuplicateMessageError ||
    error instanceof IdempotencyRaceError ||
    error instanceof TransactionConflictError ||
    surelyRefused(error) ||
    someCause(error, ({ name }) => THROTTLED.test(String(name)))
  );
}

/** DynamoDB turned the request away before doing anything (its SDK retries spent), as the API's 503 assumes. */
const THROTTLED = /^(ProvisionedThroughputExceededException|ThrottlingException|RequestLimitExceeded)$/;
