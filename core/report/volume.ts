import { DateTime } from "luxon";
import { ESCALATION_REASONS } from "../store/entities/ticket.ts";
import { readCounts } from "../ticket/counts.ts";
import { BUCKETS, percentile } from "./facts.ts";
import { type Dimension, readStats } from "./stats.ts";

type Stat = Awaited<ReturnType<typeof readStats>>[number];
export type Period = "day" | "week" | "month";

/** A day as the period it falls in: itself, its ISO week (`2026-W48`) or its month (`2026-11`). */
export const periodOf = (day: string, period: Period) =>
  period === "day"
    ? day
    : period === "month"
      ? day.slice(0, 7)
      : DateTime.fromISO(day).toFormat("kkkk-'W'WW");

/** Counters summed per period and key (each with its metrics), sorted by period then key. */
export const groups = (stats: Stat[], period: Period = "day") => {
  const by = new Map<string, { date: string; key: string; metrics: Map<string, number> }>();
  for (const s of stats) {
    const date = periodOf(s.day, period);
    const id = `${date}|${s.key}`;
    const group = by.get(id) ?? { date, key: s.key, metrics: new Map() };
    group.metrics.set(s.metric, (group.metrics.get(s.metric) ?? 0) + (s.count ?? 0));
    by.set(id, group);
  }
  return [...by.values()].sort((a, b) => a.date.localeCompare(b.date) || a.key.localeCompare(b.key));
};

/** Tickets created, solved, reopened and merged away per day and key, and escalations. */
export async function volumeReport(from: string, to: string, groupBy: Dimension, period: Period = "day") {
  return groups(await readStats(from, to, groupBy), period).map(({ date, key, metrics }) => ({
    date,
    key,
    created: metrics.get("created") ?? 0,
    solved: metrics.get("solved") ?? 0,
    reopened: metrics.get("reopened") ?? 0,
    /** Merged into another ticket while open: out of the backlog without a solve. */
    merged: metrics.get("merged") ?? 0,
    escalated: ["L2", "L3", "L4"].reduce((n, tier) => n + (metrics.get(`escalated_${tier}`) ?? 0), 0),
    oneTouchRate: metrics.get("solved")
      ? +((metrics.get("one_touch") ?? 0) / metrics.get("solved")!).toFixed(3)
      : null,
    reopenRate: metrics.get("solved")
      ? +((metrics.get("reopened") ?? 0) / metrics.get("solved")!).toFixed(3)
      : null,
  }));
}

/** Escalations per day and key: to which tier, and why (a missed SLA target or the agent's reason). */
export async function escalationsReport(
  from: string,
  to: string,
  groupBy: Dimension,
  period: Period = "day",
) {
  return groups(await readStats(from, to, groupBy), period)
    .map(({ date, key, metrics }) => {
      const n = (metric: string) => metrics.get(metric) ?? 0;
      return {
        date,
        key,
        escalated: n("escalated_L2") + n("escalated_L3") + n("escalated_L4"),
        toL2: n("escalated_L2"),
        toL3: n("escalated_L3"),
        toL4: n("escalated_L4"),
        ...Object.fromEntries(ESCALATION_REASONS.map((r) => [r, n(`escalation_reason_${r}`)])),
      };
    })
    .filter((row) => row.escalated > 0);
}

const histogram = (metrics: Map<string, number>, metric: string) =>
  BUCKETS.map((_, i) => metrics.get(`${metric}_b${i}`) ?? 0);

/**
 * First-response and resolution times in business minutes — median and 90th percentile from mergeable
 * histograms (so any range or key merges exactly; each figure is a bucket's upper bound) — per day and key,
 * then one row per key for the whole range (`date: "all"`).
 */
export async function responseTimesReport(
  from: string,
  to: string,
  groupBy: Dimension,
  period: Period = "day",
) {
  const days = groups(await readStats(from, to, groupBy), period);
  const totals = new Map<string, Map<string, number>>();
  for (const { key, metrics } of days) {
    const total = totals.get(key) ?? new Map<string, number>();
    for (const [metric, n] of metrics) total.set(metric, (total.get(metric) ?? 0) + n);
    totals.set(key, total);
  }
  const row = (date: string, key: string, metrics: Map<string, number>) => {
    const fr = histogram(metrics, "first_response");
    const res = histogram(metrics, "solved");
    return {
      date,
      key,
      firstResponses: fr.reduce((a, b) => a + b, 0),
      firstResponseMedian: percentile(fr, 0.5),
      firstResponseP90: percentile(fr, 0.9),
      solved: res.reduce((a, b) => a + b, 0),
      resolutionMedian: percentile(res, 0.5),
      resolutionP90: percentile(res, 0.9),
    };
  };
  return [
    ...days.map(({ date, key, metrics }) => row(date, key, metrics)),
    ...[...totals.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, metrics]) => row("all", key, metrics)),
  ];
}

/**
 * SLA compliance per day and key: targets met and missed (first response, resolution) and breaches; for the desk
 * as a whole, a last row (`date: "now"`) with the open tickets at risk, breached and paused now.
 */
export async function slaReport(from: string, to: string, groupBy: Dimension, period: Period = "day") {
  const rate = (met: number, missed: number) => (met + missed ? +(met / (met + missed)).toFixed(3) : null);
  const [stats, now] = await Promise.all([
    readStats(from, to, groupBy),
    groupBy === "all" ? readCounts(["sla:warning", "sla:breached", "sla:paused"]) : undefined,
  ]);
  const days = groups(stats, period).map(({ date, key, metrics }) => {
    const n = (metric: string) => metrics.get(metric) ?? 0;
    return {
      date,
      key,
      firstResponseMet: n("sla_first_response_met"),
      firstResponseMissed: n("sla_first_response_missed"),
      firstResponseCompliance: rate(n("sla_first_response_met"), n("sla_first_response_missed")),
      resolutionMet: n("sla_resolution_met"),
      resolutionMissed: n("sla_resolution_missed"),
      resolutionCompliance: rate(n("sla_resolution_met"), n("sla_resolution_missed")),
      breaches: n("breach_firstResponse") + n("breach_resolution"),
      vendorBreaches: n("breach_vendor"),
    };
  });
  // For the desk as a whole, where its open tickets stand now (counters moved in every ticket transaction).
  if (!now) return days;
  const standing = {
    atRiskNow: now["sla:warning"] ?? 0,
    breachedNow: now["sla:breached"] ?? 0,
    pausedNow: now["sla:paused"] ?? 0,
  };
  return [...days, { date: "now", key: "all", ...standing }];
}
