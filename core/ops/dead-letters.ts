import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  StartMessageMoveTaskCommand,
} from "@aws-sdk/client-sqs";
import { Resource } from "sst";
import { DeskError } from "../error.ts";
import { sqs } from "./sqs.ts";

/** A worker queue's dead-letter queue and the queue its messages came from (linked as `DeadLetters`). */
export interface DeadLetterQueue {
  name: string;
  dlqUrl: string;
  dlqArn: string;
  sourceUrl: string;
  sourceArn: string;
}

export interface DeadLetterCount {
  name: string;
  /** Messages waiting in the DLQ (SQS's approximate figure, visible + in flight). */
  count: number;
  /** Age in seconds of the oldest message seen in a sample of up to 10 (null when empty). */
  oldestAgeSeconds: number | null;
}

export const deadLetterQueues = (): DeadLetterQueue[] => Resource.DeadLetters.queues;

/** Every DLQ with how many messages wait in it and how old the oldest sampled one is. */
export async function deadLetterCounts(now = Date.now(), signal?: AbortSignal): Promise<DeadLetterCount[]> {
  return Promise.all(
    deadLetterQueues().map(async (queue) => {
      const { Attributes = {} } = await sqs().send(
        new GetQueueAttributesCommand({
          QueueUrl: queue.dlqUrl,
          AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        }),
        { abortSignal: signal },
      );
      const count =
        Number(Attributes.ApproximateNumberOfMessages ?? 0) +
        Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
      return {
        name: queue.name,
        count,
        oldestAgeSeconds: count ? await oldestAge(queue, now, signal) : null,
      };
    }),
  );
}

/**
 * SQS has no "oldest message" attribute (CloudWatch has it, minutes late): peek at up to 10 messages without
 * hiding them (visibility 0) and take the oldest first-sent time. A DLQ keeps no redrive policy, so peeking
 * moves nothing.
 */
async function oldestAge(queue: DeadLetterQueue, now: number, signal?: AbortSignal) {
  const { Messages = [] } = await sqs().send(
    new ReceiveMessageCommand({
      QueueUrl: queue.dlqUrl,
      MaxNumberOfMessages: 10,
      VisibilityTimeout: 0,
      WaitTimeSeconds: 0,
      MessageSystemAttributeNames: ["SentTimestamp"],
    }),
    { abortSignal: signal },
  );
  const sent = Messages.map((m) => Number(m.Attributes?.SentTimestamp)).filter(Number.isFinite);
  return sent.length ? Math.max(0, Math.round((now - Math.min(...sent)) / 1000)) : null;
}

export interface RedriveResult {
  name: string;
  /** `move_task`: SQS moves them (asynchronously); `copied`: moved here, message by message. */
  how: "move_task" | "copied" | "empty";
  moved: number | null;
}

/**
 * Sends every dead letter back to the queue it came from. On AWS, SQS's StartMessageMoveTask does it; where
 * that is not available (the local emulator) each message is sent back and then deleted from the DLQ. Running
 * it twice is harmless: an empty DLQ moves nothing, and a message copied twice (a crash between send and
 * delete) is handled once, since every worker is idempotent on redelivery.
 */
export async function redriveDeadLetters(only?: string): Promise<RedriveResult[]> {
  const queues = deadLetterQueues().filter((q) => !only || q.name === only);
  if (queues.length === 0) throw new DeskError("validation", "unknown_queue", `No queue named ${only}`);
  const counts = new Map((await deadLetterCounts()).map((c) => [c.name, c.count]));
  const results: RedriveResult[] = [];
  for (const queue of queues) {
    if (!counts.get(queue.name)) {
      results.push({ name: queue.name, how: "empty", moved: 0 });
      continue;
    }
    try {
      await sqs().send(
        new StartMessageMoveTaskCommand({ SourceArn: queue.dlqArn, DestinationArn: queue.sourceArn }),
      );
      results.push({ name: queue.name, how: "move_task", moved: counts.get(queue.name) ?? null });
    } catch (error) {
      if (!isUnsupported(error)) throw error;
      results.push({ name: queue.name, how: "copied", moved: await copyBack(queue) });
    }
  }
  return results;
}

/** Receive, send to the source queue, then delete: bounded, and never deletes what was not sent. */
async function copyBack(queue: DeadLetterQueue, maxMessages = 100_000): Promise<number> {
  let moved = 0;
  while (moved < maxMessages) {
    const { Messages = [] } = await sqs().send(
      new ReceiveMessageCommand({
        QueueUrl: queue.dlqUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 60,
        WaitTimeSeconds: 0,
        MessageAttributeNames: ["All"],
      }),
    );
    if (Messages.length === 0) return moved;
    const sent = await sqs().send(
      new SendMessageBatchCommand({
        QueueUrl: queue.sourceUrl,
        Entries: Messages.map((m, i) => ({
          Id: String(i),
          MessageBody: m.Body ?? "",
          MessageAttributes: m.MessageAttributes,
        })),
      }),
    );
    const ok = new Set((sent.Successful ?? []).map((s) => s.Id));
    const done = Messages.filter((_, i) => ok.has(String(i)));
    if (done.length > 0) {
      await sqs().send(
        new DeleteMessageBatchCommand({
          QueueUrl: queue.dlqUrl,
          Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
        }),
      );
    }
    if (sent.Failed?.length)
      throw new Error(`could not send back to ${queue.name}: ${sent.Failed[0]?.Message}`);
    moved += done.length;
  }
  return moved;
}

/** The service does not know the operation (an emulator): fall back to copying. */
function isUnsupported(error: unknown): boolean {
  const { name = "", message = "" } = error as { name?: string; message?: string };
  return /Unsupported|InvalidAction|UnknownOperation|not ?implemented|unknown (action|operation)/i.test(
    `${name} ${message}`,
  );
}
