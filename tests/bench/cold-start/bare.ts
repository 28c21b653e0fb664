import { DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { Hono } from "hono";
import { handle } from "hono/aws-lambda";

/**
 * The reference of the cold-start benchmark: the least a useful Lambda does, a Hono app whose one route stores
 * the posted form with one DynamoDB PutItem. Bundled exactly like the desk's functions.
 */
const dynamo = new DynamoDBClient({});
const app = new Hono();

app.post("/api/tickets", async (c) => {
  const form = await c.req.parseBody();
  const id = crypto.randomUUID();
  await dynamo.send(
    new PutItemCommand({
      TableName: JSON.parse(process.env.SST_RESOURCE_Table!).name,
      Item: { pk: { S: `BARE#${id}` }, sk: { S: "BARE" }, subject: { S: String(form.subject ?? "") } },
    }),
  );
  return c.json({ id }, 201);
});

export const handler = handle(app);
