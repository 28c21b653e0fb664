import type { DeskEventType } from "../core/events/schema.ts";

/**
 * The desk's event plumbing, defined once: one SNS topic carries every event; each worker has its own SQS
 * queue subscribed with a filter on the event `type` (raw delivery), a dead-letter queue, and a handler.
 * infra/events.ts deploys this; infra/local/queues.ts builds the same thing on the emulator.
 */
export interface WorkerQueue {
  /** `path/to/file.exportName`, relative to the repository root. */
  handler: string;
  /** Which events reach this queue (SNS filter policy on the `type` attribute). */
  events: readonly DeskEventType[];
  /** Lambda timeout; the queue's visibility timeout is six times this, as AWS advises. */
  timeoutSeconds: number;
  batchSize: number;
  /** Attempts before a message moves to the dead-letter queue. */
  maxReceiveCount: number;
}

export const topology = {
  topic: "Events",
  queues: {
    Mail: {
      handler: "functions/workers/mail.handler",
      events: ["ticket.agent_replied", "ticket.customer_message"],
      timeoutSeconds: 30,
      batchSize: 10,
      maxReceiveCount: 5,
    },
  } satisfies Record<string, WorkerQueue>,
} as const;

export type QueueName = keyof typeof topology.queues;

/** The SNS subscription filter policy for a queue. */
export const filterPolicy = (queue: WorkerQueue) => JSON.stringify({ type: [...queue.events] });
