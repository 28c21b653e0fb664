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
