import { type Dimension, readStats } from "./stats.ts";
import { type Period, periodOf } from "./volume.ts";

/**
 * Satisfaction per day and key of one dimension: surveys sent, good and bad answers, the score (share of good
 * answers) and the response rate — from the counters alone, whatever the number of tickets.
 */
export async function satisfactionReport(
  from: string,
  to: string,
  groupBy: Dimension,
  period: Period = "day",
) {
  const stats = await readStats(from, to, groupBy);
  const rows = new Map<string, { date: string; key: string; surveys: number; good: number; bad: number }>();
  for (const s of stats) {
    const date = periodOf(s.day, period);
    const id = `${date}|${s.key}`;
    const row = rows.get(id) ?? { date, key: s.key, surveys: 0, good: 0, bad: 0 };
    if (s.metric === "csat_sent") row.surveys += s.count ?? 0;
    if (s.metric === "csat_good") row.good += s.count ?? 0;
    if (s.metric === "csat_bad") row.bad += s.count ?? 0;
    rows.set(id, row);
  }
  return [...rows.values()]
    .sort((a, b) => a.date.localeCompare(b.date) || a.key.localeCompare(b.key))
    .map((row) => {
      const answers = row.good + row.bad;
      return {
        ...row,
        score: answers ? +(row.good / answers).toFixed(3) : null,
        responseRate: row.surveys ? +Math.min(1, answers / row.surveys).toFixed(3) : null,
      };
    });
}
