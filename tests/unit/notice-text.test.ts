import { describe, expect, it } from "vitest";
import { waitingNotice, warnNotice, when } from "../../core/sla/notice-text.ts";

/** Agents read the moments in SLA notices as dates in the desk's zone, in their language: never ISO timestamps. */
describe("moments in agents' notices", () => {
  const at = "2026-12-07T10:00:00.000Z";

  it("are dates and times in the desk's zone, named, in the agent's language", () => {
    expect(when(at, "en", "UTC")).toBe("7 Dec 2026, 10:00 UTC");
    expect(when(at, "fr", "UTC")).toBe("7 déc. 2026, 10:00 UTC");
    expect(when(at, "en", "Europe/Paris")).toBe("7 Dec 2026, 11:00 CET");
    expect(when(at, "fr", "Europe/Paris")).toBe("7 déc. 2026, 11:00 UTC+1");
  });

  it("show an unreadable moment or zone as given rather than failing the notice", () => {
    expect(when(at, "en", "Not/AZone")).toBe(at);
    expect(when("soon", "fr", "UTC")).toBe("soon");
    expect(when(undefined, "en", "UTC")).toBe("?");
  });

  it("are what the warning and the waiting notices say, in both languages", () => {
    const ticket = { number: 12, subject: "VPN", priority: "high" as const, team: "network" };
    const warn = warnNotice(ticket, "firstResponse", at, 3_600_000, "Europe/Paris");
    expect(warn.text).toBe('Ticket #12 "VPN" (high) must have its first response by 7 Dec 2026, 11:00 CET.');
    expect(warn.fr.text).toContain("au plus tard le 7 déc. 2026, 11:00 UTC+1.");
    const waiting = waitingNotice(ticket, at, "UTC");
    expect(waiting.fr.text).toContain("attend une réponse depuis le 7 déc. 2026, 10:00 UTC.");
    expect(`${warn.text}${warn.fr.text}${waiting.text}${waiting.fr.text}`).not.toMatch(/\dT\d\d:\d\d/);
  });
});
