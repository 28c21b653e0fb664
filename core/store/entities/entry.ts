// A ticket's timeline entry (ElectroDB model): messages, notes, events and mail, only ever added.
import { key, SERVICE } from "../keys.ts";
import { ticketRef } from "./ticket.ts";

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
