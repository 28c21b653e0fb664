import * as z from "zod";
import { CHANNELS } from "../store/entities/ticket.ts";
import { EVENT_CODES } from "../ticket/event-text.ts";

const base = {
  /** ULID; consumers use it to recognise a redelivery. */
  id: z.string().min(1),
  occurredAt: z.string(),
  ticketId: z.string().min(1),
};

export const TicketCreated = z.object({
  ...base,
  type: z.literal("ticket.created"),
  ticketNumber: z.number().int().positive(),
  channel: z.enum(CHANNELS),
  entryId: z.string(),
});

export const CustomerMessageAdded = z.object({
  ...base,
  type: z.literal("ticket.customer_message"),
  entryId: z.string(),
  reopened: z.boolean(),
});

export const AgentReplied = z.object({
  ...base,
  type: z.literal("ticket.agent_replied"),
  entryId: z.string(),
  agentId: z.string(),
});

export const TicketAssigned = z.object({
  ...base,
  type: z.literal("ticket.assigned"),
  agentId: z.string(),
  /** Who gave it (an agent's name); absent when the desk did (triage, the sweep). */
  byName: z.string().optional(),
});

/** Agents named (`@Name`, `@email`) in an internal note: each is mailed once for that note. */
export const TicketMentioned = z.object({
  ...base,
  type: z.literal("ticket.mentioned"),
  entryId: z.string(),
  agentIds: z.array(z.string()),
  byName: z.string(),
});

/** An agent gave a ticket its category, or solved it under one: a training example for the classifier. */
export const TicketCategorized = z.object({
  ...base,
  type: z.literal("ticket.categorized"),
  category: z.string(),
  agentId: z.string(),
  source: z.enum(["corrected", "confirmed"]),
});

/** Something agents must hear about (an SLA warning or breach, an escalation, a reminder): mailed to each. */
export const TicketNotice = z.object({
  ...base,
  type: z.literal("ticket.notice"),
  agentIds: z.array(z.string()),
  subject: z.string(),
  text: z.string(),
  /** The same in French, for agents working in French (older events without it mail in English). */
  fr: z.object({ subject: z.string(), text: z.string() }).optional(),
  /** A safety-net alert (nobody holds the ticket): past a few per agent an hour, folded into one digest mail. */
  safetyNet: z.boolean().optional(),
});

/** The ticket has waited on the customer for a while: remind them once (in their language). */
export const CustomerReminder = z.object({ ...base, type: z.literal("ticket.customer_reminder") });

/** An agent handed the ticket to an external vendor (L4): mail them a summary. */
export const VendorHandoff = z.object({
  ...base,
  type: z.literal("ticket.vendor_handoff"),
  vendorId: z.string(),
  entryId: z.string(),
});

/** A ticket was merged into another (`ticketId` is the merged one): tell its requester once. */
export const TicketMerged = z.object({
  ...base,
  type: z.literal("ticket.merged"),
  intoTicketId: z.string().min(1),
});

/** Ask the customer how it went (satisfaction survey), once per ticket. */
export const CsatRequest = z.object({ ...base, type: z.literal("ticket.csat_request") });

/** The customer rated the support (or changed their rating): for the reports' aggregates. */
export const TicketRated = z.object({
  ...base,
  type: z.literal("ticket.rated"),
  rating: z.enum(["good", "bad"]),
  previous: z.enum(["good", "bad"]).nullable(),
  comment: z.string().optional(),
  /** When the ticket was first rated: its comment is listed under that day. */
  firstRatedAt: z.string().optional(),
});

/** A customer asked for a sign-in link to their tickets (mailed only if the address has tickets). */
export const MagicLinkRequested = z.object({
  id: z.string().min(1),
  occurredAt: z.string(),
  type: z.literal("customer.magic_link"),
  email: z.string(),
  locale: z.enum(["en", "fr"]),
});

/** What a ticket change means for the reports (created, first response, solved, reopened, escalated, breach). */
export const TicketFacts = z.object({
  ...base,
  type: z.literal("ticket.facts"),
  facts: z.array(
    z.object({
      metric: z.enum([
        "created",
        "solved",
        "reopened",
        "merged",
        "escalated",
        "escalation_reason",
        "first_response",
        "breach",
        "sla",
        "reply",
        "one_touch",
      ]),
      minutes: z.number().optional(),
      detail: z.string().optional(),
      agentId: z.string().optional(),
    }),
  ),
  /**
   * The queue counters (`QCOUNT#…`) the change moves: ADDed by the Reports worker with the event's claim, so
   * the ticket's own transaction stays small and a redelivered event moves nothing twice.
   */
  counts: z.array(z.object({ name: z.string(), delta: z.number().int() })).optional(),
});

const SentMailbox = z.object({ name: z.string(), address: z.string() });
const EventPartSchema = z.object({
  code: z.enum(EVENT_CODES),
  params: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]))
    .optional(),
});
/** What a mail that left says about itself: everything its record needs (addresses as sent, {name, address}). */
const sentMail = {
  entryId: z.string().min(1),
  messageId: z.string().min(1),
  providerMessageId: z.string(),
  from: SentMailbox,
  to: z.array(SentMailbox),
  cc: z.array(SentMailbox),
  subject: z.string(),
  /** When the mail left. */
  at: z.string(),
};

/**
 * A mail left, but its record could not be written within the after-send budget (DynamoDB away): the record
 * itself, for the Mail worker to write once the table answers (core/mail/sent-record.ts). Handling it never
 * sends mail; a redelivery writes nothing new.
 */
export const MailRecordDeferred = z.object({
  ...base,
  type: z.literal("ticket.mail_record"),
  record: z.discriminatedUnion("kind", [
    /** An agent's reply: its delivery mark ("sent") and the envelope it went out with. */
    z.object({ kind: z.literal("reply"), ...sentMail, attempts: z.number().int().positive() }),
    /** An automatic mail: its line on the timeline (core/mail/outbound.ts `recordAutoMail`). */
    z.object({
      kind: z.literal("auto_mail"),
      ...sentMail,
      body: z.string(),
      what: EventPartSchema.extend({ parts: z.array(EventPartSchema).optional() }).optional(),
      inReplyTo: z.string().optional(),
    }),
  ]),
});
export type MailRecordDeferred = z.infer<typeof MailRecordDeferred>;

/** Every event the desk publishes; the SNS message attribute `type` carries `type` for subscription filters. */
export const DeskEvent = z.discriminatedUnion("type", [
  TicketCreated,
  CustomerMessageAdded,
  AgentReplied,
  TicketAssigned,
  TicketMentioned,
  TicketCategorized,
  TicketNotice,
  CustomerReminder,
  VendorHandoff,
  CsatRequest,
  TicketRated,
  MagicLinkRequested,
  TicketFacts,
  TicketMerged,
  MailRecordDeferred,
]);
export type DeskEvent = z.infer<typeof DeskEvent>;
export type DeskEventType = DeskEvent["type"];
