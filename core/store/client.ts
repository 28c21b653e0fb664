import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { meterDynamo } from "./meter.ts";

let documentClient: DynamoDBDocumentClient | undefined;

/** One DynamoDB client per process (kept warm across Lambda invocations). */
export function dynamo(): DynamoDBDocumentClient {
  if (documentClient) return documentClient;
  const client = new DynamoDBClient({});
  meterDynamo(client);
  documentClient = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return documentClient;
}

export function resetDynamo(): void {
  documentClient = undefined;
}
