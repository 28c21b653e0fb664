/** Dates and durations in the agent's own time zone, language and conventions. */
import { locale } from "./locale.ts";

const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });
export const when = (iso: string | null | undefined) => (iso ? dateTime.format(new Date(iso)) : "—");

/** "2 h 5 min left" / "15 min late" */
export function timeLeft(iso: string, now = Date.now()): { text: string; late: boolean } {
  const ms = Date.parse(iso) - now;
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const text = [d && `${d} d`, h && `${h} h`, (m || (!d && !h)) && `${m} min`].filter(Boolean).join(" ");
  return { text, late: ms < 0 };
}
