import { DateTime } from "luxon";
import { listAgents } from "../agent/agent.ts";
import { listTeams } from "../agent/directory.ts";
import { store } from "../store/index.ts";
import { readCounts } from "../ticket/counts.ts";
import { BUCKETS, percentile } from "./facts.ts";
import { readStats } from "./stats.ts";
import { type Period, periodOf, volumeReport } from "./volume.ts";

const sumBy = (stats: Awaited<ReturnType<typeof readStats>>) => {
  const by = new Map<string, Map<string, number>>();
  for (const s of stats) {
    const metrics = by.get(s.key) ?? new Map<string, number>();
    metrics.set(s.metric, (metrics.get(s.metric) ?? 0) + (s.count ?? 0));
    by.set(s.key, metrics);
  }
  return by;
};

/** Per agent, for the range: replies sent, tickets solved, first-response median; and open tickets now. */
export async function workloadReport(from: string, to: string) {
  const [stats, agents] = await Promise.all([readStats(from, to, "agent"), listAgents(undefined, 500)]);
  const totals = sumBy(stats);
  const open = await readCounts(agents.items.map((a) => `queue:agent:${a.id}`));
  return agents.items.map((agent) => {
    const m = totals.get(agent.id) ?? new Map<string, number>();
    const fr = BUCKETS.map((_, i) => m.get(`first_response_b${i}`) ?? 0);
    return {
      date: "all",
      key: agent.id,
      name: agent.name,
      // Two agents may share a name: the address tells them apart (the app and the CSV show it where they do).
      email: agent.email,
      openNow: open[`queue:agent:${agent.id}`] ?? 0,
      replies: m.get("reply") ?? 0,
      solved: m.get("solved") ?? 0,
      firstResponseMedian: percentile(fr, 0.5),
    };
  });
}

/**
 * The backlog: open tickets now by status, unassigned and SLA state (counters), by age bucket and status, and
 * per day of the range the net change (created + reopened − solved − merged away while open) — its trend.
 */
export async function backlogReport(from: string, to: string) {
  const teams = await listTeams();
  const statuses = ["new", "open", "pending", "on_hold"];
  const counts = await readCounts([
    "open",
    ...statuses.map((s) => `status:${s}`),
    "queue:unassigned:none",
    "sla:warning",
    "sla:breached",
    "sla:paused",
    ...teams.map((t) => `queue:unassigned:${t.id}`),
  ]);
  const unassigned = ["none", ...teams.map((t) => t.id)].reduce(
    (n, team) => n + (counts[`queue:unassigned:${team}`] ?? 0),
    0,
  );
  const now = {
    date: "now",
    key: "all",
    openTotal: counts.open ?? 0,
    ...Object.fromEntries(statuses.map((s) => [`status_${s}`, counts[`status:${s}`] ?? 0])),
    unassigned,
    atRisk: counts["sla:warning"] ?? 0,
    breached: counts["sla:breached"] ?? 0,
    paused: counts["sla:paused"] ?? 0,
    netChange: null as number | null,
  };
  // Age buckets: open tickets by status and day of creation (counters) for the last 30 days; everything older is
  // the status's open count minus those (both move in the same ticket transactions): 120 small reads, any age.
  // (Days of creation in UTC, as the counters are keyed.)
  const today = DateTime.utc().startOf("day");
  const created = Array.from({ length: 30 }, (_, i) => today.minus({ days: i }).toISODate()!);
  const ages = await readCounts(statuses.flatMap((s) => created.map((day) => `age:${s}:${day}`)));
  const BUCKETS_DAYS = [
    ["age:0-1d", 0, 1],
    ["age:1-3d", 1, 3],
    ["age:3-7d", 3, 7],
    ["age:7-30d", 7, 30],
  ] as const;
  const inDays = (s: string, min: number, max: number) =>
    created.slice(min, max).reduce((n, day) => n + (ages[`age:${s}:${day}`] ?? 0), 0);
  const ageRows = [
    ...BUCKETS_DAYS.map(([key, min, max]) => ({
      key,
      byStatus: Object.fromEntries(statuses.map((s) => [`status_${s}`, inDays(s, min, max)])),
    })),
    {
      key: "age:30d+",
      byStatus: Object.fromEntries(
        statuses.map((s) => [`status_${s}`, Math.max(0, (counts[`status:${s}`] ?? 0) - inDays(s, 0, 30))]),
      ),
    },
  ].map(({ key, byStatus }) => ({
    date: "now",
    key,
    openTotal: Object.values(byStatus).reduce((a, b) => a + b, 0),
    ...byStatus,
  }));
  const days = (await volumeReport(from, to, "all")).map((row) => ({
    date: row.date,
    key: "all",
    netChange: row.created + row.reopened - row.solved - row.merged,
  }));
  return [now, ...ageRows, ...days];
}

/**
 * Knowledge-base deflection in a range: per period, requests answered by an article (form abandoned after reading
 * it, or ticket closed from it), helpful and unhelpful votes, tickets created and the deflection rate
 * (deflections ÷ (deflections + tickets)); then one row per article for the whole range (`date: "all"`).
 * Counters only (dimension `kb`), plus the published articles for their titles.
 */
export async function deflectionReport(from: string, to: string, period: Period = "day") {
  const [kb, volume] = await Promise.all([readStats(from, to, "kb"), volumeReport(from, to, "all", period)]);
  const created = new Map(volume.map((row) => [row.date, row.created]));
  const periods = new Map<string, { deflections: number; helpful: number; notHelpful: number }>();
  const articles = new Map<string, { deflections: number; helpful: number; notHelpful: number }>();
  for (const s of kb) {
    const metric = s.metric as "deflections" | "helpful" | "notHelpful";
    const into = s.key === "all" ? periods : articles;
    const id = s.key === "all" ? periodOf(s.day, period) : s.key;
    const row = into.get(id) ?? { deflections: 0, helpful: 0, notHelpful: 0 };
    row[metric] += s.count ?? 0;
    into.set(id, row);
  }
  const dates = [...new Set([...periods.keys(), ...created.keys()])].sort();
  const byPeriod = dates.map((date) => {
    const row = periods.get(date) ?? { deflections: 0, helpful: 0, notHelpful: 0 };
    const tickets = created.get(date) ?? 0;
    return {
      date,
      key: "all",
      title: null as string | null,
      locale: null as string | null,
      ...row,
      ticketsCreated: tickets,
      deflectionRate:
        row.deflections + tickets ? +(row.deflections / (row.deflections + tickets)).toFixed(3) : null,
    };
  });
  const titles = new Map<string, { title: string; locale: string }>();
  for (const locale of ["en", "fr"] as const) {
    const { data } = await store()
      .entities.article.query.byState({ locale, status: "published" })
      .go({ pages: "all" });
    for (const a of data) titles.set(a.articleId, { title: a.title, locale });
  }
  const perArticle = [...articles.entries()]
    .map(([articleId, row]) => ({
      date: "all",
      key: articleId,
      title: titles.get(articleId)?.title ?? null,
      locale: titles.get(articleId)?.locale ?? null,
      ...row,
      ticketsCreated: null,
      deflectionRate: null,
    }))
    .sort((a, b) => b.deflections - a.deflections || b.helpful - a.helpful);
  return [...byPeriod, ...perArticle];
}

/**
 * What the desk itself costs this month, estimated from what it counted (tickets, replies) with the unit costs
 * measured by `npm run bench` and AWS's published on-demand prices (us-east-1); fixed idle costs and storage
 * (tickets ever, bytes kept in the bucket) included.
 */
export async function costReport(now = new Date()) {
  const month = DateTime.fromJSDate(now).toUTC();
  const from = month.startOf("month").toISODate()!;
  const to = month.toISODate()!;
  const [stats, counts, ticketCounter] = await Promise.all([
    readStats(from, to, "all"),
    readCounts(["storage:bytes"]),
    store().entities.counter.get({ name: "ticket" }).go(),
  ]);
  const totals = sumBy(stats).get("all") ?? new Map<string, number>();
  const tickets = totals.get("created") ?? 0;
  // Storage: every ticket ever, with its timeline, ≈ 5 KB in the table and its indexes (0.5 GB per 100,000
  // measured); the bucket's raw mail and attachments as counted when stored.
  const ticketsEver = ticketCounter.data?.value ?? 0;
  const tableGb = (ticketsEver * 5_000) / 1e9;
  const bucketGb = (counts["storage:bytes"] ?? 0) / 1e9;
  const replies = totals.get("reply") ?? 0;
  // Per ticket: create + triage + acknowledgement + search index + reports ≈ 200 WRU and 20 RRU, 2 mails (ack + reply),
  // ~12 Lambda invocations; per reply: ~60 WRU, 1 mail. Idle: SQS polls of 7 queues and the every-minute sweep.
  const writes = tickets * 200 + replies * 60;
  const reads = tickets * 20 + replies * 5;
  const mails = tickets + replies;
  const parts = {
    dynamodb: writes * 0.000000625 + reads * 0.000000125,
    ses: mails * 0.0001 + tickets * 0.00019,
    lambda: (tickets * 12 + replies * 3) * 0.0000004,
    sqsIdle: Math.max(0, 7 * 650_000 - 1_000_000) * 0.0000004,
    sns: (tickets * 6 + replies * 3) * 0.0000005,
    // $0.25 per GB-month for DynamoDB (the first 25 GB are free), $0.023 per GB-month for S3 Standard.
    storage: Math.max(0, tableGb - 25) * 0.25 + bucketGb * 0.023,
  };
  const total = Object.values(parts).reduce((a, b) => a + b, 0);
  return [
    {
      date: month.toFormat("yyyy-MM"),
      key: "all",
      tickets,
      replies,
      ticketsStored: ticketsEver,
      tableGb: +tableGb.toFixed(3),
      bucketGb: +bucketGb.toFixed(3),
      ...Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, +v.toFixed(4)])),
      totalUsd: +total.toFixed(2),
    },
  ];
}
