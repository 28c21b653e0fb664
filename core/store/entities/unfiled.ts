import { key, SERVICE } from "../keys.ts";

/**
 * An inbound message the desk could not file (no usable sender, too large to store, failing on every attempt…): listed for
 * admins with its reason until they file it by hand or dismiss it. One small partition, newest first (ULID ids).
 */
export const unfiledSchema = {
  model: { service: SERVICE, entity: "unfiled", version: "1" },
  attributes: {
    unfiledId: { type: "string", required: true },
    /** Stable code: no_sender, too_large, failed. */
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
  },
  indexes: {
    byId: { pk: key("pk", "UNFILED"), sk: key("sk", "ITEM#${unfiledId}", ["unfiledId"]) },
  },
} as const;
