import { GetQueueUrlCommand, SQSClient } from "@aws-sdk/client-sqs";

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

const urls = new Map<string, string>();

/** A queue's URL from its ARN (`arn:aws:sqs:<region>:<account>:<name>`), looked up once per process. */
export async function queueUrlOf(arn: string): Promise<string> {
  const known = urls.get(arn);
  if (known) return known;
  const [, , , , account, name] = arn.split(":");
  const { QueueUrl } = await sqs().send(
    new GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: account }),
  );
  if (!QueueUrl) throw new Error(`no queue for ${arn}`);
  urls.set(arn, QueueUrl);
  return QueueUrl;
}
