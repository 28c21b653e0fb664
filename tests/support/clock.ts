import { DateTime } from "luxon";

/**
 * A fixed-offset time zone where it is about noon right now (Etc/GMT-12 … Etc/GMT+11). A test file that sets it
 * as the desk's time zone never crosses the desk's midnight — nor so a week or a month boundary — while it runs,
 * whatever the hour, the date or the machine's time zone: "today" stays one day from the first ticket to the
 * last assertion. (IANA's Etc/GMT signs are inverted: Etc/GMT-5 is five hours ahead of UTC.)
 */
export function noonZone(now = new Date()) {
  const ahead = 12 - now.getUTCHours();
  return ahead === 0 ? "Etc/GMT" : `Etc/GMT${ahead > 0 ? "-" : "+"}${Math.abs(ahead)}`;
}

/** The day (yyyy-MM-dd) `at` falls on in `zone`. */
export const dayIn = (zone: string, at: Date = new Date()) => DateTime.fromJSDate(at, { zone }).toISODate()!;

/**
 * A rate-limit window length near `about` seconds whose current window has at least a quarter of it ahead and
 * behind: limits count in windows aligned on multiples of their length since the epoch, so a test that fills one
 * with a fixed length (3600 s) would see it start over if it ran across the hour. `"<max>/<seconds>"` for
 * `DESK_LIMIT_<NAME>`; a test that sets it stays in one window for at least `about / 4` seconds.
 */
export function limitInOneWindow(max: number, about: number, now = Date.now()) {
  for (let seconds = about; ; seconds++) {
    const into = (now / 1000) % seconds;
    if (into > seconds / 4 && into < (seconds * 3) / 4) return `${max}/${seconds}`;
  }
}

/**
 * Waits, if need be, until the current window of a fixed rate limit (`windowSeconds`, aligned on the epoch) has
 * at least `seconds` left: a test that fills a limit it cannot configure then stays inside one window. Rarely
 * waits (`seconds / windowSeconds` of the time), never longer than `seconds`.
 */
export async function insideOneWindow(windowSeconds: number, seconds: number, now = Date.now()) {
  const left = windowSeconds * 1000 - (now % (windowSeconds * 1000));
  if (left < seconds * 1000) await new Promise((resolve) => setTimeout(resolve, left + 50));
}
