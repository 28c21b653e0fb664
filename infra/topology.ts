import type { DeskEventType } from "../core/events/schema.ts";

/**
 * The desk's event plumbing, defined once: one SNS topic carries every event; each worker is a Lambda function
 * invoked asynchronously (pushed, nothing polls): event workers by a subscription to the topic filtered on the
 * event `type`, InboundMail by the mail bucket's notifications, MailFeedback by SES's feedback topic.
 * A failed invocation is retried by Lambda, then lands in the one Retry queue, from which the sweep re-invokes
 * it in rounds (core/ops/retry-failed.ts) before the one DeadLetters queue.
 * infra/events.ts deploys this; infra/local/queues.ts builds the same thing on the emulators (each worker's
 * "queue" there is the internal queue of Lambda's asynchronous invocations, emulated).
 */
export interface WorkerQueue {
  /** `path/to/file.exportName`, relative to the repository root. */
  handler: string;
  /** Which events reach this worker (SNS filter policy on the `type` attribute); none for other sources. */
  events: readonly DeskEventType[];
  /** Lambda timeout. */
  timeoutSeconds: number;
  /** Lambda memory, when not the desk's default (infra/settings.ts, 256 MB). */
  memoryMB?: number;
}

/**
 * How a failed invocation is retried. Lambda itself: the first attempt and `lambdaRetries` more (about 1 and 2
 * minutes apart), then an on-failure record in the Retry queue. The sweep then re-invokes it for `rounds`
 * more rounds (three attempts each), round n being due min(base × 2^(n-1), maxBackoffSeconds) after the
 * previous round failed (base 60 s on AWS): 1, 2, 4, 8, 15, 15, 15 minutes — with Lambda's own attempts about
 * 85 minutes in all, enough to ride out an outage of several minutes — and then DeadLetters.
 * `DESK_RETRY_BASE_S` and `DESK_RETRY_MAX_S` shorten the waits locally and in tests (core/ops/retry-failed.ts).
 */
export const retryPolicy = {
  lambdaRetries: 2,
  /** Lambda stops retrying an event older than this (its on-failure record says EventAgeExceeded); 6 h at most. */
  maxEventAgeSeconds: 21_600,
  rounds: 7,
  baseBackoffSeconds: 60,
  maxBackoffSeconds: 900,
  /**
   * The Retry queue's redrive to DeadLetters: the sweep normally receives a record about twice (once to hide it
   * until due, once to re-invoke), so a record received this often is one the retry step keeps failing on.
   */
  retryQueueMaxReceives: 10,
} as const;

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
        "ticket.mail_record",
      ],
      timeoutSeconds: 30,
    },
    /** Acknowledges every new ticket, whatever its channel, unless the loop guards say no. */
    Acknowledge: {
      handler: "functions/workers/acknowledge.handler",
      events: ["ticket.created"],
      timeoutSeconds: 30,
    },
    /** Categorizes, prioritizes and routes every new ticket; re-triages reopened ones; learns from agents. */
    Triage: {
      handler: "functions/workers/triage.handler",
      events: ["ticket.created", "ticket.customer_message", "ticket.categorized"],
      timeoutSeconds: 30,
    },
    /** Keeps the full-text index of subjects and messages (term items in the table). */
    Search: {
      handler: "functions/workers/search.handler",
      events: ["ticket.created", "ticket.customer_message", "ticket.agent_replied"],
      timeoutSeconds: 30,
    },
    /** Keeps the report counters (per day, dimension and key) as events happen. */
    Reports: {
      handler: "functions/workers/reports.handler",
      events: ["ticket.csat_request", "ticket.rated", "ticket.facts"],
      timeoutSeconds: 30,
    },
    /** Raw mail stored under inbound/ in the mail bucket (the bucket's S3 object notifications invoke it). */
    InboundMail: {
      handler: "functions/workers/inbound-mail.handler",
      events: [],
      timeoutSeconds: 60,
      // A message may be 40 MB (SES's limit): mailparser holds its attachments whole beside the raw bytes, and a
      // 30 MB HTML body read in part still peaked ~300 MB. It runs only when mail arrives (and a larger size also
      // gets more CPU): about $0.000004 more per message, against SES's $0.10 per 1,000 received.
      memoryMB: 1024,
    },
    /** SES bounce and complaint notifications (SES → its SNS topic → this worker). */
    MailFeedback: {
      handler: "functions/workers/mail-feedback.handler",
      events: [],
      timeoutSeconds: 30,
    },
  } satisfies Record<string, WorkerQueue>,
  /** The mail bucket: raw inbound messages (inbound/…) and attachments (attachments/…). */
  mailBucket: { name: "MailBucket", inboundPrefix: "inbound/", notifies: "InboundMail" },
} as const;

export type QueueName = keyof typeof topology.queues;

/** The SNS subscription filter policy for a worker. */
export const filterPolicy = (queue: WorkerQueue) => JSON.stringify({ type: [...queue.events] });
