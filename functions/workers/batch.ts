import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { DeskEvent } from "../../core/events/schema.ts";
import { log } from "../../core/log.ts";
import { backOff } from "./retry.ts";

/**
 * An SQS handler that runs `handle` for each record and reports the ones that failed (partial batch
 * response), so one bad message never makes the others run again; each failed one is retried later and later
 * (exponential backoff, see retry.ts) before it reaches the dead-letter queue.
 */
export function sqsWorker(handle: (record: SQSRecord) => Promise<unknown>) {
  const processor = new BatchProcessor(EventType.SQS);
  const handleOrBackOff = async (record: SQSRecord) => {
    try {
      return await handle(record);
    } catch (error) {
      await backOff(record);
      throw error;
    }
  };
  return async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    const response = await processPartialResponse(event, handleOrBackOff, processor, { context });
    // Records run concurrently and fail in any order: report them in the batch's order.
    const order = new Map(event.Records.map((r, i) => [r.messageId, i]));
    response.batchItemFailures.sort(
      (a, b) => (order.get(a.itemIdentifier) ?? 0) - (order.get(b.itemIdentifier) ?? 0),
    );
    return response;
  };
}

/** A worker for desk events (SNS raw delivery): each record is one event. */
export function eventWorker(handle: (event: DeskEvent, record: SQSRecord) => Promise<unknown>) {
  return sqsWorker(async (record) => {
    const event = DeskEvent.parse(JSON.parse(record.body));
    const outcome = await handle(event, record);
    log.info("event handled", { type: event.type, eventId: event.id, outcome });
  });
}
