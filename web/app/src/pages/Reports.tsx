import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { ApiError, api } from "../api.ts";
import { Options } from "../components/Options.tsx";
import { errorText } from "../errors.ts";
import { type Names, useNames } from "../names.ts";
import { chartSetup } from "../report-chart.ts";
import { columnTitle, dateName, figure, idCell, keyName } from "../report-labels.ts";
import { useSession } from "../session.ts";
import { t } from "../strings.ts";

const REPORTS = [
  "volume",
  "response-times",
  "escalations",
  "sla",
  "satisfaction",
  "comments",
  "workload",
  "backlog",
  "deflection",
  "cost",
];
const GROUPS = ["all", "team", "category", "agent", "priority", "channel", "tier"];
/** Which queue filter a key of a dimension opens (drill-down from a report to the tickets behind it). */
const DRILL: Record<string, (key: string) => string> = {
  team: (key) => `/app/queue/team?team=${encodeURIComponent(key)}`,
  category: (key) => `/app/queue/all?category=${encodeURIComponent(key)}`,
  priority: (key) => `/app/queue/all?priority=${encodeURIComponent(key)}`,
  channel: (key) => `/app/queue/all?channel=${encodeURIComponent(key)}`,
  tier: (key) => `/app/queue/all?tier=${encodeURIComponent(key)}`,
  agent: (key) => `/app/queue/all?assigneeId=${encodeURIComponent(key)}`,
};
const dated = (r: Record<string, unknown>) => /^\d{4}-(\d{2}|W\d{2})/.test(String(r.date));

/**
 * A line per numeric figure over the periods of the report, for one key; a click on it opens the tickets behind
 * that key (`drill`).
 */
function Chart({ rows, drill }: { rows: Record<string, unknown>[]; drill: () => void }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // Days, ISO weeks (2026-W48) or months (2026-11): a time axis for days, one step per period otherwise.
    const days = rows.filter(dated);
    if (!box.current || days.length < 2) return;
    const style = getComputedStyle(box.current);
    const { options, data } = chartSetup(days, {
      width: Math.min(900, box.current.clientWidth || 900),
      // Axis text and grid in the page's colours (light or dark); ticks in the agent's locale.
      ink: style.getPropertyValue("--muted").trim() || "#5b6475",
      grid: style.getPropertyValue("--line").trim() || "#d9dde5",
    });
    const plot = new uPlot(options, data, box.current);
    plot.over.addEventListener("click", drill);
    plot.over.style.cursor = "pointer";
    return () => plot.destroy();
  }, [rows]);
  return <div ref={box} class="chart" role="img" aria-label={t.chartLabel} />;
}

/** Why a report is refused, in words that say what the agent may see instead of a bare "not allowed". */
function refusal(error: unknown, admin: boolean, groupBy: string) {
  if (admin || !(error instanceof ApiError) || error.code !== "forbidden") return errorText(error);
  return groupBy === "agent" ? t.journey.reportsAdminsOnly : t.journey.reportsOwnFigures;
}

/** Reports: pick one, a date range and a grouping; chart, table, CSV, and a click from a key to its tickets. */
export function Reports() {
  const location = useLocation();
  const names: Names = useNames();
  const query = new URLSearchParams(location.url.split("?")[1] ?? "");
  const name = query.get("name") ?? "volume";
  const { agent } = useSession();
  // Agents may not see the whole desk's figures unless an admin allows it: they start on their own (groupBy=agent
  // is open to them under every setting but "admins only").
  const groupBy = query.get("groupBy") ?? (agent.role === "admin" ? "all" : "agent");
  const period = query.get("period") ?? "day";
  // Without a chosen range the server answers for the last 30 days ending today in the desk's time zone (the
  // one its counters are keyed by; the browser's today may already be tomorrow there, or still yesterday).
  const chosen =
    query.get("from") && query.get("to") ? { from: query.get("from")!, to: query.get("to")! } : null;
  const [rows, setRows] = useState<Record<string, unknown>[] | null>(null);
  const [range, setRange] = useState<{ from: string; to: string } | null>(chosen);
  const { from = "", to = "" } = chosen ?? range ?? {};
  const [error, setError] = useState("");
  const search = `${chosen ? `from=${chosen.from}&to=${chosen.to}&` : ""}groupBy=${groupBy}&period=${period}`;
  useEffect(() => {
    // Only the latest choice may fill the table: an answer to a request made before the last change of report,
    // range, grouping or period is dropped, whatever order the answers come back in.
    let latest = true;
    setRows(null);
    setError("");
    api<{ from: string; to: string; rows: Record<string, unknown>[] }>(`/reports/${name}?${search}`)
      .then(({ data }) => {
        if (!latest) return;
        setRange({ from: data.from, to: data.to });
        setRows(data.rows);
      })
      .catch((e: unknown) => latest && setError(refusal(e, agent.role === "admin", groupBy)));
    return () => {
      latest = false;
    };
  }, [name, search]);
  const go = (changes: Record<string, string>) => {
    const next = new URLSearchParams({
      name,
      groupBy,
      period,
      ...(from && to ? { from, to } : {}),
      ...changes,
    });
    if (!("key" in changes) && query.get("key") && !("groupBy" in changes))
      next.set("key", query.get("key")!);
    location.route(`/app/reports?${next}`);
  };
  // Every figure any row has (a report's "now" or per-article rows carry figures its daily rows do not).
  // A row's name or title shows in its key cell: not twice; an agent's address too, where a namesake needs it.
  const columns = [...new Set((rows ?? []).flatMap((row) => Object.keys(row)))].filter(
    (c) => c !== "name" && c !== "title" && c !== "email",
  );
  const keyOf = (row: Record<string, unknown>) => keyName(names, groupBy, String(row.key), row);
  const keys = [...new Set((rows ?? []).filter(dated).map((r) => String(r.key)))];
  const chartKey = keys.includes(query.get("key") ?? "") ? query.get("key")! : keys[0];
  const ticketsOf = (key: string | undefined) =>
    key && key !== "all" && DRILL[groupBy] ? DRILL[groupBy]!(key) : "/app/queue/all";
  const chartRows = useMemo(() => (rows ?? []).filter((r) => String(r.key) === chartKey), [rows, chartKey]);
  return (
    <section aria-labelledby="reports-title">
      <h1 id="reports-title">{t.reports}</h1>
      <div class="toolbar">
        <label>
          {t.report}
          <select value={name} onChange={(e) => go({ name: e.currentTarget.value })}>
            <Options entries={Object.fromEntries(REPORTS.map((r) => [r, t.reportNames[r] ?? r]))} />
          </select>
        </label>
        <label>
          {t.rangeFrom}
          <input type="date" value={from} onChange={(e) => go({ from: e.currentTarget.value })} />
        </label>
        <label>
          {t.rangeTo}
          <input type="date" value={to} onChange={(e) => go({ to: e.currentTarget.value })} />
        </label>
        <label>
          {t.groupBy}
          <select value={groupBy} onChange={(e) => go({ groupBy: e.currentTarget.value })}>
            <Options entries={Object.fromEntries(GROUPS.map((g) => [g, t.reportGroups[g] ?? g]))} />
          </select>
        </label>
        <label>
          {t.period}
          <select value={period} onChange={(e) => go({ period: e.currentTarget.value })}>
            <Options entries={t.periods} />
          </select>
        </label>
        <a href={`/api/reports/${name}?${search}&format=csv`} download>
          {t.downloadCsv}
        </a>
      </div>
      {error && <p role="alert">{error}</p>}
      {!rows && !error && <p class="loading">{t.loading}</p>}
      {rows && rows.length === 0 && <p class="empty">{t.noFigures}</p>}
      {rows && rows.length > 0 && (
        <>
          {name !== "comments" && keys.length > 0 && (
            <div class="toolbar">
              {keys.length > 1 && (
                <label>
                  {t.chartOf}
                  <select value={chartKey} onChange={(e) => go({ key: e.currentTarget.value })}>
                    <Options
                      entries={Object.fromEntries(
                        keys.map((k) => [k, keyOf(rows.find((r) => String(r.key) === k) ?? { key: k })]),
                      )}
                    />
                  </select>
                </label>
              )}
              <a href={ticketsOf(chartKey)}>{t.ticketsBehind}</a>
            </div>
          )}
          {name !== "comments" && chartRows.filter(dated).length >= 2 && (
            <Chart rows={chartRows} drill={() => location.route(ticketsOf(chartKey))} />
          )}
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus to scroll by keyboard */}
          <section class="table-scroll" aria-label={t.figures} tabIndex={0}>
            <table>
              <thead>
                <tr>
                  {columns.map((c) => (
                    <th key={c} scope="col">
                      {columnTitle(c)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={`${row.date}|${row.key}|${row.ticketId ?? ""}`}>
                    {columns.map((c) => (
                      <td key={c}>
                        {c === "key" && DRILL[groupBy] && row.key !== "all" ? (
                          <a href={DRILL[groupBy]!(String(row.key))}>{keyOf(row)}</a>
                        ) : c === "key" ? (
                          keyOf(row)
                        ) : c === "date" ? (
                          dateName(row.date)
                        ) : c === "ticketId" ? (
                          <a href={`/app/tickets/${row.ticketId}`}>#{String(row.number)}</a>
                        ) : (
                          (idCell(names, c, row[c]) ?? figure(c, row[c]))
                        )}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
    </section>
  );
}
