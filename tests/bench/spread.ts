import type { Target } from "../../core/report/counters.ts";
import { BUCKETS } from "../../core/report/facts.ts";
import { counterMoves } from "../../core/report/stats.ts";
import { CHANNELS, PRIORITIES, TIERS } from "../../core/store/entities/ticket.ts";

/**
 * A busy desk's day of report counters, drawn the same way every run: 15–30 active priority × channel × tier cells
 * (of 80), each with one or two tickets' worth of 3–12 of the common metrics under one of 20 agents, 5 teams and
 * 8 categories. Shared by the report benches (tests/bench/report-spread.ts, reports.ts).
 */
const POOL = [
  "created",
  "solved",
  "reopened",
  "one_touch",
  "reply",
  "first_response",
  ...BUCKETS.slice(0, 9).map((_, i) => `first_response_b${i}`),
  ...BUCKETS.slice(2, 12).map((_, i) => `solved_b${i + 2}`),
  "sla_first_response_met",
  "sla_first_response_missed",
  "sla_resolution_met",
  "sla_resolution_missed",
  "csat_sent",
  "csat_good",
  "csat_bad",
  "escalated_L2",
  "escalation_reason_needs_expertise",
  "breach_resolution",
];
const AGENTS = Array.from({ length: 20 }, (_, i) => `01AGENT${String(i).padStart(19, "0")}`);
export const TEAMS = ["service-desk", "field-support", "network", "applications", "security"];
export const CATEGORIES = [
  "access",
  "hardware",
  "network",
  "software",
  "email",
  "printing",
  "security",
  "purchase",
];

/** mulberry32: a small seeded generator, so every run draws the same desk. */
export function generator(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Contribution = { keys: Record<string, string>; changes: { metric: string; delta: number }[] };

/** One day's work: 15–30 active cells, each with one or two tickets' worth of metrics under an agent, team, category. */
export function dayOf(random: () => number): Contribution[] {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const cells = new Set<string>();
  const wanted = 15 + Math.floor(random() * 16);
  while (cells.size < wanted) cells.add(`${pick(PRIORITIES)}#${pick(CHANNELS)}#${pick(TIERS)}`);
  return [...cells].flatMap((cell) => {
    const [priority, channel, tier] = cell.split("#") as [string, string, string];
    return Array.from({ length: 1 + Math.floor(random() * 2) }, () => {
      const metrics = new Set<string>();
      const n = 3 + Math.floor(random() * 10);
      while (metrics.size < n) metrics.add(pick(POOL));
      return {
        keys: {
          all: "all",
          agent: pick(AGENTS),
          team: pick(TEAMS),
          category: pick(CATEGORIES),
          priority,
          channel,
          tier,
        },
        changes: [...metrics].map((metric) => ({ metric, delta: 1 + Math.floor(random() * 5) })),
      };
    });
  });
}

/** One day's contributions as packed counter items' targets and metrics (as the Reports worker sums them). */
export function packedDay(contributions: Contribution[]) {
  const byTarget = new Map<string, { target: Target; metrics: Record<string, number> }>();
  for (const { keys, changes } of contributions)
    for (const { target, metrics } of counterMoves(changes, keys as never)) {
      const id = `${target.dim}|${target.key}`;
      const entry = byTarget.get(id) ?? { target, metrics: {} };
      for (const [m, n] of Object.entries(metrics)) entry.metrics[m] = (entry.metrics[m] ?? 0) + n;
      byTarget.set(id, entry);
    }
  return [...byTarget.values()];
}
