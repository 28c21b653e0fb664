import { z } from "@hono/zod-openapi";
import { ENTRY_KINDS } from "../../core/store/entities/entry.ts";
import {
  CHANNELS,
  ESCALATION_REASONS,
  LOCALES,
  PRIORITIES,
  SLA_STATES,
  STATUSES,
  TIERS,
} from "../../core/store/entities/ticket.ts";

/** Response shapes for the OpenAPI document; handlers are type-checked against them. */
export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "validation" }),
      message: z.string(),
      fields: z.record(z.string(), z.string()).optional(),
      fieldIssues: z
        .record(
          z.string(),
          z.object({
            code: z.string().openapi({ example: "too_big" }),
            limit: z.number().optional(),
            inclusive: z.boolean().optional(),
            format: z.string().optional(),
            origin: z.string().optional(),
          }),
        )
        .optional()
        .openapi({
          description:
            "Each refused field's kind of refusal (zod's issue code, a length's or count's limit, a format such as `email`), for a client to word it in its own language; `fields` has the English words",
        }),
      params: z
        .record(z.string(), z.union([z.string(), z.number(), z.array(z.string())]))
        .optional()
        .openapi({
          description:
            "What the refusal concerns, for a client to word it from `code` (e.g. `addresses` for `cc_not_copyable`, `cc_requester`)",
        }),
    }),
  })
  .openapi("Error");

/** The If-Match a conditional write takes (functions/api/env.ts `ifMatchVersion` reads it). */
export const IfMatchHeader = z.object({
  "if-match": z
    .string()
    .optional()
    .openapi({
      description:
        'The ETag as it came (`"7"`): a change made meanwhile answers 412 stale_version. `*` proceeds on any ' +
        'version; a list (`"7", "8"`) matches if one does; a value that is no quoted ETag answers 400 bad_if_match',
      example: '"7"',
    }),
});

const nullable = z.string().nullable();

export const TicketRefOut = z
  .object({ id: z.string(), number: z.number().int(), subject: nullable })
  .openapi("TicketRef");

export const TicketOut = z
  .object({
    id: z.string(),
    number: z.number().int(),
    subject: z.string(),
    requester: z.object({ name: z.string(), email: z.string() }),
    channel: z.enum(CHANNELS),
    status: z.enum(STATUSES),
    priority: z.enum(PRIORITIES),
    category: nullable,
    team: nullable,
    tier: z.enum(TIERS),
    escalationReason: z.enum(ESCALATION_REASONS).nullable(),
    assigneeId: nullable,
    tags: z.array(z.string()),
    cc: z.array(z.string()),
    linkedTicketId: nullable,
    locale: z.enum(LOCALES),
    createdAt: z.string(),
    updatedAt: z.string(),
    lastActivityAt: z.string(),
    firstResponseAt: nullable,
    solvedAt: nullable,
    closedAt: nullable,
    reopenCount: z.number().int(),
    sla: z.object({
      policy: nullable,
      state: z.enum(SLA_STATES).nullable(),
      firstResponseDueAt: nullable,
      resolutionDueAt: nullable,
      pausedAt: nullable,
      breached: z.array(z.string()),
      nextCheckAt: nullable,
    }),
    vendor: z.object({ id: z.string(), since: nullable, dueAt: nullable, respondedAt: nullable }).nullable(),
    /** Merged away: the ticket this one continues in (it is closed). */
    mergedInto: TicketRefOut.nullable(),
    /** Tickets merged into this one: their entries are in its timeline, marked `fromTicket`. */
    mergedFrom: z.array(TicketRefOut),
    /** Related tickets, linked both ways. */
    links: z.array(TicketRefOut),
    version: z.number().int(),
  })
  .openapi("Ticket");

const EventParamsOut = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]),
);
const EventPartOut = z.object({ code: z.string(), params: EventParamsOut.optional() });
const EventTextOut = EventPartOut.extend({ parts: z.array(EventPartOut).optional() });

export const EntryOut = z
  .object({
    id: z.string(),
    kind: z.enum(ENTRY_KINDS),
    createdAt: z.string(),
    author: z.object({
      type: z.enum(["customer", "agent", "system", "vendor"]),
      id: nullable,
      name: nullable,
      email: nullable,
    }),
    channel: nullable,
    body: nullable,
    /** An agent reply's signature as mailed under `body` (after a blank line and "-- "); null: none. */
    signature: nullable,
    changes: z
      .array(z.object({ field: z.string(), from: z.string().optional(), to: z.string().optional() }))
      .nullable(),
    /** What an event or automatic mail says, without words: `body` is its English text (core/ticket/event-text.ts). */
    what: EventTextOut.nullable(),
    delivery: z
      .object({
        status: z.string(),
        messageId: nullable,
        error: nullable,
        /** A failure no retry changes: `file_missing` (with `missingFiles`), `undeliverable_address`. */
        code: z.string().optional(),
        /** With `file_missing`: the names of the reply's files no longer stored. */
        missingFiles: z.array(z.string()).optional(),
        /** While `sending`: until when its sender holds it (long past, the app says the delivery is not confirmed). */
        leaseUntil: z.string().optional(),
      })
      .nullable(),
    messageId: nullable,
    mail: z
      .object({
        /** The sender's address alone; the display name is `fromName`. */
        from: nullable,
        fromName: nullable,
        to: z.array(z.string()),
        cc: z.array(z.string()),
        subject: nullable,
        inReplyTo: nullable,
        spf: nullable,
        dkim: nullable,
        dmarc: nullable,
        spamVerdict: nullable,
        automatic: z.array(z.string()),
        threadedBy: nullable,
        truncated: z.boolean(),
        signed: z.boolean(),
        /** Addresses the sender named that were not copied (the sender could not be verified). */
        notCopied: z.array(z.string()),
      })
      .nullable(),
    held: z
      .object({
        reason: z.string(),
        acceptedAt: nullable,
        splitTicketId: nullable,
        splitTicketNumber: z.number().int().nullable(),
      })
      .nullable(),
    splitInto: TicketRefOut.nullable(),
    /** From someone of a merged ticket with another requester: agents see it, the requester does not. */
    mergedSender: TicketRefOut.nullable(),
    /** A mail cut short in transit whose complete copy (same Message-ID) came later: that copy's entry id. */
    supersededBy: nullable,
    /** The complete copy of a mail first filed cut short: the cut copy's entry id. */
    supersedes: nullable,
    fromTicket: TicketRefOut.nullable(),
    html: nullable,
    attachments: z.array(
      z.object({
        index: z.number().int(),
        name: z.string(),
        contentType: z.string(),
        size: z.number(),
        inline: z.boolean(),
        omitted: nullable,
      }),
    ),
  })
  .openapi("TimelineEntry");

/** Why the desk may no longer mail the requester's address: a hard bounce or a complaint, kept for the address. */
export const RequesterUndeliverableOut = z
  .object({
    reason: z.enum(["bounce", "complaint"]),
    /**
     * SES's word for it, when SES told (the app says it in words): a bounce's `bounceSubType` (`General`,
     * `NoEmail`, `Suppressed`, `OnAccountSuppressionList`, `MailboxFull`, `MessageTooLarge`, `ContentRejected`,
     * `AttachmentRejected`…), a complaint's `complaintFeedbackType` (`abuse`, `fraud`, `not-spam`, `virus`, `other`…).
     */
    kind: nullable,
    /** What the bounce said (SES's diagnostic code, or the report's status and subject), when known. */
    detail: nullable,
    since: z.string(),
  })
  .openapi("RequesterUndeliverable");

export const TicketWithTimeline = TicketOut.extend({
  timeline: z.array(EntryOut),
  /** Null while the desk may mail the requester; set once their address bounced for good or complained. */
  requesterUndeliverable: RequesterUndeliverableOut.nullable(),
}).openapi("TicketWithTimeline");
export const TicketPage = z.object({ items: z.array(TicketOut), cursor: nullable }).openapi("TicketPage");

export const AgentOut = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(["admin", "agent"]),
    teams: z.array(z.string()),
    active: z.boolean(),
    away: z.boolean(),
    weeklySummary: z.boolean(),
    capacity: z.number().int(),
    locale: z.enum(["en", "fr"]),
    mailNotices: z.boolean(),
    /** Added under the agent's public replies, after a "-- " line; "" = none. */
    signature: z.string(),
    createdAt: z.string(),
    /** Moves on every change: send it back as If-Match (`"<version>"`) so a change made meanwhile is not lost. */
    version: z.number().int(),
  })
  .openapi("Agent");

/** The desk's name in each language, as its mail is signed (an admin's name, else DESK_NAME's default). */
export const DeskNamesOut = z
  .object({ en: z.string(), fr: z.string() })
  .openapi("DeskNames", { description: "The desk's name in English and in French" });

export const errors = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((status) => [
      status,
      { description: "Error", content: { "application/json": { schema: ErrorBody } } },
    ]),
  );

export const json = <T extends z.ZodType>(schema: T, description = "OK") => ({
  description,
  content: { "application/json": { schema } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { "application/json": { schema } },
});
