/** Dates, numbers and durations in the agent's own time zone, language and conventions. */
import { locale } from "./locale.ts";

/** Every formatter for one locale (the app uses the agent's; tests pass their own, so no test depends on the machine). */
export function formatters(tag: string, timeZone?: string) {
  const dateTime = new Intl.DateTimeFormat(tag, { dateStyle: "medium", timeStyle: "short", timeZone });
  // A calendar day the API stores as a UTC instant (a token's last day): the same day wherever the agent is.
  const days = new Intl.DateTimeFormat(tag, { dateStyle: "medium", timeZone: "UTC" });
  const shortDays = new Intl.DateTimeFormat(tag, { day: "numeric", month: "short", timeZone: "UTC" });
  const months = new Intl.DateTimeFormat(tag, { month: "long", year: "numeric", timeZone: "UTC" });
  const numbers = new Intl.NumberFormat(tag, { maximumFractionDigits: 1 });
  const percents = new Intl.NumberFormat(tag, { style: "percent", maximumFractionDigits: 1 });
  const unit = (u: "day" | "hour" | "minute" | "second" | "kilobyte") =>
    new Intl.NumberFormat(tag, { style: "unit", unit: u, unitDisplay: "short", maximumFractionDigits: 0 });
  const units = { day: unit("day"), hour: unit("hour"), minute: unit("minute"), kilobyte: unit("kilobyte") };
  const relative = new Intl.RelativeTimeFormat(tag, { numeric: "auto" });

  /** "2 days 3 hr" / "2 j 3 h", "45 min": at most the two largest parts, minutes only under an hour. */
  const duration = (minutesIn: number) => {
    const minutes = Math.round(Math.abs(minutesIn));
    const d = Math.floor(minutes / 1440);
    const h = Math.floor((minutes % 1440) / 60);
    const m = minutes % 60;
    const parts = [
      d && units.day.format(d),
      h && units.hour.format(h),
      (m || (!d && !h)) && units.minute.format(m),
    ];
    return parts
      .filter(Boolean)
      .slice(0, d ? 2 : 3)
      .join(" ");
  };

  return {
    when: (iso: string | null | undefined) => (iso ? dateTime.format(new Date(iso)) : "—"),
    day: (iso: string) => days.format(new Date(iso)),
    /** A report's period key as the agent writes it: "2026-12-06" → "6 déc. 2026", "2026-11" → "novembre 2026";
     * anything else (an ISO week, "now") as it is. */
    period: (key: string) =>
      /^\d{4}-\d{2}-\d{2}$/.test(key)
        ? days.format(new Date(`${key}T00:00:00Z`))
        : /^\d{4}-\d{2}$/.test(key)
          ? months.format(new Date(`${key}-01T00:00:00Z`))
          : key,
    /** A chart's day tick: "Dec 6" / "6 déc." (seconds since the epoch, at a UTC day). */
    tickDay: (seconds: number) => shortDays.format(new Date(seconds * 1000)),
    /** 1234.5 → "1,234.5" / "1 234,5" */
    number: (n: number) => numbers.format(n),
    /** A ratio (0.25) as "25%" / "25 %". */
    percent: (ratio: number) => percents.format(ratio),
    duration,
    /** Business minutes (a report's response time): "45 min", "3 hr 20 min", then whole hours from 10 h on — never
     * days, which would read as calendar days. */
    businessDuration: (minutes: number) =>
      Math.abs(minutes) < 600 ? duration(minutes) : units.hour.format(Math.round(Math.abs(minutes) / 60)),
    /** A file size in whole kilobytes, rounded up ("3 kB" / "3 ko"). */
    kilobytes: (bytes: number) => units.kilobyte.format(Math.ceil(bytes / 1024)),
    /** "5 minutes ago" / "il y a 5 minutes", "in 2 hours" / "dans 2 heures". */
    ago: (iso: string, now = Date.now()) => {
      const seconds = (Date.parse(iso) - now) / 1000;
      const abs = Math.abs(seconds);
      if (abs < 60) return relative.format(Math.round(seconds), "second");
      if (abs < 3600) return relative.format(Math.round(seconds / 60), "minute");
      if (abs < 86_400) return relative.format(Math.round(seconds / 3600), "hour");
      return relative.format(Math.round(seconds / 86_400), "day");
    },
    /** Time to a deadline: "2 hr 5 min" left, or how late. */
    timeLeft: (iso: string, now = Date.now()): { text: string; late: boolean } => {
      const ms = Date.parse(iso) - now;
      return { text: duration(ms / 60_000), late: ms < 0 };
    },
  };
}

const agents = formatters(locale);
export const {
  when,
  day,
  period,
  tickDay,
  number,
  percent,
  duration,
  businessDuration,
  kilobytes,
  ago,
  timeLeft,
} = agents;
