// Claims that make a submission or an automatic mail happen once (Idempotency-Key, Message-ID, mail claims).
import { key, SERVICE } from "../keys.ts";

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
