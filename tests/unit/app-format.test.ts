import { describe, expect, it } from "vitest";
import { formatters } from "../../web/app/src/format.ts";
import { t } from "../../web/app/src/strings.ts";

// Intl separates numbers from units with (narrow) no-break spaces in French: compare with plain spaces.
const plain = (s: string) => s.replace(/\s/g, " ");
const en = formatters("en", "UTC");
const fr = formatters("fr-FR", "UTC");

describe("agent app: SLA time left", () => {
  const now = Date.parse("2026-06-01T12:00:00Z");
  it("says how long is left, or how late, in days, hours and minutes", () => {
    expect(en.timeLeft("2026-06-01T12:45:00Z", now)).toEqual({ text: "45 min", late: false });
    expect(en.timeLeft("2026-06-01T14:05:00Z", now)).toEqual({ text: "2 hr 5 min", late: false });
    expect(en.timeLeft("2026-06-03T12:00:00Z", now)).toEqual({ text: "2 days", late: false });
    expect(en.timeLeft("2026-06-01T11:30:00Z", now)).toEqual({ text: "30 min", late: true });
    expect(en.timeLeft("2026-06-01T12:00:00Z", now)).toEqual({ text: "0 min", late: false });
    expect(plain(fr.timeLeft("2026-06-01T14:05:00Z", now).text)).toBe("2 h 5 min");
    expect(plain(fr.timeLeft("2026-06-03T13:01:00Z", now).text)).toBe("2 j 1 h");
  });
  it("has a label for every status, priority and timeline entry kind the API can send", async () => {
    const { STATUSES, PRIORITIES } = await import("../../core/store/entities/ticket.ts");
    const { ENTRY_KINDS } = await import("../../core/store/entities/entry.ts");
    for (const s of STATUSES) expect(t.statuses[s]).toBeTruthy();
    for (const p of PRIORITIES) expect(t.priorities[p]).toBeTruthy();
    for (const k of ENTRY_KINDS) expect(t.kinds[k]).toBeTruthy();
  });
});

describe("agent app: numbers and dates in the agent's locale", () => {
  it("writes numbers, percentages and sizes the English or the French way", () => {
    expect(en.number(1234.56)).toBe("1,234.6");
    expect(plain(fr.number(1234.56))).toBe("1 234,6");
    expect(en.percent(0.256)).toBe("25.6%");
    expect(plain(fr.percent(0.256))).toBe("25,6 %");
    expect(en.kilobytes(3000)).toBe("3 kB");
    expect(plain(fr.kilobytes(3000))).toBe("3 ko");
  });
  it("writes dates and relative times in the language, in the given time zone", () => {
    expect(en.when("2026-06-01T12:00:00Z")).toBe("Jun 1, 2026, 12:00 PM");
    expect(plain(fr.when("2026-06-01T12:00:00Z"))).toBe("1 juin 2026, 12:00");
    expect(en.when(null)).toBe("—");
    const now = Date.parse("2026-06-01T12:00:00Z");
    expect(en.ago("2026-06-01T11:55:00Z", now)).toBe("5 minutes ago");
    expect(fr.ago("2026-06-01T11:55:00Z", now)).toBe("il y a 5 minutes");
    expect(fr.ago("2026-06-02T12:00:00Z", now)).toBe("demain");
  });
  it("names a report's periods as the agent writes dates, leaving weeks and other keys as they are", () => {
    expect(en.period("2026-12-06")).toBe("Dec 6, 2026");
    expect(plain(fr.period("2026-12-06"))).toBe("6 déc. 2026");
    expect(fr.period("2026-11")).toBe("novembre 2026");
    expect(en.period("2026-W48")).toBe("2026-W48");
    expect(plain(fr.tickDay(Date.parse("2026-12-06T00:00:00Z") / 1000))).toBe("6 déc.");
  });
});
