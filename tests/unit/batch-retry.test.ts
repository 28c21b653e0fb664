import { BatchGetCommand, BatchWriteCommand, DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { batchWrite } from "../../core/report/counters.ts";
import { MAX_BATCH_ATTEMPTS, UnprocessedItemsError } from "../../core/store/batch-retry.ts";
import { resetDynamo } from "../../core/store/client.ts";
import { readCounts } from "../../core/ticket/counts.ts";

const TABLE = "unit-table";
const dynamo = mockClient(DynamoDBDocumentClient);

beforeAll(() => {
  process.env.SST_RESOURCE_Table = JSON.stringify({ name: TABLE });
  process.env.SST_RESOURCE_DeskSecret = JSON.stringify({ value: "unit-secret-0123456789" });
  process.env.AWS_REGION ??= "us-east-1";
  resetDynamo();
});
afterEach(() => {
  dynamo.reset();
  vi.useRealTimers();
});

/** Runs `work` with fake timers, moving them on until it settles (the backoff waits up to 1 s a try). */
async function settle<T>(work: Promise<T>) {
  const outcome = work.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  for (let i = 0; i < 20; i++) await vi.advanceTimersByTimeAsync(1000);
  return outcome;
}

const put = (n: number) => ({ PutRequest: { Item: { pk: `STAT#2026-06`, sk: `team#2026-06-01#t${n}` } } });

describe("batch writes and reads that DynamoDB leaves unprocessed", () => {
  it("are sent again what was left, with a growing wait, until nothing is left", async () => {
    vi.useFakeTimers();
    const requests = [put(1), put(2), put(3)];
    dynamo
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { [TABLE]: requests.slice(1) } })
      .resolvesOnce({ UnprocessedItems: { [TABLE]: requests.slice(2) } })
      .resolves({ UnprocessedItems: {} });
    expect(await settle(batchWrite(requests))).toEqual({ value: undefined });
    const sent = dynamo.commandCalls(BatchWriteCommand).map((c) => c.args[0].input.RequestItems![TABLE]);
    expect(sent).toEqual([requests, requests.slice(1), requests.slice(2)]);
  });

  it("stop after 8 attempts with a clear error when a write stays unprocessed", async () => {
    vi.useFakeTimers();
    dynamo.on(BatchWriteCommand).callsFake((input) => ({ UnprocessedItems: input.RequestItems }));
    const { error } = (await settle(batchWrite([put(1), put(2)]))) as { error: UnprocessedItemsError };
    expect(error).toBeInstanceOf(UnprocessedItemsError);
    expect(error.code).toBe("unprocessed_items");
    expect(error.message).toMatch(/BatchWriteItem: DynamoDB left 2 item\(s\) unprocessed after 8 attempts/);
    expect(dynamo.commandCalls(BatchWriteCommand)).toHaveLength(MAX_BATCH_ATTEMPTS);
  });

  it("stop reading queue counts after 8 attempts with a clear error, and read what comes back late", async () => {
    vi.useFakeTimers();
    dynamo.on(BatchGetCommand).callsFake((input) => ({
      Responses: { [TABLE]: [] },
      UnprocessedKeys: input.RequestItems,
    }));
    const { error } = (await settle(readCounts(["queue:agent:A1"]))) as { error: Error };
    expect(error).toBeInstanceOf(UnprocessedItemsError);
    expect(error.message).toMatch(/^BatchGetItem: DynamoDB left 1 item/);
    expect(dynamo.commandCalls(BatchGetCommand)).toHaveLength(MAX_BATCH_ATTEMPTS);

    dynamo.reset();
    const key = { pk: "QCOUNT#queue:agent:A1", sk: "COUNT" };
    dynamo
      .on(BatchGetCommand)
      .resolvesOnce({ Responses: { [TABLE]: [] }, UnprocessedKeys: { [TABLE]: { Keys: [key] } } })
      .resolves({ Responses: { [TABLE]: [{ ...key, count: 3 }] } });
    expect(await settle(readCounts(["queue:agent:A1"]))).toEqual({ value: { "queue:agent:A1": 3 } });
  });
});
