import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { DateTime } from "luxon";
import { DeskError } from "../../../core/error.ts";
import { toCsv } from "../../../core/report/csv.ts";
import { satisfactionReport } from "../../../core/report/satisfaction.ts";
import { DIMENSIONS } from "../../../core/report/stats.ts";
import { requireAgent } from "../auth.ts";
import type { AgentEnv } from "../env.ts";
import { errors, json } from "../schemas.ts";
import { defaultHook } from "../validate.ts";

const security: Record<string, string[]>[] = [{ session: [] }, { apiToken: [] }];
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "A date as YYYY-MM-DD");
const Range = z
  .object({
    from: Day,
    to: Day,
    groupBy: z.enum(DIMENSIONS).default("all"),
    format: z.enum(["json", "csv"]).optional(),
  })
  .refine((q) => q.from <= q.to, { message: "from must not be after to", path: ["from"] })
  .refine((q) => DateTime.fromISO(q.to).diff(DateTime.fromISO(q.from), "days").days <= 731, {
    message: "At most two years",
    path: ["to"],
  });

/** Reports read counters kept as events happen: their cost follows the range, never the number of tickets. */
export const reports = new OpenAPIHono<AgentEnv>({ defaultHook });
reports.use("/reports/*", requireAgent);

reports.openapi(
  createRoute({
    method: "get",
    path: "/reports/satisfaction",
    security,
    summary:
      "Satisfaction by day: surveys, good, bad, score, response rate (CSV with Accept: text/csv or ?format=csv)",
    request: { query: Range },
    responses: {
      200: json(
        z.object({
          name: z.literal("satisfaction"),
          from: z.string(),
          to: z.string(),
          groupBy: z.string(),
          rows: z.array(z.record(z.string(), z.unknown())),
        }),
      ),
      ...errors(400, 401, 403),
    },
  }),
  async (c) => {
    const { from, to, groupBy, format } = c.req.valid("query");
    const agent = c.get("agent");
    // Admins see everything; agents see their own figures and their teams'.
    if (agent.role !== "admin" && groupBy !== "team" && groupBy !== "agent")
      throw new DeskError(
        "forbidden",
        "forbidden",
        "Agents see their teams' and their own figures (groupBy=team or agent)",
      );
    let rows = await satisfactionReport(from, to, groupBy);
    if (agent.role !== "admin")
      rows = rows.filter((r) => (groupBy === "team" ? agent.teams.includes(r.key) : r.key === agent.agentId));
    if (format === "csv" || c.req.header("accept")?.includes("text/csv")) {
      c.header("Content-Type", "text/csv; charset=utf-8");
      c.header("Content-Disposition", `attachment; filename="satisfaction-${from}-${to}.csv"`);
      return c.body(
        toCsv(rows, ["date", "key", "surveys", "good", "bad", "score", "responseRate"]),
        200,
      ) as never;
    }
    return c.json({ name: "satisfaction" as const, from, to, groupBy, rows }, 200);
  },
);
