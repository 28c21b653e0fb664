/** How often a batch call is sent before what DynamoDB keeps leaving unprocessed is an error. */
export const MAX_BATCH_ATTEMPTS = 8;

/** What DynamoDB still left unprocessed after every attempt: the caller's work is not (all) done. */
export class UnprocessedItemsError extends Error {
  override name = "UnprocessedItemsError";
  readonly code = "unprocessed_items";
  readonly operation: string;
  readonly left: number;
  constructor(operation: string, left: number) {
    super(
      `${operation}: DynamoDB left ${left} item(s) unprocessed after ${MAX_BATCH_ATTEMPTS} attempts (throttled?)`,
    );
    this.operation = operation;
    this.left = left;
  }
}

/**
 * Sends a batch (BatchWriteItem, BatchGetItem) until DynamoDB leaves nothing unprocessed: `send` takes what is
 * left and returns what it left in turn. Between attempts it waits 50 ms doubling up to 1 s (AWS asks for
 * exponential backoff, as unprocessed items mean throttling); after `MAX_BATCH_ATTEMPTS` it throws rather than
 * loop for as long as a table stays throttled.
 */
export async function untilProcessed<T>(
  operation: string,
  first: T[],
  send: (batch: T[]) => Promise<T[] | undefined>,
  wait = (ms: number) => new Promise((r) => setTimeout(r, ms)),
) {
  let left: T[] | undefined = first;
  for (let attempt = 0; left?.length; attempt++) {
    if (attempt >= MAX_BATCH_ATTEMPTS) throw new UnprocessedItemsError(operation, left.length);
    if (attempt) await wait(Math.min(1000, 50 * 2 ** (attempt - 1)));
    left = await send(left);
  }
}
