import { key, SERVICE } from "../keys.ts";

/**
 * One counter of the reports: a metric for one key of one dimension on one day (the desk's time zone), e.g.
 * `team · 2026-11-25 · csat_good · service-desk`. A month per partition, sorted by dimension then day, so a range
 * of one dimension reads one Query a month.
 */
export const statSchema = {
  model: { service: SERVICE, entity: "stat", version: "1" },
  attributes: {
    month: { type: "string", required: true },
    day: { type: "string", required: true },
    metric: { type: "string", required: true },
    dim: { type: "string", required: true },
    key: { type: "string", required: true },
    count: { type: "number" },
  },
  indexes: {
    byMonth: {
      pk: key("pk", "STAT#${month}", ["month"]),
      sk: key("sk", "${dim}#${day}#${metric}#${key}", ["dim", "day", "metric", "key"]),
    },
  },
} as const;

/**
 * A customer's comment on a solved ticket, for the satisfaction report's list: one item per ticket, filed under
 * the day of its first rating (so changing the rating or the comment later updates the same item), with the
 * ticket's dimensions when it was rated. A month per partition.
 */
export const feedbackSchema = {
  model: { service: SERVICE, entity: "feedback", version: "1" },
  attributes: {
    month: { type: "string", required: true },
    day: { type: "string", required: true },
    ticketId: { type: "string", required: true },
    number: { type: "number", required: true },
    rating: { type: ["good", "bad"] as const, required: true },
    comment: { type: "string", required: true },
    /** When the rating or comment last changed: an older event never overwrites a newer one. */
    ratedAt: { type: "string", required: true },
    agent: { type: "string", required: true },
    team: { type: "string", required: true },
    category: { type: "string", required: true },
    priority: { type: "string", required: true },
    channel: { type: "string", required: true },
    tier: { type: "string", required: true },
  },
  indexes: {
    byMonth: {
      pk: key("pk", "FEEDBACK#${month}", ["month"]),
      sk: key("sk", "${day}#${ticketId}", ["day", "ticketId"]),
    },
  },
} as const;
