import { describe, expect, it } from "vitest";
import { timeLeft } from "../../web/app/src/format.ts";
import { t } from "../../web/app/src/strings.ts";

describe("agent app: SLA time left", () => {
  const now = Date.parse("2026-06-01T12:00:00Z");
  it("says how long is left, or how late, in days, hours and minutes", () => {
    expect(timeLeft("2026-06-01T12:45:00Z", now)).toEqual({ text: "45 min", late: false });
    expect(timeLeft("2026-06-01T14:05:00Z", now)).toEqual({ text: "2 h 5 min", late: false });
    expect(timeLeft("2026-06-03T12:00:00Z", now)).toEqual({ text: "2 d", late: false });
    expect(timeLeft("2026-06-01T11:30:00Z", now)).toEqual({ text: "30 min", late: true });
    expect(timeLeft("2026-06-01T12:00:00Z", now)).toEqual({ text: "0 min", late: false });
  });
  it("has a label for every status, priority and timeline entry kind the API can send", async () => {
    const { STATUSES, PRIORITIES, ENTRY_KINDS } = await import("../../core/store/entities/ticket.ts");
    for (const s of STATUSES) expect(t.statuses[s]).toBeTruthy();
    for (const p of PRIORITIES) expect(t.priorities[p]).toBeTruthy();
    for (const k of ENTRY_KINDS) expect(t.kinds[k]).toBeTruthy();
  });
});
