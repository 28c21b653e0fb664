import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { config } from "../config.ts";
import { dynamo } from "../store/client.ts";
import { store } from "../store/index.ts";

/**
 * The id of ticket #n: GetItem of its `TNUM#<n>` item (0.5 RRU). A ticket stored before those items existed,
 * and not written since, is still in the number index (gsi1) as it was then: one Query there, keys only.
 * Found in neither, the number item is read again strongly consistent: an old ticket's first write stores its
 * number item and leaves gsi1 in one transaction, and the index follows only after it committed — so a lookup
 * in that instant misses the item (an eventually consistent read) and the index (already updated), but not a
 * consistent read. Only a number that names no ticket pays that third read.
 */
export async function ticketIdOfNumber(number: number): Promise<string | null> {
  const { data } = await store().entities.ticketNumber.get({ number }).go();
  if (data) return data.ticketId;
  const indexed = await fromNumberIndex(number);
  if (indexed) return indexed;
  const { data: consistent } = await store().entities.ticketNumber.get({ number }).go({ consistent: true });
  return consistent?.ticketId ?? null;
}

/** Ticket #n as stored before number items (gsi1), keys only. */
async function fromNumberIndex(number: number): Promise<string | null> {
  const { Items } = await dynamo().send(
    new QueryCommand({
      TableName: config().tableName,
      IndexName: "gsi1",
      KeyConditionExpression: "gsi1pk = :pk AND gsi1sk = :sk",
      ExpressionAttributeValues: { ":pk": `TNUM#${number}`, ":sk": "TICKET" },
      ProjectionExpression: "ticketId",
      Limit: 1,
    }),
  );
  return (Items?.[0]?.ticketId as string | undefined) ?? null;
}
