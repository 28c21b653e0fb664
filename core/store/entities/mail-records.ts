// What the desk keeps of mail beside tickets: the Message-IDs it has seen, the addresses it must not mail.
import { key, SERVICE } from "../keys.ts";

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
    /** SES's own word for it, when SES told: a bounce's `bounceSubType`, a complaint's `complaintFeedbackType`. */
    kind: { type: "string" },
    createdAt: { type: "string", required: true },
  },
  indexes: { byEmail: { pk: key("pk", "SUPPRESS#${email}", ["email"]), sk: key("sk", "SUPPRESS") } },
} as const;
