import { DateTime } from "luxon";
import { store } from "../store/index.ts";
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

/** At most this many comments in one answer (the newest): a range's comments are read a month at a time. */
export const MAX_COMMENTS = 1000;

/**
 * The customers' comments in a range (by the day of their first rating), newest first, with the rating and the
 * ticket's dimensions; `key` is the ticket's key in the chosen dimension (only keys the reader may see count
 * toward the cap). One Query per month of the range, newest month first, stopping at `MAX_COMMENTS`.
 */
export async function commentsReport(
  from: string,
  to: string,
  groupBy: Dimension,
  visible: (key: string) => boolean = () => true,
) {
  const months: string[] = [];
  for (
    let m = DateTime.fromISO(`${to.slice(0, 7)}-01`);
    m.toISODate()! >= `${from.slice(0, 7)}-01`;
    m = m.minus({ months: 1 })
  )
    months.push(m.toFormat("yyyy-MM"));
  const rows = [];
  for (const month of months) {
    const { data } = await store()
      .entities.feedback.query.byMonth({ month })
      .between({ day: from }, { day: `${to}~` })
      .go({ order: "desc", pages: "all" });
    for (const item of data) {
      const key = groupBy === "all" ? "all" : item[groupBy];
      if (!visible(key)) continue;
      rows.push({
        date: item.day,
        key,
        ticketId: item.ticketId,
        number: item.number,
        rating: item.rating,
        comment: item.comment,
        agent: item.agent,
        team: item.team,
        category: item.category,
      });
      if (rows.length >= MAX_COMMENTS) return rows;
    }
  }
  return rows;
}
