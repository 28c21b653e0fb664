import { key, SERVICE } from "../keys.ts";

/**
 * A safety-net alert waiting to go out in an agent's digest (the agent had already had several alone this hour):
 * one item per alert and agent; the sweep mails each agent's items as one message and deletes them.
 */
export const noticeDigestSchema = {
  model: { service: SERVICE, entity: "noticeDigest", version: "1" },
  attributes: {
    agentId: { type: "string", required: true },
    eventId: { type: "string", required: true },
    ticketId: { type: "string", required: true },
    number: { type: "number", required: true },
    subject: { type: "string", required: true },
    createdAt: { type: "string", required: true },
  },
  indexes: {
    byAgent: {
      pk: key("pk", "DIGEST"),
      sk: key("sk", "${agentId}#${eventId}", ["agentId", "eventId"]),
    },
  },
} as const;
