import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { config } from "../config.ts";
import { dynamo } from "../store/client.ts";
import { store } from "../store/index.ts";

/**
 * The id of ticket #n: GetItem of its `TNUM#<n>` item (0.5 RRU). A ticket stored before those items existed,
 * and not written since, is still in the number index (gsi1) as it was then: one Query there, keys only.
 */
export async function ticketIdOfNumber(number: number): Promise<string | null> {
  const { data } = await store().entities.ticketNumber.get({ number }).go();
  if (data) return data.ticketId;
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
