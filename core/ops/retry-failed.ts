import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
} from "@aws-sdk/client-sqs";
import { Resource } from "sst";
import { retryPolicy } from "../../infra/topology.ts";
import { log } from "../log.ts";
import { type FailureRecord, failureOf, functionNameOf, parseFailureRecord } from "./failure-record.ts";
import { invokeAsync } from "./lambda.ts";
import { retryDelaySeconds, retryRoundOf, withRetryRound } from "./retry-round.ts";
import { sqs, sqsText } from "./sqs.ts";

/** SQS hides a message for 12 hours at most. */
const MAX_VISIBILITY_SECONDS = 43_200;

export interface RetryOutcome {
  /** Re-invoked for another round. */
  reinvoked: number;
  /** Not due yet: hidden until they are. */
  waiting: number;
  /** Out of rounds (or unreadable): moved to DeadLetters. */
  dead: number;
}

/**
 * One sweep step: Lambda's own attempts span about 3 minutes, so the invocations that failed all of them (their
 * on-failure records in the Retry queue) are re-invoked here in rounds spread over about an hour, riding out a
 * longer outage, and moved to DeadLetters after the last (infra/topology.ts, retryPolicy). Bounded per run;
 * what is left waits for the next run. When nothing failed, its whole cost is one empty receive.
 */
export async function retryFailed(
  now = Date.now(),
  limits = { maxMessages: 100, maxMs: 10_000 },
): Promise<RetryOutcome> {
  const { retryUrl } = Resource.DeadLetters;
  const outcome: RetryOutcome = { reinvoked: 0, waiting: 0, dead: 0 };
  const started = Date.now();
  let seen = 0;
  while (seen < limits.maxMessages && Date.now() - started < limits.maxMs) {
    const { Messages = [] } = await sqs().send(
      new ReceiveMessageCommand({
        QueueUrl: retryUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        VisibilityTimeout: 60,
        MessageSystemAttributeNames: ["SentTimestamp"],
      }),
    );
    if (Messages.length === 0) break;
    seen += Messages.length;
    for (const message of Messages) {
      try {
        outcome[await retryOne(message, now)]++;
      } catch (error) {
        // Left in the queue: it comes back after the receive's visibility timeout.
        log.error("retry of a failed invocation failed", {
          messageId: message.MessageId,
          error: String(error),
        });
      }
    }
  }
  if (outcome.dead) log.warn("invocations dead-lettered", { ...outcome });
  return outcome;
}

type Step = keyof RetryOutcome;

async function retryOne(message: Message, now: number): Promise<Step> {
  const { retryUrl } = Resource.DeadLetters;
  const record = parseFailureRecord(message.Body);
  const worker = record && workerOf(record);
  if (!record || !worker) {
    await moveToDeadLetters(
      message,
      worker?.name ?? "unknown",
      record ? failureOf(record) : "not a Lambda failure record",
    );
    return "dead";
  }
  const round = retryRoundOf(record.requestPayload);
  if (round >= retryPolicy.rounds) {
    await moveToDeadLetters(message, worker.name, failureOf(record));
    return "dead";
  }
  const failedAt = Date.parse(record.timestamp) || Number(message.Attributes?.SentTimestamp) || now;
  const dueIn = Math.ceil((failedAt + retryDelaySeconds(round + 1) * 1000 - now) / 1000);
  if (dueIn > 0) {
    await sqs().send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: retryUrl,
        ReceiptHandle: message.ReceiptHandle,
        VisibilityTimeout: Math.min(dueIn, MAX_VISIBILITY_SECONDS),
      }),
    );
    return "waiting";
  }
  await invokeAsync(worker.functionName, withRetryRound(record.requestPayload as object, round + 1));
  await sqs().send(new DeleteMessageCommand({ QueueUrl: retryUrl, ReceiptHandle: message.ReceiptHandle }));
  log.info("failed invocation retried", {
    worker: worker.name,
    round: round + 1,
    failure: failureOf(record),
  });
  return "reinvoked";
}

/** The desk worker a record's function is, or undefined for a function the desk does not know. */
export function workerOf(record: FailureRecord) {
  const name = functionNameOf(record.requestContext.functionArn);
  return Resource.DeadLetters.workers.find((w) => w.functionName === name);
}

/** Sends the record to DeadLetters (naming the worker and the error), then deletes it from Retry. */
async function moveToDeadLetters(message: Message, worker: string, error: string) {
  const { retryUrl, deadLetterUrl } = Resource.DeadLetters;
  await sqs().send(
    new SendMessageCommand({
      QueueUrl: deadLetterUrl,
      // SQS refuses an empty body; whatever arrived is kept as it was.
      MessageBody: message.Body || "(empty)",
      MessageAttributes: {
        worker: { DataType: "String", StringValue: worker },
        error: { DataType: "String", StringValue: sqsText(error || "unknown", 1000) },
      },
    }),
  );
  await sqs().send(new DeleteMessageCommand({ QueueUrl: retryUrl, ReceiptHandle: message.ReceiptHandle }));
  log.error("invocation dead-lettered", { worker, error });
}
