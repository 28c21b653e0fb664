import type { S3Event, SNSEvent } from "aws-lambda";
import { DeskEvent } from "../../core/events/schema.ts";
import { log } from "../../core/log.ts";
import { retryRoundOf } from "../../core/ops/retry-round.ts";

/** What a worker learns about its invocation besides the message: which sweep retry round this is (0 first). */
export interface Delivery {
  round: number;
}

/**
 * A worker invoked asynchronously by SNS (one record per invocation): runs `handle` on the message and throws
 * when it fails, so that Lambda retries it, then the sweep's rounds, then DeadLetters (infra/topology.ts). A
 * message that can never parse throws too: it ends in DeadLetters, visible and redrivable, never dropped. One
 * message per invocation, so a poison message fails alone.
 */
export function snsWorker(worker: string, handle: (message: string, delivery: Delivery) => Promise<unknown>) {
  return async (event: SNSEvent): Promise<void> => {
    const delivery = { round: retryRoundOf(event) };
    const records = event?.Records ?? [];
    if (records.length === 0) throw new Error(`${worker}: not an SNS event`);
    for (const record of records) await run(worker, delivery, () => handle(record.Sns.Message, delivery));
  };
}

/** A worker for desk events: each SNS message is one event. */
export function eventWorker(worker: string, handle: (event: DeskEvent) => Promise<unknown>) {
  return snsWorker(worker, async (message) => {
    const event = DeskEvent.parse(JSON.parse(message));
    const outcome = await handle(event);
    log.info("event handled", { worker, type: event.type, eventId: event.id, outcome });
    return outcome;
  });
}

/** A worker invoked by S3 object notifications (the whole S3 event, as the bucket sends it). */
export function s3Worker(worker: string, handle: (event: S3Event, delivery: Delivery) => Promise<unknown>) {
  return async (event: S3Event): Promise<void> => {
    const delivery = { round: retryRoundOf(event) };
    await run(worker, delivery, () => handle(event, delivery));
  };
}

async function run(worker: string, delivery: Delivery, handle: () => Promise<unknown>) {
  try {
    await handle();
  } catch (error) {
    log.error("worker failed", { worker, round: delivery.round, error: String(error) });
    throw error;
  }
}
