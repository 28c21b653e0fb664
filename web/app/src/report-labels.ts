import { businessDuration, period } from "./format.ts";
import { locale } from "./locale.ts";
import { agentName, categoryName, type Names, teamName } from "./names.ts";
import { t } from "./strings.ts";

/** How a report's figure reads: a share shown in percent, business minutes as a duration, dollars, or a count. */
type Unit = "percent" | "hours" | "usd" | "count" | "text";

const PERCENT = new Set([
  "oneTouchRate",
  "reopenRate",
  "score",
  "responseRate",
  "firstResponseCompliance",
  "resolutionCompliance",
  "deflectionRate",
]);
const HOURS = new Set(["firstResponseMedian", "firstResponseP90", "resolutionMedian", "resolutionP90"]);
const USD = new Set(["dynamodb", "ses", "lambda", "sqsIdle", "sns", "storage", "totalUsd"]);
const TEXT = new Set([
  "date",
  "key",
  "name",
  "title",
  "locale",
  "comment",
  "agent",
  "team",
  "category",
  "rating",
]);

export const unitOf = (column: string): Unit =>
  PERCENT.has(column)
    ? "percent"
    : HOURS.has(column)
      ? "hours"
      : USD.has(column)
        ? "usd"
        : TEXT.has(column)
          ? "text"
          : "count";

/** "firstResponseMedian" → "First response median": the last resort for a figure the table has no title for. */
const humanize = (column: string) => {
  const words = column
    .replace(/[_:]/g, " ")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/**
 * A column's title as agents read it, with its unit ("One-touch resolution (%)"); a duration's cells say their own
 * units ("45 min"), so its title has none.
 */
export function columnTitle(column: string): string {
  return unitOf(column) === "hours" ? titleOf(column) : seriesTitle(column);
}

/** A chart line's title: durations are plotted in hours ("Median first response (h)"). */
export function seriesTitle(column: string): string {
  const title = titleOf(column);
  const unit = unitOf(column);
  return unit === "percent"
    ? `${title} (%)`
    : unit === "hours"
      ? `${title} (h)`
      : unit === "usd"
        ? `${title} ($)`
        : title;
}

function titleOf(column: string): string {
  const status = /^status_(\w+)$/.exec(column)?.[1];
  return (
    t.look.columns[column] ??
    (status && t.statuses[status] ? `${t.statuses[status]}` : undefined) ??
    t.escalationReasons[column] ??
    humanize(column)
  );
}

/** A figure as its chart line plots it, in the unit its title says: percent, hours, dollars or a count. */
export function seriesValue(column: string, value: number): number {
  const unit = unitOf(column);
  return unit === "percent" ? value * 100 : unit === "hours" ? value / 60 : value;
}

const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
const money = new Intl.NumberFormat(locale, { maximumFractionDigits: 4 });

/** A figure in its unit, in the agent's number format ("—" where there is none). */
export function figure(column: string, value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value !== "number") return String(value);
  switch (unitOf(column)) {
    case "percent":
      return number.format(value * 100);
    case "hours":
      return businessDuration(value);
    case "usd":
      return money.format(value);
    default:
      return number.format(value);
  }
}

/** A row's key as a name: agents, teams and categories by name, the desk as a whole and age buckets in words. */
export function keyName(names: Names, groupBy: string, key: string, row: Record<string, unknown>): string {
  if (key === "all") return t.look.wholeDesk;
  // Reports key tickets without an assignee "unassigned", without a team or category "none".
  if (key === "unassigned") return t.unassigned;
  if (key === "none") return groupBy === "agent" ? t.nobody : t.none;
  if (t.look.ages[key]) return t.look.ages[key]!;
  // An agent by the directory's words first: a namesake there reads "Name (address)", where the row has the name.
  if (groupBy === "agent" && names.agents[key]) return names.agents[key]!;
  if (typeof row.name === "string") return row.name;
  if (typeof row.title === "string") return row.title;
  if (groupBy === "agent") return agentName(names, key);
  if (groupBy === "team") return teamName(names, key);
  if (groupBy === "category") return categoryName(names, key);
  if (groupBy === "priority") return t.priorities[key] ?? key;
  if (groupBy === "channel") return t.look.channels[key] ?? key;
  return key;
}

/** A date column's value: a day or period as sent, "all" and "now" in words. */
export const dateName = (date: unknown) =>
  date === "all" ? t.look.wholeRange : date === "now" ? t.look.now : date ? period(String(date)) : "—";

/** Cells holding an id of a person, team or category (the comments report): their names. */
export function idCell(names: Names, column: string, value: unknown): string | null {
  if (typeof value !== "string" || !value) return null;
  if ((value === "none" || value === "unassigned") && ["agent", "team", "category"].includes(column))
    return "—";
  if (column === "agent") return agentName(names, value);
  if (column === "team") return teamName(names, value);
  if (column === "category") return categoryName(names, value);
  return null;
}
