// The ticket item (ElectroDB model, its indexes) and the values its fields take.
import { key, SERVICE } from "../keys.ts";
import { stored, TICKET_FIELDS } from "./ticket-fields.ts";

export const CHANNELS = ["web", "email", "phone", "walk_in", "api"] as const;
export const STATUSES = ["new", "open", "pending", "on_hold", "solved", "closed"] as const;
export const OPEN_STATUSES = ["new", "open", "pending", "on_hold"] as const;
export const PRIORITIES = ["low", "normal", "high", "urgent"] as const;
export const TIERS = ["L1", "L2", "L3", "L4"] as const;
export const LOCALES = ["en", "fr"] as const;
/** Why a ticket went up a tier: a missed SLA target (the sweep), or the agent's reason. */
export const AGENT_ESCALATION_REASONS = [
  "needs_expertise",
  "needs_access",
  "customer_request",
  "vendor",
  "unspecified",
] as const;
export const ESCALATION_REASONS = [
  "sla_first_response",
  "sla_resolution",
  ...AGENT_ESCALATION_REASONS,
] as const;
export const SLA_STATES = ["ok", "warning", "breached", "paused"] as const;

const isOpen = (status: unknown) => (OPEN_STATUSES as readonly unknown[]).includes(status);

/** Another ticket as a ticket names it (merge, links, split): its id, and number and subject for display. */
export const ticketRef = {
  type: "map",
  properties: {
    ticketId: { type: "string", required: true },
    number: { type: "number", required: true },
    subject: { type: "string" },
  },
} as const;

/** The ticket item. Every write is a full `put` conditioned on `version`, so sparse index keys stay exact. */
export const ticketSchema = {
  model: { service: SERVICE, entity: "ticket", version: "1" },
  attributes: stored(
    {
      ticketId: { type: "string", required: true, readOnly: true },
      number: { type: "number", required: true, readOnly: true },
      subject: { type: "string", required: true },
      requesterName: { type: "string", required: true },
      requesterEmail: { type: "string", required: true },
      channel: { type: CHANNELS, required: true },
      status: { type: STATUSES, required: true },
      priority: { type: PRIORITIES, required: true },
      tier: { type: TIERS, required: true },
      /** Why the last escalation happened (set with every raise of the tier). */
      escalationReason: { type: ESCALATION_REASONS },
      locale: { type: LOCALES, required: true },
      category: { type: "string" },
      team: { type: "string" },
      assigneeId: { type: "string" },
      tags: { type: "list", items: { type: "string" }, required: true },
      /** Other addresses on the conversation (mail CC): kept, and copied on replies. */
      cc: { type: "list", items: { type: "string" } },
      /** The closed ticket this one continues (a customer wrote to a closed ticket). */
      linkedTicketId: { type: "string" },
      createdAt: { type: "string", required: true },
      updatedAt: { type: "string", required: true },
      lastActivityAt: { type: "string", required: true },
      firstResponseAt: { type: "string" },
      solvedAt: { type: "string" },
      /** Satisfaction survey: when it is due (after a solve), when it was sent, the answer. */
      csatDueAt: { type: "string" },
      csatRequestedAt: { type: "string" },
      csatRating: { type: ["good", "bad"] as const },
      csatComment: { type: "string" },
      csatRatedAt: { type: "string" },
      /** The day the comment is filed under in the reports, however often the rating changes. */
      csatFirstRatedAt: { type: "string" },
      /** Public agent replies so far (one-touch resolution: solved after exactly one). */
      replyCount: { type: "number" },
      /** Who solved it last: an agent, the customer (from the portal or an article), or the sweep (no answer). */
      solvedBy: { type: ["agent", "customer", "sweep"] as const },
      closedAt: { type: "string" },
      reopenCount: { type: "number", required: true },
      createdBy: { type: "string" },
      /**
       * Its number → id item (`TNUM#<n>`, ticketNumberSchema) exists. Tickets stored before that item (found by
       * number on gsi1 until then) get it with their next write, in its transaction.
       */
      numbered: { type: "boolean" },
      /**
       * The requester proved, after the ticket was opened, that the address is theirs: a reply by mail whose
       * From is theirs and vouched for (DMARC), or a portal message written through a link mailed to them or a
       * sign-in. Set once, on the write that stores that message; automatic mail may then repeat the ticket's
       * words (core/mail/echo.ts). A portal sign-in proves the address for every ticket it had then: that is
       * the address's own item (`PROVEN#<email>`), not a write of each ticket.
       */
      requesterProven: { type: "boolean" },
      version: { type: "number", required: true },
      /** 0..SHARDS-1, fixed at creation: spreads the status, open and due indexes over partitions. */
      shard: { type: "number", required: true },
      /** `unassigned:<team>` while unassigned, `agent:<id>` once assigned: the work-queue partition. */
      queue: { type: "string", required: true },
      /** The team's id, or "none" before routing: the team-queue partition. */
      teamQueue: { type: "string", required: true },
      /** When the sweeps next need to look at this ticket; "" = nothing due, and out of the sparse index. */
      nextCheckAt: { type: "string", required: true },
      // SLA (core/sla/clock.ts keeps these on every write; the sweep acts on them)
      /** Which targets apply, e.g. `high, category network`. */
      slaPolicy: { type: "string" },
      /** The targets' signature: a changed policy is applied the next time the ticket is written or swept. */
      slaTargets: { type: "string" },
      slaState: { type: SLA_STATES },
      /** Start of the current resolution target (creation, or the last reopening). */
      slaStartedAt: { type: "string" },
      firstResponseDueAt: { type: "string" },
      firstResponseWarnAt: { type: "string" },
      resolutionDueAt: { type: "string" },
      resolutionWarnAt: { type: "string" },
      /** While the clock is stopped: since when, and the business minutes each target had left. */
      slaPause: {
        type: "map",
        properties: {
          at: { type: "string", required: true },
          firstResponseLeft: { type: "number" },
          resolutionLeft: { type: "number" },
        },
      },
      /**
       * Business minutes the clock stood still so far (pending / vendor waits that ended): since creation for the
       * first-response target, since `slaStartedAt` for the resolution target. A recomputation (priority, policy,
       * calendar) adds them to the new target, so time spent waiting is never charged back.
       */
      firstResponsePausedMinutes: { type: "number" },
      resolutionPausedMinutes: { type: "number" },
      /** Targets warned about / breached (`firstResponse`, `resolution`, `vendor`): each acted on once. */
      slaWarned: { type: "list", items: { type: "string" } },
      slaBreached: { type: "list", items: { type: "string" } },
      /** Housekeeping: waiting on the customer since, and when they were reminded. */
      pendingSince: { type: "string" },
      pendingRemindedAt: { type: "string" },
      /** A customer message no agent has answered yet: since when, and when to remind the owner. */
      customerWaitingSince: { type: "string" },
      waitingRemindAt: { type: "string" },
      waitingReminded: { type: "boolean" },
      /** Safety net: open and unassigned since when, and when nobody having taken it alerts the team (or admins). */
      unassignedSince: { type: "string" },
      unassignedAlertAt: { type: "string" },
      /** Safety-net alerts already raised (`unassigned@<since>`, `away:<agentId>`, `inactive:<agentId>`): once each. */
      safetyNet: { type: "list", items: { type: "string" } },
      /** L4: the external vendor holding the ticket, since when, its contract deadline, its first answer. */
      vendorId: { type: "string" },
      vendorSince: { type: "string" },
      vendorDueAt: { type: "string" },
      vendorRespondedAt: { type: "string" },
      /** Merged away (core/ticket/merge.ts): the ticket this one now lives in; it is closed, its mail lands there. */
      mergedInto: ticketRef,
      /** Tickets merged into this one, flattened (a merged ticket brings its own): their timelines show here. */
      mergedFrom: { type: "list", items: ticketRef },
      /** Related tickets, linked both ways (core/ticket/links.ts). */
      related: { type: "list", items: ticketRef },
      /**
       * People of a merged ticket with another requester (its requester, its CC): their mail lands here as a
       * customer message agents see, never shown to this ticket's requester, and they are not copied on replies.
       * Bounded by construction: at most MAX_MERGED tickets, each with a requester and a bounded CC.
       */
      mergedSenders: {
        type: "list",
        items: {
          type: "map",
          properties: {
            email: { type: "string", required: true },
            ticketId: { type: "string", required: true },
            number: { type: "number", required: true },
          },
        },
      },
    } as const,
    TICKET_FIELDS,
  ),
  indexes: {
    // a ticket with its whole timeline in one Query (collection "timeline")
    byId: {
      collection: "timeline",
      pk: key("pk", "TICKET#${ticketId}", ["ticketId"]),
      sk: key("sk", "TICKET"),
    },
    // (a ticket by its human number: the `TNUM#<n>` item, ticketNumberSchema — not an index that every change
    // of the ticket would rewrite)
    // a customer's tickets by email, newest first
    byRequester: {
      index: "gsi2",
      pk: key("gsi2pk", "REQ#${requesterEmail}", ["requesterEmail"]),
      sk: key("gsi2sk", "${createdAt}", ["createdAt"]),
    },
    // work queues: unassigned per team, assigned to an agent; open tickets only
    byQueue: {
      index: "gsi3",
      condition: (attrs: Record<string, unknown>) => isOpen(attrs.status),
      pk: key("gsi3pk", "Q#${queue}", ["queue"]),
      sk: key("gsi3sk", "${lastActivityAt}", ["lastActivityAt"]),
    },
    // a team's open tickets, assigned or not
    byTeam: {
      index: "gsi7",
      condition: (attrs: Record<string, unknown>) => isOpen(attrs.status),
      pk: key("gsi7pk", "TEAMQ#${teamQueue}", ["teamQueue"]),
      sk: key("gsi7sk", "${lastActivityAt}", ["lastActivityAt"]),
    },
    // tickets in one status, sharded
    byStatus: {
      index: "gsi4",
      pk: key("gsi4pk", "STATUS#${status}#${shard}", ["status", "shard"]),
      sk: key("gsi4sk", "${lastActivityAt}", ["lastActivityAt"]),
    },
    // all open tickets, sharded
    byOpen: {
      index: "gsi5",
      condition: (attrs: Record<string, unknown>) => isOpen(attrs.status),
      pk: key("gsi5pk", "OPEN#${shard}", ["shard"]),
      sk: key("gsi5sk", "${lastActivityAt}", ["lastActivityAt"]),
    },
    // work by due time (open and solved tickets with something due), sparse and sharded, for the sweeps
    byDue: {
      index: "gsi6",
      condition: (attrs: Record<string, unknown>) => attrs.status !== "closed" && Boolean(attrs.nextCheckAt),
      pk: key("gsi6pk", "DUE#${shard}", ["shard"]),
      sk: key("gsi6sk", "${nextCheckAt}#${ticketId}", ["nextCheckAt", "ticketId"]),
    },
  },
} as const;
