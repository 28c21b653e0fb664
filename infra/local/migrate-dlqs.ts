import {
  DeleteMessageCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { log } from "../../core/log.ts";
import { failureRecord } from "../../core/ops/failure-record.ts";

interface MigratedWorker {
  name: string;
  url: string;
  functionArn: string;
}

/**
 * A desk persisted before the workers were pushed had a `<prefix>-<Worker>-dlq` queue per worker and a
 * RedrivePolicy on `<prefix>-<Worker>`, which is now the worker's invocation queue. CreateQueue keeps that
 * policy (it merges attributes) and the emulator enforces it, so a message received 8 times would move to a
 * queue nothing reads. Here: the policy is removed (an empty RedrivePolicy clears it), then whatever waits in
 * the old queue goes to DeadLetters as a failure record naming its worker (redrive hands it back), and the old
 * queue is deleted. Nothing to do on a desk created since.
 */
export async function migrateWorkerDlqs(
  sqs: SQSClient,
  prefix: string,
  workers: MigratedWorker[],
  deadLetterUrl: string,
  payloadOf: (body: string) => unknown,
): Promise<number> {
  let moved = 0;
  for (const worker of workers) {
    const { Attributes = {} } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: worker.url, AttributeNames: ["RedrivePolicy"] }),
    );
    if (Attributes.RedrivePolicy) {
      await sqs.send(
        new SetQueueAttributesCommand({ QueueUrl: worker.url, Attributes: { RedrivePolicy: "" } }),
      );
    }
    const oldUrl = await queueUrlIfAny(sqs, `${prefix}-${worker.name}-dlq`);
    if (!oldUrl) continue;
    for (;;) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: oldUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 60 }),
      );
      if (Messages.length === 0) break;
      for (const message of Messages) {
        const record = failureRecord(worker.functionArn, payloadOf(message.Body ?? ""), "migrated", 0);
        await sqs.send(
          new SendMessageCommand({
            QueueUrl: deadLetterUrl,
            MessageBody: JSON.stringify(record),
            MessageAttributes: {
              worker: { DataType: "String", StringValue: worker.name },
              error: { DataType: "String", StringValue: `migrated from ${prefix}-${worker.name}-dlq` },
            },
          }),
        );
        await sqs.send(new DeleteMessageCommand({ QueueUrl: oldUrl, ReceiptHandle: message.ReceiptHandle }));
        moved++;
      }
    }
    await sqs.send(new DeleteQueueCommand({ QueueUrl: oldUrl }));
  }
  if (moved) log.warn("old dead letters moved to DeadLetters", { moved });
  return moved;
}

async function queueUrlIfAny(sqs: SQSClient, QueueName: string): Promise<string | undefined> {
  try {
    return (await sqs.send(new GetQueueUrlCommand({ QueueName }))).QueueUrl;
  } catch (error) {
    if (/NonExistentQueue|QueueDoesNotExist|does not exist/i.test(`${(error as Error).name} ${error}`))
      return undefined;
    throw error;
  }
}
