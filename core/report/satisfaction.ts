import { listAgents } from "../agent/agent.ts";
import { agentLabels } from "../agent/labels.ts";
import { store } from "../store/index.ts";
import { type Dimension, monthsOf, readStats } from "./stats.ts";
import { groups, type Period } from "./volume.ts";

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
  return groups(await readStats(from, to, groupBy), period).map(({ date, key, metrics }) => {
    const n = (metric: string) => metrics.get(metric) ?? 0;
    const [surveys, good, bad] = [n("csat_sent"), n("csat_good"), n("csat_bad")];
    const answers = good + bad;
    return {
      date,
      key,
      surveys,
      good,
      bad,
      score: answers ? +(good / answers).toFixed(3) : null,
      responseRate: surveys ? +Math.min(1, answers / surveys).toFixed(3) : null,
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
  const rows = [];
  for (const month of monthsOf(from, to).reverse()) {
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

/**
 * The comments as a spreadsheet reads them: the agent by name ("Name (address)" where two agents share a name),
 * not by id; "unassigned" and an id no longer in the directory stay as they are. One directory read (the workload
 * report's), for the CSV only.
 */
export async function commentsForCsv(rows: Record<string, unknown>[]) {
  if (!rows.some((r) => typeof r.agent === "string" && r.agent !== "unassigned")) return rows;
  const labels = agentLabels((await listAgents(undefined, 500)).items);
  return rows.map((r) => ({ ...r, agent: labels.get(String(r.agent)) ?? r.agent }));
}
