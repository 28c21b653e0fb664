/**
 * Business-minute arithmetic for SLA targets.
 *
 * A calendar's open time is a union of absolute intervals. For each local day D in the calendar's
 * zone (unless D is a holiday), each range [start, end] of D's weekday opens at local D `start` and
 * closes at local D `end`, or local D+1 `end` when `end <= start` (an overnight range; "24:00" is
 * the next midnight). Business minutes are real elapsed minutes inside those intervals, so a range
 * spanning a DST change counts an hour more or less that day.
 */
import { DateTime, IANAZone } from "luxon";
import * as z from "zod";

const MINUTE = 60_000;
const DAY_MS = 86_400_000;
const DAY_MINUTES = 1440;
/** Days in a row without any opening after which we give up (a guard against endless loops). */
const GUARD_DAYS = 3 * 366;
/** Indexed like `Date#getUTCDay()`. */
const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;

const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use HH:MM between 00:00 and 23:59");
const ClosingClock = z
  .string()
  .regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, "Use HH:MM between 00:00 and 24:00");
const Range = z
  .tuple([Clock, ClosingClock])
  .refine(([start, end]) => start !== end, "A range cannot start and end at the same time");
const DayRanges = z.array(Range).max(6, "At most 6 ranges a day").optional();
const Holiday = z
  .string()
  .refine(
    (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && DateTime.fromISO(v, { zone: "UTC" }).isValid,
    "Use a valid YYYY-MM-DD date",
  );

/**
 * "UTC", the default calendar's zone, is answered without luxon: its first zone lookup (and its first DateTime)
 * makes the process's first `Intl` call, tens of milliseconds on a cold start (tests/bench/cold-start.ts).
 * UTC's wall time is the epoch's, so the results are the same.
 */
const isUtc = (zone: string) => zone === "UTC";
const isValidZone = (zone: string) => isUtc(zone) || IANAZone.isValidZone(zone);

export const BusinessHours = z
  .object({
    timezone: z.string().refine(isValidZone, "Unknown time zone"),
    alwaysOpen: z.boolean().optional(),
    week: z
      .object({
        mon: DayRanges,
        tue: DayRanges,
        wed: DayRanges,
        thu: DayRanges,
        fri: DayRanges,
        sat: DayRanges,
        sun: DayRanges,
      })
      .optional(),
    holidays: z.array(Holiday).max(366).optional(),
  })
  .refine((h) => h.alwaysOpen === true || WEEKDAYS.some((day) => (h.week?.[day]?.length ?? 0) > 0), {
    message: "Give at least one opening range, or alwaysOpen",
    path: ["week"],
  });
export type BusinessHours = z.infer<typeof BusinessHours>;

const defaults = new Map<string, BusinessHours>();
/** The default calendar: Monday–Friday 09:00–17:00 in the given zone (default "UTC"), no holidays. */
export function defaultBusinessHours(timezone = "UTC"): BusinessHours {
  let hours = defaults.get(timezone);
  if (!hours) {
    const day: [string, string][] = [["09:00", "17:00"]];
    hours = BusinessHours.parse({ timezone, week: { mon: day, tue: day, wed: day, thu: day, fri: day } });
    defaults.set(timezone, hours);
  }
  return structuredClone(hours); // callers own their copy, as when it was parsed each time
}

/**
 * The instant `minutes` business minutes after `start`. Zero returns (a copy of) `start`, open or
 * not; a result landing exactly on a closing time is that closing time, not the next opening.
 * Fractional minutes are honoured to the millisecond.
 */
export function addBusinessMinutes(start: Date, minutes: number, hours: BusinessHours): Date {
  if (!Number.isFinite(minutes) || minutes < 0) {
    throw new RangeError(`Business minutes must be a finite number >= 0, got ${minutes}`);
  }
  const from = start.getTime();
  let remaining = Math.round(minutes * MINUTE);
  if (remaining === 0 || hours.alwaysOpen) return new Date(from + remaining);
  const intervals = openIntervals(from, hours);
  for (;;) {
    const [open, close] = intervals.next().value;
    const begin = Math.max(open, from);
    if (remaining <= close - begin) return new Date(begin + remaining);
    remaining -= close - begin;
  }
}

/** Business minutes between `a` and `b` (0 if `b <= a`); may be fractional. */
export function businessMinutesBetween(a: Date, b: Date, hours: BusinessHours): number {
  const from = a.getTime();
  const to = b.getTime();
  if (to <= from) return 0;
  if (hours.alwaysOpen) return (to - from) / MINUTE;
  let total = 0;
  for (const [open, close] of openIntervals(from, hours)) {
    if (open >= to) break;
    total += Math.min(close, to) - Math.max(open, from);
  }
  return total / MINUTE;
}

/** Whether the desk is open at this instant: from an opening time up to, but not including, the closing time. */
export function isOpenAt(at: Date, hours: BusinessHours): boolean {
  if (hours.alwaysOpen) return true;
  const t = at.getTime();
  const [open] = openIntervals(t, hours).next().value;
  return open <= t;
}

/** [open, close) in epoch milliseconds. */
type Interval = [number, number];

/** A weekday's ranges as minutes from that day's local midnight; `close` may pass 1440 (overnight). */
function weeklyRanges(hours: BusinessHours): Interval[][] {
  const minutes = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
  return WEEKDAYS.map((day) =>
    (hours.week?.[day] ?? [])
      .map(([start, end]): Interval => {
        const open = minutes(start);
        const close = minutes(end);
        return [open, close <= open ? close + DAY_MINUTES : close];
      })
      .sort((x, y) => x[0] - y[0]),
  );
}

/**
 * The instant of local wall time `minutes` after midnight of `epochDay` (days since 1970-01-01). A wall time the
 * clocks skip (spring forward) is shifted forward by the gap; one they repeat (fall back) is its later occurrence.
 * Decided from the zone's offsets around that time only: luxon's `fromObject` first guesses with the offset at the
 * moment the code runs, so a repeated hour resolved one way in winter and the other in summer.
 */
function localInstant(epochDay: number, minutes: number, zone: string): number {
  const wall = (epochDay + Math.floor(minutes / DAY_MINUTES)) * DAY_MS + (minutes % DAY_MINUTES) * MINUTE;
  if (isUtc(zone)) return wall;
  const offsetAt = (ts: number) => DateTime.fromMillis(ts, { zone }).offset * MINUTE;
  const before = wall - offsetAt(wall - DAY_MS / 2);
  const after = wall - offsetAt(wall + DAY_MS / 2);
  const valid = [before, after].filter((ts) => wall - ts === offsetAt(ts));
  return valid.length ? Math.max(...valid) : before;
}

/**
 * Open intervals ending after `from`, disjoint and in increasing order, endless. Generation starts on
 * the local day before `from` (its overnight ranges may still be open); each interval is clipped to
 * start where the previous one ended, so overlapping ranges never count twice.
 */
function* openIntervals(from: number, hours: BusinessHours): Generator<Interval, never> {
  const zone = hours.timezone;
  if (!isValidZone(zone)) throw new RangeError(`Unknown time zone: ${zone}`);
  const ranges = weeklyRanges(hours);
  const holidays = new Set(hours.holidays);
  let epochDay: number;
  if (isUtc(zone)) epochDay = Math.floor(from / DAY_MS) - 1;
  else {
    const local = DateTime.fromMillis(from, { zone });
    epochDay = Date.UTC(local.year, local.month - 1, local.day) / DAY_MS - 1;
  }
  let covered = Number.NEGATIVE_INFINITY;
  let idleDays = 0;
  for (; ; epochDay++) {
    const date = new Date(epochDay * DAY_MS);
    const today = holidays.has(date.toISOString().slice(0, 10)) ? [] : (ranges[date.getUTCDay()] ?? []);
    if (today.length === 0 && ++idleDays > GUARD_DAYS) {
      throw new Error("No business hours found within 3 years");
    }
    for (const [openMinute, closeMinute] of today) {
      idleDays = 0;
      const open = Math.max(localInstant(epochDay, openMinute, zone), covered);
      const close = localInstant(epochDay, closeMinute, zone);
      if (close <= open) continue;
      covered = close;
      if (close > from) yield [open, close];
    }
  }
}
