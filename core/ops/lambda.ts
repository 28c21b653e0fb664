import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";

let client: LambdaClient | undefined;

/** One Lambda client per process (the endpoint comes from AWS_ENDPOINT_URL_LAMBDA locally). */
export function lambda(): LambdaClient {
  client ??= new LambdaClient({});
  return client;
}

export function resetLambda(): void {
  client = undefined;
}

/**
 * Invokes a worker asynchronously with `payload` (InvocationType Event): Lambda queues it and runs it with its
 * own retries and on-failure destination, exactly as a push from SNS or S3 would. Throws unless Lambda accepted it.
 */
export async function invokeAsync(functionName: string, payload: unknown): Promise<void> {
  const { StatusCode } = await lambda().send(
    new InvokeCommand({
      FunctionName: functionName,
      InvocationType: "Event",
      Payload: new TextEncoder().encode(JSON.stringify(payload)),
    }),
  );
  if (StatusCode !== 202)
    throw new Error(`Lambda did not accept the invocation of ${functionName}: ${StatusCode}`);
}
