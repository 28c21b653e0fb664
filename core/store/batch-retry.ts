import { BatchGetCommand } from "@aws-sdk/lib-dynamodb";
import { config } from "../config.ts";
import { dynamo } from "./client.ts";

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

type Key = { pk: string; sk: string };

/**
 * Items by key, by their `pk` (the keys' partitions must differ): 100 keys a BatchGetItem (eventually consistent),
 * retrying what DynamoDB leaves unprocessed (≤ 8 tries). `projection` names the attributes to return, if not all.
 */
export async function getItems(
  keys: Key[],
  projection?: { expression: string; names?: Record<string, string> },
) {
  const table = config().tableName;
  const found = new Map<string, Record<string, unknown>>();
  for (let i = 0; i < keys.length; i += 100)
    await untilProcessed("BatchGetItem", keys.slice(i, i + 100), async (batch) => {
      const page = await dynamo().send(
        new BatchGetCommand({
          RequestItems: {
            [table]: {
              Keys: batch,
              ...(projection && {
                ProjectionExpression: projection.expression,
                ExpressionAttributeNames: projection.names,
              }),
            },
          },
        }),
      );
      for (const item of page.Responses?.[table] ?? []) found.set(String(item.pk), item);
      return page.UnprocessedKeys?.[table]?.Keys as Key[] | undefined;
    });
  return found;
}
