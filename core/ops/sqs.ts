import { SQSClient } from "@aws-sdk/client-sqs";

let client: SQSClient | undefined;

/**
 * One SQS client per process. Requests go to the configured endpoint (AWS's regional one, or the emulator's
 * through AWS_ENDPOINT_URL_SQS), never to the host a queue URL names.
 */
export function sqs(): SQSClient {
  client ??= new SQSClient({ useQueueUrlAsEndpoint: false });
  return client;
}

export function resetSqs(): void {
  client = undefined;
}
