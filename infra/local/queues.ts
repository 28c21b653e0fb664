import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import {
  CreateTopicCommand,
  ListSubscriptionsByTopicCommand,
  SNSClient,
  SubscribeCommand,
  UnsubscribeCommand,
} from "@aws-sdk/client-sns";
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import type { Context, SNSEvent } from "aws-lambda";
import { log } from "../../core/log.ts";
import { failureRecord } from "../../core/ops/failure-record.ts";
import { filterPolicy, type QueueName, retryPolicy, topology, type WorkerQueue } from "../topology.ts";
import { migrateWorkerDlqs } from "./migrate-dlqs.ts";

/**
 * A worker as the local stack runs it. On AWS, Lambda keeps an internal queue of each function's asynchronous
 * invocations; here that queue is a fauxqs queue named like the function, fed by the topic (SNS envelope, not
 * raw: the invoker builds the SNS event Lambda would), by the bucket's uploads and by Invoke (the sweep, redrive).
 */
export interface LocalQueue {
  name: QueueName;
  /** The internal queue of the function's asynchronous invocations. */
  url: string;
  arn: string;
  functionName: string;
  functionArn: string;
  definition: WorkerQueue;
}

/** Queue URLs name an emulator host (`sqs.<region>.localhost`): send to the configured endpoint instead. */
export const localSqs = () => new SQSClient({ useQueueUrlAsEndpoint: false });

type PushHandler = (event: unknown, context: Context) => Promise<unknown>;

/**
 * Creates from the one topology: the topic; per worker its invocation queue, subscribed to the topic with the
 * worker's filter; the Retry queue (Lambda's on-failure destination) and the DeadLetters queue; the mail bucket.
 */
export async function ensureTopology(prefix: string) {
  const sqs = localSqs();
  const sns = new SNSClient({});
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: `${prefix}-${topology.topic}` }));
  // Retention as on AWS (infra/events.ts): 14 days, so that dead letters wait for a redrive.
  const MessageRetentionPeriod = String(14 * 24 * 3600);
  const createQueue = async (QueueName: string, attributes: Record<string, string> = {}) => {
    const { QueueUrl } = await sqs.send(
      new CreateQueueCommand({ QueueName, Attributes: { MessageRetentionPeriod } }),
    );
    // Set apart: CreateQueue refuses other values than a persisted queue's (one made before this attribute).
    if (Object.keys(attributes).length > 0)
      await sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: attributes }));
    return { url: QueueUrl!, arn: await queueArn(sqs, QueueUrl!) };
  };
  const queues: LocalQueue[] = [];
  const account = TopicArn!.split(":")[4] ?? "000000000000";
  for (const [name, definition] of Object.entries(topology.queues) as [QueueName, WorkerQueue][]) {
    const functionName = `${prefix}-${name}`;
    const queue = await createQueue(functionName);
    if (definition.events.length > 0) await subscribeWorker(sns, TopicArn!, queue.arn, definition);
    const functionArn = `arn:aws:lambda:${process.env.AWS_REGION ?? "us-east-1"}:${account}:function:${functionName}`;
    queues.push({ name, ...queue, functionName, functionArn, definition });
  }
  const deadLetters = await createQueue(`${prefix}-DeadLetters`);
  // As on AWS (infra/events.ts): a record the sweep's retry step keeps failing on ends in DeadLetters.
  const retry = await createQueue(`${prefix}-Retry`, {
    RedrivePolicy: JSON.stringify({
      deadLetterTargetArn: deadLetters.arn,
      maxReceiveCount: retryPolicy.retryQueueMaxReceives,
    }),
  });
  await migrateWorkerDlqs(sqs, prefix, queues, deadLetters.url, payloadOf);
  const bucket = `${prefix}-mail`;
  await new S3Client({ forcePathStyle: true })
    .send(new CreateBucketCommand({ Bucket: bucket }))
    .catch((error) => {
      if (!String(error).includes("BucketAlready")) throw error;
    });
  return { topicArn: TopicArn!, queues, bucket, retryUrl: retry.url, deadLetterUrl: deadLetters.url };
}

async function queueArn(sqs: SQSClient, url: string): Promise<string> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["QueueArn"] }),
  );
  return Attributes!.QueueArn!;
}

async function loadHandler(handler: string): Promise<PushHandler> {
  const dot = handler.lastIndexOf(".");
  const file = join(import.meta.dirname, "../..", `${handler.slice(0, dot)}.ts`);
  const module = await import(pathToFileURL(file).href);
  return module[handler.slice(dot + 1)] as PushHandler;
}

/** The event Lambda hands a function subscribed to a topic: one record, built from the SNS envelope. */
export function snsEvent(envelope: Record<string, unknown>, subscriptionArn = "arn:aws:sns:local"): SNSEvent {
  const attributes = (envelope.MessageAttributes ?? {}) as Record<string, { Type: string; Value: string }>;
  return {
    Records: [
      {
        EventVersion: "1.0",
        EventSubscriptionArn: subscriptionArn,
        EventSource: "aws:sns",
        Sns: {
          SignatureVersion: String(envelope.SignatureVersion ?? "1"),
          Timestamp: String(envelope.Timestamp ?? new Date().toISOString()),
          Signature: String(envelope.Signature ?? "EXAMPLE"),
          SigningCertUrl: String(envelope.SigningCertURL ?? ""),
          MessageId: String(envelope.MessageId ?? crypto.randomUUID()),
          Message: String(envelope.Message ?? ""),
          MessageAttributes: attributes,
          Type: "Notification",
          UnsubscribeUrl: String(envelope.UnsubscribeURL ?? ""),
          TopicArn: String(envelope.TopicArn ?? ""),
          Subject: (envelope.Subject as string | undefined) ?? "",
        },
      },
    ],
  };
}

/** An SNS event carrying `messages` as a topic would deliver them, one invocation each (tests call handlers). */
export const snsEvents = (messages: string[]) => messages.map((Message) => snsEvent({ Message }));

/**
 * What Lambda would invoke the function with for a message of its queue: the SNS event built from a topic's
 * envelope, or the payload as queued (an S3 notification, an Invoke from the sweep or a redrive: both carry
 * `Records`). Anything else is a bare message (left by a desk persisted before the workers were pushed, whose
 * subscriptions delivered raw): handed over as SNS would have delivered it.
 */
export function payloadOf(body: string): unknown {
  let parsed: Record<string, unknown> | undefined;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  if (parsed?.Type === "Notification" && typeof parsed.Message === "string") return snsEvent(parsed);
  if (parsed && Array.isArray(parsed.Records)) return parsed;
  return snsEvent({ Message: body });
}

/**
 * Subscribes a worker's queue to the topic with its filter (SNS envelope). A desk persisted before the workers
 * were pushed has a raw subscription there, which SNS refuses to change in place: it is replaced.
 */
async function subscribeWorker(sns: SNSClient, TopicArn: string, endpoint: string, definition: WorkerQueue) {
  const subscribe = () =>
    sns.send(
      new SubscribeCommand({
        TopicArn,
        Protocol: "sqs",
        Endpoint: endpoint,
        Attributes: { FilterPolicy: filterPolicy(definition) },
      }),
    );
  try {
    await subscribe();
  } catch (error) {
    if (!/already exists with different attributes/i.test(String(error))) throw error;
    const { Subscriptions = [] } = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn }));
    for (const old of Subscriptions.filter((s) => s.Endpoint === endpoint))
      await sns.send(new UnsubscribeCommand({ SubscriptionArn: old.SubscriptionArn }));
    await subscribe();
  }
}

const lambdaContext = (name: string): Context =>
  ({
    functionName: name,
    awsRequestId: crypto.randomUUID(),
    getRemainingTimeInMillis: () => 30_000,
  }) as Context;

/**
 * Seconds before Lambda's retries of a failed asynchronous invocation: about 60 and 120 on AWS, `1,2` locally
 * by default (`DESK_LOCAL_LAMBDA_RETRY_S`, "0,0" in tests: the retries come at once).
 */
function lambdaRetryDelays(): number[] {
  const delays = (process.env.DESK_LOCAL_LAMBDA_RETRY_S ?? "1,2").split(",").map(Number);
  return Array.from({ length: retryPolicy.lambdaRetries }, (_, i) => delays[i] ?? delays.at(-1) ?? 1);
}

/**
 * Lambda's asynchronous invocation, locally: takes up to 10 queued invocations of one worker and runs the same
 * handler on each, one invocation per event as Lambda does; a success is deleted, a failure is retried (the
 * message hidden for Lambda's retry delay) and after the last retry written to the Retry queue as Lambda's
 * on-failure record. Returns how many invocations it ran.
 */
export async function pollOnce(
  queue: LocalQueue,
  waitSeconds: number,
  signal?: AbortSignal,
  retryUrl = retryQueueUrl(),
): Promise<number> {
  const sqs = localSqs();
  const handler = await loadHandler(queue.definition.handler);
  const { Messages = [] } = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queue.url,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: waitSeconds,
      VisibilityTimeout: 30,
      MessageSystemAttributeNames: ["ApproximateReceiveCount"],
    }),
    { abortSignal: signal },
  );
  await Promise.all(Messages.map((message) => invoke(queue, handler, message, retryUrl)));
  return Messages.length;
}

async function invoke(queue: LocalQueue, handler: PushHandler, message: Message, retryUrl: string) {
  const sqs = localSqs();
  const payload = payloadOf(message.Body ?? "");
  const attempt = Number(message.Attributes?.ApproximateReceiveCount ?? 1);
  try {
    await handler(payload, lambdaContext(queue.functionName));
  } catch (error) {
    const delays = lambdaRetryDelays();
    if (attempt <= delays.length) {
      await sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: queue.url,
          ReceiptHandle: message.ReceiptHandle,
          VisibilityTimeout: delays[attempt - 1],
        }),
      );
      return;
    }
    const record = failureRecord(queue.functionArn, payload, error, attempt);
    await sqs.send(new SendMessageCommand({ QueueUrl: retryUrl, MessageBody: JSON.stringify(record) }));
  }
  await sqs.send(new DeleteMessageCommand({ QueueUrl: queue.url, ReceiptHandle: message.ReceiptHandle }));
}

/** The linked Retry queue (provisionDesk sets the link as SST would). */
function retryQueueUrl(): string {
  return (JSON.parse(process.env.SST_RESOURCE_DeadLetters ?? "{}") as { retryUrl: string }).retryUrl;
}

/** Keeps every worker's invocations running until `signal` aborts. */
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

/** Runs the invocations waiting now, until none is left (tests, benchmarks); retries still hidden wait. */
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
