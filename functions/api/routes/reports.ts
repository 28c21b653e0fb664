import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { DateTime } from "luxon";
import { DeskError } from "../../../core/error.ts";
import {
  allowedGroupings,
  ReportSettings,
  reportSettings,
  saveReportSettings,
} from "../../../core/report/access.ts";
import { toCsv } from "../../../core/report/csv.ts";
import { backlogReport, costReport, deflectionReport, workloadReport } from "../../../core/report/desk.ts";
import { defaultRange } from "../../../core/report/range.ts";
import { commentsForCsv, commentsReport, satisfactionReport } from "../../../core/report/satisfaction.ts";
import { DIMENSIONS, type Dimension } from "../../../core/report/stats.ts";
import {
  escalationsReport,
  type Period,
  responseTimesReport,
  slaReport,
  volumeReport,
} from "../../../core/report/volume.ts";
import { ESCALATION_REASONS } from "../../../core/store/entities/ticket.ts";
import { requireAdmin, requireAgent } from "../auth.ts";
import type { AgentEnv } from "../env.ts";
import { errors, json, jsonBody } from "../schemas.ts";
import { defaultHook } from "../validate.ts";

const security: Record<string, string[]>[] = [{ session: [] }, { apiToken: [] }];
/** The words for a YYYY-MM-DD the calendar lacks (2026-02-30, 2026-13-45): 400 `invalid_date`. */
export const INVALID_DATE_MESSAGE = "No such day in the calendar: give a real date as YYYY-MM-DD";
const real = (day: string) => DateTime.fromISO(day, { zone: "UTC" }).isValid;
const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "A date as YYYY-MM-DD")
  .refine((v) => !/^\d{4}-\d{2}-\d{2}$/.test(v) || real(v), {
    message: INVALID_DATE_MESSAGE,
    params: { code: "invalid_date" },
  });
/** Both days given and real: only then are they compared (an impossible day is refused as such, alone). */
const both = (q: { from?: string; to?: string }): q is { from: string; to: string } =>
  q.from !== undefined && q.to !== undefined && real(q.from) && real(q.to);
const Range = z
  .object({
    /** Both or neither: without them, the last 30 days ending today in the desk's time zone. */
    from: Day.optional(),
    to: Day.optional(),
    groupBy: z.enum(DIMENSIONS).default("all"),
    /** Rows per day, ISO week or month (counters and histograms merge exactly). */
    period: z.enum(["day", "week", "month"]).default("day"),
    format: z.enum(["json", "csv"]).optional(),
  })
  .refine((q) => (q.from === undefined) === (q.to === undefined), {
    message: "Give both from and to, or neither (the last 30 days)",
    path: ["from"],
  })
  .refine((q) => !both(q) || q.from <= q.to, { message: "from must not be after to", path: ["from"] })
  .refine((q) => !both(q) || DateTime.fromISO(q.to).diff(DateTime.fromISO(q.from), "days").days <= 731, {
    message: "At most two years",
    path: ["to"],
  });

/** Reports read counters kept as events happen: their cost follows the range, never the number of tickets. */
export const reports = new OpenAPIHono<AgentEnv>({ defaultHook });
reports.use("/reports/*", requireAgent);
reports.use("/admin/reports", requireAgent, requireAdmin);

reports.openapi(
  createRoute({
    method: "get",
    path: "/admin/reports",
    security,
    summary: "Who besides admins sees reports",
    responses: { 200: json(ReportSettings), ...errors(401, 403) },
  }),
  async (c) => c.json(await reportSettings(), 200),
);
reports.openapi(
  createRoute({
    method: "put",
    path: "/admin/reports",
    security,
    summary: "Set who besides admins sees reports: none, own, teams (default) or all",
    request: { body: jsonBody(ReportSettings) },
    responses: { 200: json(ReportSettings), ...errors(400, 401, 403) },
  }),
  async (c) => c.json(await saveReportSettings(c.req.valid("json"), c.get("agent").agentId), 200),
);

type Rows = Record<string, unknown>[];
const Report = (name: string) =>
  z.object({
    name: z.literal(name),
    from: z.string(),
    to: z.string(),
    groupBy: z.string(),
    rows: z.array(z.record(z.string(), z.unknown())),
  });

/** One report route: admins see everything; agents see their own figures and their teams'. JSON or CSV. */
function report(
  name: string,
  summary: string,
  compute: (
    from: string,
    to: string,
    groupBy: Dimension,
    period: Period,
    visible: (key: string) => boolean,
  ) => Promise<Rows>,
  columns: string[],
  /** What the CSV shows instead of some of the rows' ids (the JSON keeps them: the app names them itself). */
  forCsv?: (rows: Rows) => Promise<Rows>,
) {
  reports.openapi(
    createRoute({
      method: "get",
      path: `/reports/${name}`,
      security,
      summary: `${summary} (CSV with Accept: text/csv or ?format=csv)`,
      request: { query: Range },
      responses: { 200: json(Report(name)), ...errors(400, 401, 403) },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const { groupBy, format, period } = query;
      const { from, to } = query.from && query.to ? { from: query.from, to: query.to } : await defaultRange();
      const agent = c.get("agent");
      const allowed = agent.role === "admin" ? "any" : allowedGroupings((await reportSettings()).agentAccess);
      const limited = allowed !== "any";
      if (limited && !allowed.includes(groupBy))
        throw new DeskError(
          "forbidden",
          "forbidden",
          allowed.length
            ? `Agents see ${allowed.includes("team") ? "their teams' and " : ""}their own figures (groupBy=${allowed.join(" or ")})`
            : "Reports are for admins on this desk",
        );
      const visible = (key: string) =>
        !limited || (groupBy === "team" ? agent.teams.includes(key) : key === agent.agentId);
      const rows = (await compute(from, to, groupBy, period, visible)).filter((r) => visible(String(r.key)));
      if (format === "csv" || c.req.header("accept")?.includes("text/csv")) {
        c.header("Content-Type", "text/csv; charset=utf-8");
        c.header("Content-Disposition", `attachment; filename="${name}-${from}-${to}.csv"`);
        return c.body(toCsv(forCsv ? await forCsv(rows) : rows, columns), 200) as never;
      }
      return c.json({ name, from, to, groupBy, rows }, 200) as never;
    },
  );
}

report("volume", "Tickets created, solved, reopened, merged away and escalated per day", volumeReport, [
  "date",
  "key",
  "created",
  "solved",
  "reopened",
  "merged",
  "escalated",
  "oneTouchRate",
  "reopenRate",
]);
report(
  "escalations",
  "Escalations per day: to which tier and why (missed SLA target or the agent's reason)",
  escalationsReport,
  ["date", "key", "escalated", "toL2", "toL3", "toL4", ...ESCALATION_REASONS],
);
report(
  "response-times",
  "First-response and resolution times in business minutes (median, p90) per day, and for the whole range",
  responseTimesReport,
  [
    "date",
    "key",
    "firstResponses",
    "firstResponseMedian",
    "firstResponseP90",
    "solved",
    "resolutionMedian",
    "resolutionP90",
  ],
);
report(
  "sla",
  "SLA compliance per day: first-response and resolution targets met and missed, breaches; tickets at risk now",
  slaReport,
  [
    "date",
    "key",
    "firstResponseMet",
    "firstResponseMissed",
    "firstResponseCompliance",
    "resolutionMet",
    "resolutionMissed",
    "resolutionCompliance",
    "breaches",
    "vendorBreaches",
    "atRiskNow",
    "breachedNow",
    "pausedNow",
  ],
);
report("satisfaction", "Satisfaction per day: surveys, good, bad, score, response rate", satisfactionReport, [
  "date",
  "key",
  "surveys",
  "good",
  "bad",
  "score",
  "responseRate",
]);
report(
  "comments",
  "Customers' satisfaction comments, newest first (at most 1,000), with the rating and the ticket",
  (from, to, groupBy, _period, visible) => commentsReport(from, to, groupBy, visible),
  ["date", "key", "number", "rating", "comment", "agent", "team", "category", "ticketId"],
  commentsForCsv,
);
report(
  "workload",
  "Per agent over the range: replies sent, tickets solved, first-response median; open tickets now (groupBy is agent)",
  (from, to) => workloadReport(from, to),
  ["date", "key", "name", "email", "openNow", "replies", "solved", "firstResponseMedian"],
);
report(
  "backlog",
  "Open tickets now by status and unassigned, and the net change per day (created + reopened − solved − merged away while open)",
  (from, to) => backlogReport(from, to),
  [
    "date",
    "key",
    "openTotal",
    "status_new",
    "status_open",
    "status_pending",
    "status_on_hold",
    "unassigned",
    "atRisk",
    "breached",
    "paused",
    "netChange",
  ],
);
report(
  "deflection",
  "Knowledge-base deflection per period (deflections, votes, tickets, deflection rate), then per article",
  (from, to, _groupBy, period) => deflectionReport(from, to, period),
  [
    "date",
    "key",
    "title",
    "locale",
    "deflections",
    "helpful",
    "notHelpful",
    "ticketsCreated",
    "deflectionRate",
  ],
);
report("cost", "This month's estimated AWS cost of the desk, from its own counts (USD)", () => costReport(), [
  "date",
  "key",
  "tickets",
  "replies",
  "ticketsStored",
  "tableGb",
  "bucketGb",
  "dynamodb",
  "ses",
  "lambda",
  "sqsIdle",
  "sns",
  "storage",
  "totalUsd",
]);
