import { ChangeMessageVisibilityCommand } from "@aws-sdk/client-sqs";
import type { SQSRecord } from "aws-lambda";
import { log } from "../../core/log.ts";
import { queueUrlOf, sqs } from "../../core/ops/sqs.ts";
import { retryPolicy } from "../../infra/topology.ts";

/**
 * Seconds a failed message stays hidden before its next attempt: the queue's visibility timeout doubled on
 * each receive, capped. `DESK_RETRY_BASE_S` is the queue's visibility timeout (set by infra and by the local
 * stack); `DESK_RETRY_MAX_S` lowers the cap (tests).
 */
export function retryDelaySeconds(receiveCount: number, env = process.env): number {
  const base = Number(env.DESK_RETRY_BASE_S ?? 180);
  const max = Math.min(Number(env.DESK_RETRY_MAX_S ?? retryPolicy.maxBackoffSeconds), 43_200);
  const exponent = Math.max(0, Math.min(receiveCount, 30) - 1);
  return Math.max(0, Math.min(Math.round(base * 2 ** exponent), max));
}

/**
 * Backs a failed record off: after a transient outage (DynamoDB, SES throttling) the retries spread out
 * instead of burning through maxReceiveCount in a minute. The record is still reported failed (partial batch
 * response); only its next appearance moves. A failure here leaves the queue's own visibility timeout.
 */
export async function backOff(record: SQSRecord): Promise<void> {
  const receiveCount = Number(record.attributes?.ApproximateReceiveCount ?? 1);
  try {
    await sqs().send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: await queueUrlOf(record.eventSourceARN),
        ReceiptHandle: record.receiptHandle,
        VisibilityTimeout: retryDelaySeconds(receiveCount),
      }),
    );
  } catch (error) {
    log.warn("could not back off", { messageId: record.messageId, error: String(error) });
  }
}
