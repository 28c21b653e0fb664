// The transactional outbox: events written with their change, published after.
import { key, SERVICE } from "../keys.ts";

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
