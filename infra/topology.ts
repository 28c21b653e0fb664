import type { DeskEventType } from "../core/events/schema.ts";

/**
 * The desk's event plumbing, defined once: one SNS topic carries every event; each worker has its own SQS
 * queue subscribed with a filter on the event `type` (raw delivery), a dead-letter queue, and a handler.
 * infra/events.ts deploys this; infra/local/queues.ts builds the same thing on the emulator.
 */
export interface WorkerQueue {
  /** `path/to/file.exportName`, relative to the repository root. */
  handler: string;
  /** Which events reach this queue (SNS filter policy on the `type` attribute); none for other sources. */
  events: readonly DeskEventType[];
  /** Lambda timeout; the queue's visibility timeout is six times this, as AWS advises. */
  timeoutSeconds: number;
  batchSize: number;
  /** Attempts before a message moves to the dead-letter queue. */
  maxReceiveCount: number;
}

/**
 * How every worker queue retries a message its handler failed: the n-th failure hides it for
 * min(base × 2^(n-1), maxBackoffSeconds), base being the queue's visibility timeout (180 s on AWS, 10 s
 * locally), and the `maxReceiveCount`-th failure moves it to the dead-letter queue. On AWS that spans about
 * 80 minutes, locally about 20: long enough to ride out an outage of several minutes (functions/workers/retry.ts).
 */
export const retryPolicy = { maxReceiveCount: 8, maxBackoffSeconds: 900 } as const;

export const topology = {
  topic: "Events",
  queues: {
    /** The sender: agent replies to customers, notices to agents, reminders to customers, hand-offs to vendors. */
    Mail: {
      handler: "functions/workers/mail.handler",
      events: [
        "ticket.agent_replied",
        "ticket.customer_message",
        "ticket.assigned",
        "ticket.mentioned",
        "ticket.notice",
        "ticket.customer_reminder",
        "ticket.vendor_handoff",
        "ticket.csat_request",
        "customer.magic_link",
        "ticket.merged",
      ],
      timeoutSeconds: 30,
      batchSize: 10,
      maxReceiveCount: retryPolicy.maxReceiveCount,
    },
    /** Acknowledges every new ticket, whatever its channel, unless the loop guards say no. */
    Acknowledge: {
      handler: "functions/workers/acknowledge.handler",
      events: ["ticket.created"],
      timeoutSeconds: 30,
      batchSize: 10,
      maxReceiveCount: retryPolicy.maxReceiveCount,
    },
    /** Categorizes, prioritizes and routes every new ticket; re-triages reopened ones; learns from agents. */
    Triage: {
      handler: "functions/workers/triage.handler",
      events: ["ticket.created", "ticket.customer_message", "ticket.categorized"],
      timeoutSeconds: 30,
      batchSize: 10,
      maxReceiveCount: retryPolicy.maxReceiveCount,
    },
    /** Keeps the full-text index of subjects and messages (term items in the table). */
    Search: {
      handler: "functions/workers/search.handler",
      events: ["ticket.created", "ticket.customer_message", "ticket.agent_replied"],
      timeoutSeconds: 30,
      batchSize: 10,
      maxReceiveCount: retryPolicy.maxReceiveCount,
    },
    /** Keeps the report counters (per day, dimension and key) as events happen. */
    Reports: {
      handler: "functions/workers/reports.handler",
      events: ["ticket.csat_request", "ticket.rated", "ticket.facts"],
      timeoutSeconds: 30,
      batchSize: 10,
      maxReceiveCount: retryPolicy.maxReceiveCount,
    },
    /** Raw mail stored under inbound/ in the mail bucket (S3 object notifications). */
    InboundMail: {
      handler: "functions/workers/inbound-mail.handler",
      events: [],
      timeoutSeconds: 60,
      batchSize: 5,
      maxReceiveCount: retryPolicy.maxReceiveCount,
    },
    /** SES bounce and complaint notifications. */
    MailFeedback: {
      handler: "functions/workers/mail-feedback.handler",
      events: [],
      timeoutSeconds: 30,
      batchSize: 10,
      maxReceiveCount: retryPolicy.maxReceiveCount,
    },
  } satisfies Record<string, WorkerQueue>,
  /** The mail bucket: raw inbound messages (inbound/…) and attachments (attachments/…). */
  mailBucket: { name: "MailBucket", inboundPrefix: "inbound/", notifies: "InboundMail" },
} as const;

export type QueueName = keyof typeof topology.queues;

/** The SNS subscription filter policy for a queue. */
export const filterPolicy = (queue: WorkerQueue) => JSON.stringify({ type: [...queue.events] });
