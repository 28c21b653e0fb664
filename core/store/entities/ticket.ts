import { key, SERVICE } from "../keys.ts";

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
const ticketRef = {
  type: "map",
  properties: {
    ticketId: { type: "string", required: true },
    number: { type: "number", required: true },
    subject: { type: "string" },
  },
} as const;

/**
 * Short stored names of the ticket's attributes. A ticket item is written on every change, to the table and to
 * every index that holds it, and each is billed per started KB: with its attribute names spelled out, an open
 * ticket with its SLA fields passed 1 KB (2 units per copy, 4 per moved index entry). Stored as these names it
 * stays under 1 KB. The code keeps the long names (ElectroDB maps them); keys, ids and the attributes the
 * timeline collection shares with entries (`createdAt`, `channel`) keep theirs, and so does `nextCheckAt`, which
 * the due index (gsi6) projects by name (a new projection would mean rebuilding that index).
 */
export const TICKET_FIELDS: Record<string, string> = {
  subject: "su",
  requesterName: "rn",
  requesterEmail: "re",
  status: "st",
  priority: "pr",
  tier: "ti",
  escalationReason: "er",
  locale: "lo",
  category: "ca",
  team: "tm",
  assigneeId: "as",
  tags: "tg",
  cc: "cc",
  linkedTicketId: "lk",
  updatedAt: "up",
  lastActivityAt: "la",
  firstResponseAt: "fr",
  solvedAt: "so",
  csatDueAt: "cd",
  csatRequestedAt: "cq",
  csatRating: "cs",
  csatComment: "cm",
  csatRatedAt: "ct",
  csatFirstRatedAt: "cf",
  replyCount: "rc",
  solvedBy: "sb",
  closedAt: "cl",
  reopenCount: "ro",
  createdBy: "cb",
  version: "v",
  shard: "sh",
  queue: "q",
  teamQueue: "tq",
  slaPolicy: "sp",
  slaTargets: "sg",
  slaState: "ss",
  slaStartedAt: "sa",
  firstResponseDueAt: "fd",
  firstResponseWarnAt: "fw",
  resolutionDueAt: "rd",
  resolutionWarnAt: "rw",
  slaPause: "pa",
  slaWarned: "sw",
  slaBreached: "sx",
  pendingSince: "ps",
  pendingRemindedAt: "pm",
  customerWaitingSince: "cw",
  waitingRemindAt: "wr",
  waitingReminded: "wd",
  unassignedSince: "us",
  unassignedAlertAt: "ua",
  safetyNet: "sn",
  vendorId: "vi",
  vendorSince: "vs",
  vendorDueAt: "vd",
  vendorRespondedAt: "vr",
  mergedInto: "mi",
  mergedFrom: "mf",
  related: "rl",
  mergedSenders: "ms",
  numbered: "nm",
  requesterProven: "pv",
};

/** The same attributes, each stored under its short name (types unchanged: `field` is storage only). */
function stored<A extends Record<string, object>>(attributes: A, fields: Record<string, string>): A {
  return Object.fromEntries(
    Object.entries(attributes).map(([name, definition]) => [
      name,
      fields[name] ? { ...definition, field: fields[name] } : definition,
    ]),
  ) as A;
}

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

/**
 * `auto_mail`: mail the desk sent by itself (acknowledgements, notifications), kept for the record;
 * `vendor_message`: what an external vendor (L4) wrote back — agents see it, the customer does not.
 */
export const ENTRY_KINDS = [
  "customer_message",
  "agent_reply",
  "internal_note",
  "event",
  "auto_mail",
  "vendor_message",
] as const;

const stringList = { type: "list", items: { type: "string" } } as const;

/** One timeline entry. Entries are only ever added (and delivery results recorded): the audit trail. */
export const entrySchema = {
  model: { service: SERVICE, entity: "entry", version: "1" },
  attributes: {
    ticketId: { type: "string", required: true, readOnly: true },
    entryId: { type: "string", required: true, readOnly: true },
    kind: { type: ENTRY_KINDS, required: true, readOnly: true },
    createdAt: { type: "string", required: true, readOnly: true },
    authorType: { type: ["customer", "agent", "system", "vendor"] as const, required: true, readOnly: true },
    authorId: { type: "string", readOnly: true },
    authorName: { type: "string", readOnly: true },
    authorEmail: { type: "string", readOnly: true },
    channel: { type: "string", readOnly: true },
    /**
     * How a customer wrote on the ticket's page: with the web form's key (which anyone who typed the address
     * holds), a link mailed to the requester, or signed in to the portal. The form's key shows only its own.
     */
    via: { type: ["form-key", "link", "sign-in"] as const, readOnly: true },
    body: { type: "string", readOnly: true },
    /**
     * An agent reply's signature as it was when the reply was written (core/agent/signature.ts): mailed under the
     * body, by every attempt, whatever the agent's signature is later.
     */
    signature: { type: "string", readOnly: true },
    /** For kind "event": which field changed, from what to what. */
    changes: {
      type: "list",
      readOnly: true,
      items: {
        type: "map",
        properties: {
          field: { type: "string", required: true },
          from: { type: "string" },
          to: { type: "string" },
        },
      },
    },
    /** For events and automatic mail: what `body` says, as a code and params (core/ticket/event-text.ts). */
    what: {
      type: "map",
      readOnly: true,
      properties: {
        code: { type: "string", required: true },
        params: { type: "any" },
        parts: {
          type: "list",
          items: {
            type: "map",
            properties: { code: { type: "string", required: true }, params: { type: "any" } },
          },
        },
      },
    },
    /** Outbound mail delivery of an agent reply. */
    delivery: {
      type: "map",
      properties: {
        status: { type: ["queued", "sending", "sent", "failed", "skipped"] as const, required: true },
        messageId: { type: "string" },
        providerMessageId: { type: "string" },
        attempts: { type: "number" },
        leaseUntil: { type: "string" },
        error: { type: "string" },
        /** A failure for good (no retry): `file_missing`, `undeliverable_address`; `error` is then its reason. */
        code: { type: "string" },
        /** With `file_missing`: the names of the reply's files no longer stored. */
        missingFiles: { type: "list", items: { type: "string" } },
        at: { type: "string" },
      },
    },
    /**
     * A mail threaded from someone not on the ticket: agents only, no CC, no reopening, until an agent accepts it
     * (public, sender on CC) or splits it into a new ticket (core/mail/held.ts).
     */
    held: {
      type: "map",
      properties: {
        reason: { type: "string", required: true },
        acceptedAt: { type: "string" },
        acceptedBy: { type: "string" },
        splitTicketId: { type: "string" },
        splitTicketNumber: { type: "number" },
      },
    },
    /** A customer message an agent split into a ticket of its own (core/ticket/split.ts). */
    splitInto: ticketRef,
    /**
     * Written by someone of a ticket merged into this one with another requester (ticket `mergedSenders`): a
     * customer message agents see, never shown to nor threaded into the mail of this ticket's requester.
     */
    mergedSender: ticketRef,
    /**
     * A mail cut short in transit, whose complete copy (same Message-ID) came later: that copy's entry, which
     * follows this one (core/mail/complete-copy.ts). Agents see both; the customer sees the complete one.
     */
    supersededBy: { type: "string" },
    /** On the complete copy of a mail first filed cut short: the entry of the cut copy. */
    supersedes: { type: "string", readOnly: true },
    /** Set once the assignee has been told about this customer message. */
    notifiedAt: { type: "string" },
    /** Sanitized HTML of a mail, safe to display (the original stays in the raw message). */
    html: { type: "string", readOnly: true },
    /** The mail envelope of an entry that came or went by mail. */
    mail: {
      type: "map",
      properties: {
        messageId: { type: "string" },
        /** Addresses only (`a@b`), never `Name <a@b>`; the sender's display name is kept apart in `fromName`. */
        from: { type: "string" },
        fromName: { type: "string" },
        to: stringList,
        cc: stringList,
        subject: { type: "string" },
        inReplyTo: { type: "string" },
        references: stringList,
        /** SPF, DKIM and DMARC results as the receiving server reported them. */
        spf: { type: "string" },
        dkim: { type: "string" },
        dmarc: { type: "string" },
        spamVerdict: { type: "string" },
        virusVerdict: { type: "string" },
        /** Why the desk treated it as automatic mail (auto-reply, bulk, bounce…); empty for a person. */
        automatic: stringList,
        /** How it found its ticket: references, plus-address, subject-number, or new. */
        threadedBy: { type: "string" },
        /** Which header named the requester (from, sender, reply-to): Reply-To is never authenticated. */
        requesterFrom: { type: "string" },
        /** S3 key of the raw original. */
        rawKey: { type: "string" },
        /** The body shown was cut to fit; the original has it all. */
        truncated: { type: "boolean" },
        /** It carried an S/MIME or PGP signature part (shown as "signed"; not verified). */
        signed: { type: "boolean" },
        /** Addresses the sender put on To/Cc that the desk did not copy (sender not verified): agents decide. */
        notCopied: stringList,
      },
    },
    attachments: {
      type: "list",
      items: {
        type: "map",
        properties: {
          name: { type: "string", required: true },
          contentType: { type: "string", required: true },
          size: { type: "number", required: true },
          key: { type: "string" },
          inline: { type: "boolean" },
          /** Why it was not stored (too large); the raw message still holds it. */
          omitted: { type: "string" },
        },
      },
    },
  },
  indexes: {
    byTicket: {
      collection: "timeline",
      pk: key("pk", "TICKET#${ticketId}", ["ticketId"]),
      sk: key("sk", "E#${entryId}", ["entryId"]),
    },
  },
} as const;

/**
 * A ticket's number → its id, written once, in the transaction that creates the ticket. A number never changes:
 * an item of its own costs 2 units once, where the ticket's copy in a lookup index (gsi1, as before) cost a unit
 * on every change of the ticket.
 */
export const ticketNumberSchema = {
  model: { service: SERVICE, entity: "ticketNumber", version: "1" },
  attributes: {
    number: { type: "number", required: true },
    ticketId: { type: "string", required: true },
  },
  indexes: { byNumber: { pk: key("pk", "TNUM#${number}", ["number"]), sk: key("sk", "TNUM") } },
} as const;

/** The per-desk ticket number counter (atomic ADD). */
export const counterSchema = {
  model: { service: SERVICE, entity: "counter", version: "1" },
  attributes: {
    name: { type: "string", required: true },
    value: { type: "number", required: true },
  },
  indexes: { byName: { pk: key("pk", "COUNTER#${name}", ["name"]), sk: key("sk", "COUNTER") } },
} as const;

/** An inbound submission already filed: web Idempotency-Key, later email Message-ID. */
export const idempotencySchema = {
  model: { service: SERVICE, entity: "idempotency", version: "1" },
  attributes: {
    scope: { type: "string", required: true },
    idemKey: { type: "string", required: true },
    /** Hash of what was submitted: the same key with other content is refused, never answered. */
    fingerprint: { type: "string", required: true },
    ticketId: { type: "string", required: true },
    number: { type: "number", required: true },
    createdAt: { type: "string", required: true },
    expiresAt: { type: "number" },
    /**
     * Claims of automatic mail (core/claim.ts): `leased` until `leaseUntil` while one run sends, `sent` once
     * SES took it. A claim without a state is permanent (older claims, one-time markers).
     */
    state: { type: ["leased", "sent"] as const },
    leaseUntil: { type: "string" },
    attempts: { type: "number" },
    sentAt: { type: "string" },
    sesMessageId: { type: "string" },
  },
  indexes: {
    byKey: { pk: key("pk", "IDEM#${scope}#${idemKey}", ["scope", "idemKey"]), sk: key("sk", "IDEM") },
  },
} as const;

/** A Message-ID the desk has seen (received, or sent with its own and SES's ids): threading and dedupe. */
export const messageRefSchema = {
  model: { service: SERVICE, entity: "messageRef", version: "1" },
  attributes: {
    messageId: { type: "string", required: true },
    direction: { type: ["in", "out"] as const, required: true },
    /** filed, quarantined (virus), ignored (an unthreadable bounce…), unfiled (waiting in the admins' list) */
    outcome: { type: ["filed", "quarantined", "ignored", "unfiled"] as const, required: true },
    ticketId: { type: "string" },
    entryId: { type: "string" },
    rawKey: { type: "string" },
    reason: { type: "string" },
    /** The copy filed was cut short (core/mail/parse.ts `incomplete`): a complete copy may still be filed beside it. */
    incomplete: { type: "boolean" },
    /** The entry that holds the complete copy, once one came (core/mail/complete-copy.ts). */
    completedBy: { type: "string" },
    /** A keyed message's digest (core/ticket/idempotency-key.ts): the same key with another message is refused. */
    fingerprint: { type: "string" },
    createdAt: { type: "string", required: true },
  },
  indexes: { byId: { pk: key("pk", "MSGID#${messageId}", ["messageId"]), sk: key("sk", "REF") } },
} as const;

/** An address the desk must not mail automatically (hard bounce, complaint). */
export const suppressionSchema = {
  model: { service: SERVICE, entity: "suppression", version: "1" },
  attributes: {
    email: { type: "string", required: true },
    reason: { type: ["bounce", "complaint"] as const, required: true },
    detail: { type: "string" },
    createdAt: { type: "string", required: true },
  },
  indexes: { byEmail: { pk: key("pk", "SUPPRESS#${email}", ["email"]), sk: key("sk", "SUPPRESS") } },
} as const;

/** An event written with the change that caused it, deleted once published (transactional outbox). */
export const outboxSchema = {
  model: { service: SERVICE, entity: "outbox", version: "1" },
  attributes: {
    shard: { type: "number", required: true },
    eventId: { type: "string", required: true },
    createdAt: { type: "string", required: true },
    event: { type: "string", required: true },
    attempts: { type: "number" },
  },
  indexes: {
    byShard: {
      pk: key("pk", "OUTBOX#${shard}", ["shard"]),
      sk: key("sk", "${createdAt}#${eventId}", ["createdAt", "eventId"]),
    },
  },
} as const;
