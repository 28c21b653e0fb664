import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addBusinessMinutes,
  BusinessHours,
  businessMinutesBetween,
  defaultBusinessHours,
  isOpenAt,
} from "../../core/sla/calendar.ts";

/**
 * "UTC" calendars are computed without luxon (a cold-start saving); "Etc/UTC" is the same zone through luxon.
 * Both must give the same instants for any calendar shape, including overnight ranges and holidays.
 */
const clock = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45))
  .map(([h, m]) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`);
const range = fc.tuple(clock, clock).filter(([a, b]) => a !== b);
const week = fc.record({
  mon: fc.array(range, { maxLength: 2 }),
  wed: fc.array(range, { maxLength: 2 }),
  sat: fc.array(range, { maxLength: 1 }),
});
const instant = fc.integer({ min: Date.UTC(1999, 0, 1), max: Date.UTC(2040, 0, 1) }).map((t) => new Date(t));
/** Up to 30 days later (a longer span only makes the luxon side slow). */
const later = fc.integer({ min: -86_400_000, max: 30 * 86_400_000 });
const minutes = fc.double({ min: 0, max: 20_000, noNaN: true });
const holidays = fc.array(
  fc
    .integer({ min: 0, max: 365 })
    .map((d) => new Date(Date.UTC(2026, 0, 1) + d * 86_400_000).toISOString().slice(0, 10)),
  { maxLength: 20 },
);

describe("UTC calendars without luxon", () => {
  it("give the same answers as the same calendar through luxon (Etc/UTC)", () => {
    fc.assert(
      fc.property(week, holidays, instant, later, minutes, (w, h, a, after, minutes) => {
        const b = new Date(a.getTime() + after);
        if (!Object.values(w).some((r) => r.length)) return;
        const utc = BusinessHours.parse({ timezone: "UTC", week: w, holidays: h });
        const etc = BusinessHours.parse({ timezone: "Etc/UTC", week: w, holidays: h });
        expect(addBusinessMinutes(a, minutes, utc)).toEqual(addBusinessMinutes(a, minutes, etc));
        expect(businessMinutesBetween(a, b, utc)).toBe(businessMinutesBetween(a, b, etc));
        expect(isOpenAt(a, utc)).toBe(isOpenAt(a, etc));
      }),
      { numRuns: 150 },
    );
  });

  it("still reject unknown zones, and hand each caller its own default calendar", () => {
    expect(BusinessHours.safeParse({ timezone: "Mars/Olympus", alwaysOpen: true }).success).toBe(false);
    expect(BusinessHours.safeParse({ timezone: "utc", alwaysOpen: true }).success).toBe(true);
    const first = defaultBusinessHours();
    first.week!.mon!.push(["18:00", "19:00"]);
    expect(defaultBusinessHours().week!.mon).toEqual([["09:00", "17:00"]]);
    expect(defaultBusinessHours("Europe/Paris").timezone).toBe("Europe/Paris");
  });
});
