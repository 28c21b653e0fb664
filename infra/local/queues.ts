import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { CreateTopicCommand, SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import type { Context, SQSBatchResponse, SQSEvent } from "aws-lambda";
import { log } from "../../core/log.ts";
import { filterPolicy, type QueueName, topology, type WorkerQueue } from "../topology.ts";

export interface LocalQueue {
  name: QueueName;
  url: string;
  arn: string;
  dlqUrl: string;
  dlqArn: string;
  definition: WorkerQueue;
}

/** Queue URLs name an emulator host (`sqs.<region>.localhost`): send to the configured endpoint instead. */
export const localSqs = () => new SQSClient({ useQueueUrlAsEndpoint: false });

type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | undefined>;

/**
 * Creates the topic, each worker's queue with its DLQ and filtered subscription, and the mail bucket, from the
 * one topology.
 */
export async function ensureTopology(prefix: string, visibilityTimeoutSeconds: number) {
  const sqs = localSqs();
  const sns = new SNSClient({});
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: `${prefix}-${topology.topic}` }));
  const queues: LocalQueue[] = [];
  for (const [name, definition] of Object.entries(topology.queues) as [QueueName, WorkerQueue][]) {
    // Retention as on AWS (infra/events.ts): 14 days, so that dead letters wait for a redrive.
    const MessageRetentionPeriod = String(14 * 24 * 3600);
    const dlq = await sqs.send(
      new CreateQueueCommand({ QueueName: `${prefix}-${name}-dlq`, Attributes: { MessageRetentionPeriod } }),
    );
    const dlqArn = await queueArn(sqs, dlq.QueueUrl!);
    const queue = await sqs.send(
      new CreateQueueCommand({
        QueueName: `${prefix}-${name}`,
        Attributes: {
          VisibilityTimeout: String(visibilityTimeoutSeconds),
          MessageRetentionPeriod,
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: dlqArn,
            maxReceiveCount: definition.maxReceiveCount,
          }),
        },
      }),
    );
    const arn = await queueArn(sqs, queue.QueueUrl!);
    if (definition.events.length > 0) {
      await sns.send(
        new SubscribeCommand({
          TopicArn,
          Protocol: "sqs",
          Endpoint: arn,
          Attributes: { RawMessageDelivery: "true", FilterPolicy: filterPolicy(definition) },
        }),
      );
    }
    queues.push({ name, url: queue.QueueUrl!, arn, dlqUrl: dlq.QueueUrl!, dlqArn, definition });
  }
  const bucket = `${prefix}-mail`;
  await new S3Client({ forcePathStyle: true })
    .send(new CreateBucketCommand({ Bucket: bucket }))
    .catch((error) => {
      if (!String(error).includes("BucketAlready")) throw error;
    });
  return { topicArn: TopicArn!, queues, bucket };
}

async function queueArn(sqs: SQSClient, url: string): Promise<string> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["QueueArn"] }),
  );
  return Attributes!.QueueArn!;
}

async function loadHandler(handler: string): Promise<SqsHandler> {
  const dot = handler.lastIndexOf(".");
  const file = join(import.meta.dirname, "../..", `${handler.slice(0, dot)}.ts`);
  const module = await import(pathToFileURL(file).href);
  return module[handler.slice(dot + 1)] as SqsHandler;
}

/** The event Lambda's SQS event source hands a function: one record per received message. */
export function sqsEvent(
  messages: { messageId: string; receiptHandle: string; body: string; attributes?: Record<string, string> }[],
  queueArn: string,
): SQSEvent {
  return {
    Records: messages.map((m) => ({
      messageId: m.messageId,
      receiptHandle: m.receiptHandle,
      body: m.body,
      attributes: (m.attributes ?? {}) as unknown as SQSEvent["Records"][number]["attributes"],
      messageAttributes: {},
      md5OfBody: "",
      eventSource: "aws:sqs",
      eventSourceARN: queueArn,
      awsRegion: process.env.AWS_REGION ?? "us-east-1",
    })),
  };
}

const lambdaContext = (name: string): Context =>
  ({
    functionName: name,
    awsRequestId: crypto.randomUUID(),
    getRemainingTimeInMillis: () => 30_000,
  }) as Context;

/**
 * Lambda's SQS event source, locally: receives a batch, invokes the same handler with an SQS-shaped event,
 * deletes what succeeded and leaves the reported failures to reappear after the visibility timeout (and to
 * move to the DLQ after maxReceiveCount, which the emulator enforces). Returns how many records it handled.
 */
export async function pollOnce(
  queue: LocalQueue,
  waitSeconds: number,
  signal?: AbortSignal,
): Promise<number> {
  const sqs = localSqs();
  const handler = await loadHandler(queue.definition.handler);
  const { Messages = [] } = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queue.url,
      MaxNumberOfMessages: queue.definition.batchSize,
      WaitTimeSeconds: waitSeconds,
      MessageSystemAttributeNames: ["All"],
      MessageAttributeNames: ["All"],
    }),
    { abortSignal: signal },
  );
  if (Messages.length === 0) return 0;
  const event = sqsEvent(
    Messages.map((m) => ({
      messageId: m.MessageId!,
      receiptHandle: m.ReceiptHandle!,
      body: m.Body ?? "",
      attributes: m.Attributes,
    })),
    queue.arn,
  );
  let failed = new Set<string>(Messages.map((m) => m.MessageId!));
  try {
    const response = await handler(event, lambdaContext(queue.name));
    failed = new Set(response?.batchItemFailures.map((f) => f.itemIdentifier) ?? []);
  } catch (error) {
    log.error("handler failed for the whole batch", { queue: queue.name, error: String(error) });
  }
  const done = Messages.filter((m) => !failed.has(m.MessageId!));
  if (done.length > 0) {
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queue.url,
        Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
      }),
    );
  }
  return Messages.length;
}

/** Keeps polling every queue until `signal` aborts. */
export async function startPollers(queues: LocalQueue[], signal: AbortSignal): Promise<void> {
  await Promise.all(
    queues.map(async (queue) => {
      while (!signal.aborted) {
        try {
          await pollOnce(queue, 1, signal);
        } catch (error) {
          if (!signal.aborted) {
            log.error("poll failed", { queue: queue.name, error: String(error) });
            await new Promise((r) => setTimeout(r, 1000));
          }
        }
      }
    }),
  );
}

/** Handles what is in the queues now, until they stay empty (tests, benchmarks). */
export async function drainQueues(queues: LocalQueue[], maxRounds = 50): Promise<number> {
  let handled = 0;
  for (let round = 0; round < maxRounds; round++) {
    const counts = await Promise.all(queues.map((queue) => pollOnce(queue, 0)));
    const sum = counts.reduce((a, b) => a + b, 0);
    if (sum === 0) return handled;
    handled += sum;
  }
  return handled;
}
