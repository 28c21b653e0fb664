import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it, vi } from "vitest";
import {
  addBusinessMinutes,
  BusinessHours,
  businessMinutesBetween,
  defaultBusinessHours,
  isOpenAt,
} from "../../core/sla/calendar.ts";

type Ranges = [string, string][];
const weekdays = (ranges: Ranges) => ({ mon: ranges, tue: ranges, wed: ranges, thu: ranges, fri: ranges });
const calendar = (input: unknown): BusinessHours => BusinessHours.parse(input);
/** A local wall time in `zone` as an instant. */
const at = (iso: string, zone: string) => DateTime.fromISO(iso, { zone }).toJSDate();
/** An instant as local ISO with offset, e.g. "2026-06-08T09:30+02:00". */
const local = (d: Date, zone: string) =>
  DateTime.fromJSDate(d, { zone }).toISO({ suppressMilliseconds: true, suppressSeconds: true });
/** Local dates in 2026 whose UTC offset differs from the next day's, i.e. DST transition days. */
const transitions = (zone: string) => {
  const days: string[] = [];
  for (let d = DateTime.fromISO("2026-01-01", { zone }); d.year === 2026; d = d.plus({ days: 1 })) {
    if (d.offset !== d.plus({ days: 1 }).offset) days.push(d.toISODate() ?? "");
  }
  return days;
};

describe("BusinessHours validation", () => {
  const issues = (input: unknown) => BusinessHours.safeParse(input).error?.issues ?? [];

  it("accepts the issue's example", () => {
    const example = {
      timezone: "Europe/Paris",
      week: { mon: [["09:00", "17:00"]] },
      holidays: ["2026-12-25"],
    };
    expect(BusinessHours.safeParse(example).success).toBe(true);
  });

  it("rejects bad input with errors mapped to fields", () => {
    const ok = { timezone: "UTC", week: { mon: [["09:00", "17:00"]] } };
    expect(issues({ ...ok, timezone: "Mars/Olympus" })).toMatchObject([
      { path: ["timezone"], message: "Unknown time zone" },
    ]);
    expect(issues({ ...ok, week: { mon: [["25:00", "17:00"]] } })[0]?.path).toEqual(["week", "mon", 0, 0]);
    expect(issues({ ...ok, week: { mon: [["09:00", "24:01"]] } })).toHaveLength(1);
    expect(issues({ ...ok, week: { mon: [["24:00", "09:00"]] } })).toHaveLength(1);
    expect(issues({ ...ok, week: { mon: [["09:00", "09:00"]] } })[0]?.path).toEqual(["week", "mon", 0]);
    expect(issues({ ...ok, week: { mon: Array(7).fill(["09:00", "10:00"]) } })).toHaveLength(1);
    expect(issues({ timezone: "UTC", week: {} })).toMatchObject([
      { path: ["week"], message: "Give at least one opening range, or alwaysOpen" },
    ]);
    expect(issues({ timezone: "UTC", week: { mon: [] } })).toMatchObject([{ path: ["week"] }]);
    expect(issues({ timezone: "UTC" })).toMatchObject([{ path: ["week"] }]);
    expect(issues({ ...ok, holidays: ["2026-02-30"] })[0]?.path).toEqual(["holidays", 0]);
    expect(issues({ ...ok, holidays: ["2026-2-3"] })[0]?.path).toEqual(["holidays", 0]);
  });

  it("accepts alwaysOpen without a week, 24:00 closings and overnight ranges", () => {
    expect(issues({ timezone: "Asia/Kolkata", alwaysOpen: true })).toEqual([]);
    expect(
      issues({ timezone: "UTC", week: { sat: [["00:00", "24:00"]], sun: [["22:00", "06:00"]] } }),
    ).toEqual([]);
  });

  it("has a Monday–Friday 9–17 default", () => {
    expect(defaultBusinessHours()).toEqual({ timezone: "UTC", week: weekdays([["09:00", "17:00"]]) });
    expect(defaultBusinessHours("Europe/Paris").timezone).toBe("Europe/Paris");
    expect(() => defaultBusinessHours("Nowhere/Special")).toThrow();
  });
});

describe("Monday–Friday 09:00–17:00, Europe/Paris", () => {
  const zone = "Europe/Paris";
  const hours = calendar({ timezone: zone, week: weekdays([["09:00", "17:00"]]), holidays: ["2026-12-25"] });
  const add = (iso: string, minutes: number) =>
    local(addBusinessMinutes(at(iso, zone), minutes, hours), zone);
  const between = (a: string, b: string) => businessMinutesBetween(at(a, zone), at(b, zone), hours);

  it("carries Friday's last half hour over the weekend", () => {
    expect(add("2026-06-05T16:30", 60)).toBe("2026-06-08T09:30+02:00");
  });

  it("counts no weekend minutes", () => {
    expect(between("2026-06-06T00:00", "2026-06-08T00:00")).toBe(0);
    expect(between("2026-06-05T16:00", "2026-06-08T10:00")).toBe(120);
    expect(between("2026-06-08T10:00", "2026-06-05T16:00")).toBe(0);
  });

  it("skips holidays", () => {
    expect(add("2026-12-24T16:00", 120)).toBe("2026-12-28T10:00+01:00");
    expect(between("2026-12-24T09:00", "2026-12-28T09:00")).toBe(480);
    expect(isOpenAt(at("2026-12-25T10:00", zone), hours)).toBe(false);
  });

  it("stops at a closing time instead of jumping to the next opening", () => {
    expect(add("2026-06-08T16:00", 60)).toBe("2026-06-08T17:00+02:00");
  });

  it("starts counting at the next opening when closed", () => {
    expect(add("2026-06-08T07:00", 30)).toBe("2026-06-08T09:30+02:00");
    expect(add("2026-06-06T12:00", 0)).toBe("2026-06-06T12:00+02:00");
  });

  it("knows when it is open", () => {
    const open = (iso: string) => isOpenAt(at(iso, zone), hours);
    expect([open("2026-06-08T08:59"), open("2026-06-08T09:00"), open("2026-06-08T16:59")]).toEqual([
      false,
      true,
      true,
    ]);
    expect([open("2026-06-08T17:00"), open("2026-06-06T12:00")]).toEqual([false, false]);
  });

  it("handles fractional minutes and rejects negative ones", () => {
    const start = at("2026-06-08T09:00", zone);
    const later = addBusinessMinutes(start, 0.5, hours);
    expect(later.getTime() - start.getTime()).toBe(30_000);
    expect(businessMinutesBetween(start, later, hours)).toBe(0.5);
    expect(() => addBusinessMinutes(start, -1, hours)).toThrow(RangeError);
    expect(() => addBusinessMinutes(start, Number.NaN, hours)).toThrow(RangeError);
  });

  it("still opens at 09:00 local on the Monday after a DST change", () => {
    const monday = addBusinessMinutes(at("2026-03-27T16:00", zone), 90, hours);
    expect(local(monday, zone)).toBe("2026-03-30T09:30+02:00");
    expect(monday.toISOString()).toBe("2026-03-30T07:30:00.000Z");
    expect(addBusinessMinutes(at("2026-03-20T16:00", zone), 90, hours).toISOString()).toBe(
      "2026-03-23T08:30:00.000Z",
    );
  });

  it("adds 10,000 business minutes in a few milliseconds", () => {
    const start = at("2026-01-05T09:00", zone);
    addBusinessMinutes(start, 10_000, hours); // warm up
    const t0 = performance.now();
    const end = addBusinessMinutes(start, 10_000, hours);
    const elapsed = performance.now() - t0;
    expect(businessMinutesBetween(start, end, hours)).toBe(10_000);
    expect(elapsed).toBeLessThan(50);
  });
});

describe("several ranges a day", () => {
  const hours = calendar({
    timezone: "UTC",
    week: weekdays([
      ["13:00", "17:00"],
      ["09:00", "12:00"],
    ]),
  });

  it("skips lunch", () => {
    expect(addBusinessMinutes(new Date("2026-06-08T11:30Z"), 60, hours).toISOString()).toBe(
      "2026-06-08T13:30:00.000Z",
    );
    expect(businessMinutesBetween(new Date("2026-06-08T00:00Z"), new Date("2026-06-09T00:00Z"), hours)).toBe(
      420,
    );
    expect(isOpenAt(new Date("2026-06-08T12:30Z"), hours)).toBe(false);
  });
});

describe("overnight ranges", () => {
  const zone = "Europe/Paris";
  const hours = calendar({ timezone: zone, week: weekdays([["22:00", "06:00"]]) });
  const add = (h: BusinessHours, iso: string, minutes: number) =>
    local(addBusinessMinutes(at(iso, zone), minutes, h), zone);
  const between = (h: BusinessHours, a: string, b: string) =>
    businessMinutesBetween(at(a, zone), at(b, zone), h);

  it("runs past midnight into the next day", () => {
    expect(add(hours, "2026-01-05T23:00", 120)).toBe("2026-01-06T01:00+01:00");
    expect(add(hours, "2026-01-06T05:30", 60)).toBe("2026-01-06T22:30+01:00");
    expect(between(hours, "2026-01-05T00:00", "2026-01-12T00:00")).toBe(5 * 480);
  });

  it("finds the previous day's overnight range", () => {
    expect(isOpenAt(at("2026-01-06T02:00", zone), hours)).toBe(true);
    expect(add(hours, "2026-01-06T02:00", 60)).toBe("2026-01-06T03:00+01:00");
    expect(isOpenAt(at("2026-01-10T02:00", zone), hours)).toBe(true); // Friday night, on Saturday
    expect(isOpenAt(at("2026-01-05T02:00", zone), hours)).toBe(false); // nothing on Sunday night
  });

  it("never counts overlapping ranges twice", () => {
    const overlapping = calendar({
      timezone: zone,
      week: { mon: [["22:00", "06:00"]], tue: [["00:00", "08:00"]] },
    });
    expect(between(overlapping, "2026-01-05T00:00", "2026-01-07T00:00")).toBe(600);
    expect(add(overlapping, "2026-01-05T22:00", 600)).toBe("2026-01-06T08:00+01:00");
    const holiday = calendar({ ...overlapping, holidays: ["2026-01-05"] });
    expect(between(holiday, "2026-01-05T00:00", "2026-01-07T00:00")).toBe(480);
  });

  it("joins a 24:00 closing to the next day's 00:00 opening", () => {
    const adjacent = calendar({
      timezone: zone,
      week: { mon: [["20:00", "24:00"]], tue: [["00:00", "02:00"]] },
    });
    expect(add(adjacent, "2026-01-05T23:30", 60)).toBe("2026-01-06T00:30+01:00");
    expect(between(adjacent, "2026-01-05T00:00", "2026-01-07T00:00")).toBe(360);
  });
});

describe("daylight saving time", () => {
  const sundayNight = (timezone: string) => calendar({ timezone, week: { sun: [["00:00", "06:00"]] } });
  const sundayMinutes = (zone: string, date: string) => {
    const day = DateTime.fromISO(date, { zone });
    return businessMinutesBetween(day.toJSDate(), day.plus({ days: 1 }).toJSDate(), sundayNight(zone));
  };

  it("counts real minutes in Europe/Paris", () => {
    expect(transitions("Europe/Paris")).toEqual(["2026-03-29", "2026-10-25"]);
    expect(sundayMinutes("Europe/Paris", "2026-03-22")).toBe(360);
    expect(sundayMinutes("Europe/Paris", "2026-03-29")).toBe(300);
    expect(sundayMinutes("Europe/Paris", "2026-10-25")).toBe(420);
    const end = addBusinessMinutes(at("2026-03-29T00:00", "Europe/Paris"), 300, sundayNight("Europe/Paris"));
    expect(local(end, "Europe/Paris")).toBe("2026-03-29T06:00+02:00");
  });

  it("counts real minutes in America/New_York", () => {
    const [spring, fall] = transitions("America/New_York");
    expect([spring, fall]).toEqual(["2026-03-08", "2026-11-01"]);
    expect(sundayMinutes("America/New_York", spring ?? "")).toBe(300);
    expect(sundayMinutes("America/New_York", fall ?? "")).toBe(420);
  });

  it("resolves a repeated wall time the same way whatever the date it runs (not luxon's guess from now)", () => {
    const repeated = calendar({ timezone: "Europe/Paris", week: { sun: [["02:30", "03:30"]] } });
    const gap = calendar({ timezone: "Europe/Paris", week: { sun: [["02:00", "02:30"]] } });
    for (const now of ["2026-07-15T12:00:00Z", "2026-01-15T12:00:00Z", "2026-10-25T01:15:00Z"]) {
      vi.useFakeTimers({ toFake: ["Date"], now: new Date(now) });
      try {
        expect([now, isOpenAt(new Date("2026-10-25T00:45Z"), repeated)]).toEqual([now, false]);
        expect([now, isOpenAt(new Date("2026-10-25T01:45Z"), repeated)]).toEqual([now, true]);
        const end = addBusinessMinutes(at("2026-03-29T00:00", "Europe/Paris"), 30, gap);
        expect([now, end.toISOString()]).toEqual([now, "2026-03-29T01:30:00.000Z"]);
      } finally {
        vi.useRealTimers();
      }
    }
  });

  it("shifts wall times in a gap forward and takes a repeated one's later occurrence", () => {
    const gap = calendar({ timezone: "Europe/Paris", week: { sun: [["02:00", "02:30"]] } });
    const end = addBusinessMinutes(at("2026-03-29T00:00", "Europe/Paris"), 30, gap);
    expect(end.toISOString()).toBe("2026-03-29T01:30:00.000Z"); // opened 03:00+02:00, closed 03:30+02:00
    const repeated = calendar({ timezone: "Europe/Paris", week: { sun: [["02:30", "03:30"]] } });
    expect(isOpenAt(new Date("2026-10-25T00:45Z"), repeated)).toBe(false); // 02:45+02:00
    expect(isOpenAt(new Date("2026-10-25T01:45Z"), repeated)).toBe(true); // 02:45+01:00
  });
});

describe("alwaysOpen", () => {
  const hours = calendar({ timezone: "Europe/Paris", alwaysOpen: true });

  it("is plain wall-clock arithmetic, across DST too", () => {
    const start = at("2026-03-29T01:30", "Europe/Paris");
    const end = addBusinessMinutes(start, 90, hours);
    expect(end.getTime() - start.getTime()).toBe(90 * 60_000);
    expect(local(end, "Europe/Paris")).toBe("2026-03-29T04:00+02:00");
    expect(businessMinutesBetween(start, end, hours)).toBe(90);
    expect(isOpenAt(start, hours)).toBe(true);
  });
});

describe("properties", () => {
  const zones = ["UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata", "Australia/Sydney"];
  const clock = (m: number) =>
    `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
  const range = fc
    .record({
      start: fc.integer({ min: 0, max: 1439 }),
      length: fc.integer({ min: 30, max: 1439 }),
      h24: fc.boolean(),
    })
    .map(({ start, length, h24 }): [string, string] => {
      const end = start + length;
      return [clock(start), end === 1440 && h24 ? "24:00" : clock(end % 1440)];
    });
  const day = fc.array(range, { maxLength: 3 });
  const week = fc
    .record({ mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day }, { requiredKeys: [] })
    .filter((w) => Object.values(w).some((ranges) => ranges.length > 0));
  const isoDay = fc
    .date({ min: new Date("2026-01-01T00:00Z"), max: new Date("2027-12-31T00:00Z"), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
  const hours = fc
    .record({ timezone: fc.constantFrom(...zones), week, holidays: fc.array(isoDay, { maxLength: 10 }) })
    .map(calendar);
  const start = fc.date({
    min: new Date("2026-01-01T00:00Z"),
    max: new Date("2027-12-31T23:59Z"),
    noInvalidDate: true,
  });
  const minutes = fc.integer({ min: 0, max: 20_000 });
  const runs = { numRuns: 200 };

  it("counts back the minutes it added", () => {
    fc.assert(
      fc.property(hours, start, minutes, (h, s, m) => {
        expect(Math.abs(businessMinutesBetween(s, addBusinessMinutes(s, m, h), h) - m)).toBeLessThan(1e-6);
      }),
      runs,
    );
  });

  it("is strictly monotonic in the minutes", () => {
    fc.assert(
      fc.property(hours, start, minutes, minutes, (h, s, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const [x, y] = [addBusinessMinutes(s, lo, h).getTime(), addBusinessMinutes(s, hi, h).getTime()];
        expect(lo === hi ? x === y : x < y).toBe(true);
      }),
      runs,
    );
  });

  it("adds in steps the same as at once", () => {
    fc.assert(
      fc.property(hours, start, minutes, minutes, (h, s, a, b) => {
        const stepped = addBusinessMinutes(addBusinessMinutes(s, a, h), b, h);
        expect(stepped.getTime()).toBe(addBusinessMinutes(s, a + b, h).getTime());
      }),
      runs,
    );
  });

  it("lands inside or at the end of an open interval", () => {
    fc.assert(
      fc.property(hours, start, fc.integer({ min: 1, max: 20_000 }), (h, s, m) => {
        const end = addBusinessMinutes(s, m, h);
        expect(isOpenAt(new Date(end.getTime() - 1), h)).toBe(true);
      }),
      runs,
    );
  });
});
