import { key, SERVICE } from "../keys.ts";

/**
 * An inbound message the desk could not file (no usable sender, too large to store, failing on every attempt…) or
 * set aside on purpose (an automatic reply to a closed ticket, a virus…): listed for admins with its reason until
 * they file it by hand or dismiss it (a set-aside one also expires). One small partition, newest first (ULID ids).
 */
export const unfiledSchema = {
  model: { service: SERVICE, entity: "unfiled", version: "1" },
  attributes: {
    unfiledId: { type: "string", required: true },
    /** Stable code: no_sender, too_large, failed; set aside: automatic, own_address, stray_report, virus. */
    reason: { type: "string", required: true },
    detail: { type: "string", required: true },
    receivedAt: { type: "string", required: true },
    /** As far as the headers tell (the address may be missing). */
    fromAddress: { type: "string" },
    fromName: { type: "string" },
    subject: { type: "string" },
    /** S3 key of the raw original. */
    rawKey: { type: "string", required: true },
    size: { type: "number", required: true },
    /** The message reference holding this message's place (outcome `unfiled`), released when filed by hand. */
    messageKey: { type: "string", required: true },
    /** Set when the desk set the message aside on purpose: the outcome its message reference holds. */
    setAside: { type: ["ignored", "quarantined"] as const },
    /** TTL (epoch seconds): a set-aside message leaves the list by itself after a while; unfiled ones never do. */
    expiresAt: { type: "number" },
  },
  indexes: {
    byId: { pk: key("pk", "UNFILED"), sk: key("sk", "ITEM#${unfiledId}", ["unfiledId"]) },
  },
} as const;
