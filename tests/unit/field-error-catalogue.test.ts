import { describe, expect, it } from "vitest";
import { TYPED_ADDRESS_MESSAGES } from "../../core/mail/typed-address.ts";
import { BusinessHours } from "../../core/sla/calendar.ts";
import { strings } from "../../web/app/src/strings.ts";

/**
 * The business-hours screen says the server's field errors in the admin's language, keyed by the server's English
 * words: every message the server can give for a wrong calendar must be in the catalogue, or French admins read
 * English again the day a message is reworded.
 */
const wrong: unknown[] = [
  { timezone: "Mars/Olympus", alwaysOpen: true },
  { timezone: "UTC", week: { mon: [["9:00", "12:00"]] } },
  { timezone: "UTC", week: { mon: [["09:00", "25:00"]] } },
  { timezone: "UTC", week: { mon: [["09:00", "09:00"]] } },
  { timezone: "UTC", week: { mon: Array.from({ length: 7 }, () => ["09:00", "10:00"]) } },
  { timezone: "UTC", alwaysOpen: true, holidays: ["2026-02-30"] },
  { timezone: "UTC" },
];

describe("the server's calendar errors", () => {
  const messages = wrong.flatMap((value) => {
    const result = BusinessHours.safeParse(value);
    expect(result.success, JSON.stringify(value)).toBe(false);
    return result.success ? [] : result.error.issues.map((issue) => issue.message);
  });
  it("are each in the catalogue, in English and in French", () => {
    expect(new Set(messages).size).toBeGreaterThanOrEqual(6);
    for (const message of messages)
      for (const lang of ["en", "fr"] as const)
        expect(Object.hasOwn(strings[lang].fieldErrors.messages, message), `${lang}: ${message}`).toBe(true);
  });
});

describe("the server's address errors", () => {
  it("are each in the catalogue, in English and in French", () => {
    for (const message of Object.values(TYPED_ADDRESS_MESSAGES))
      for (const lang of ["en", "fr"] as const)
        expect(Object.hasOwn(strings[lang].fieldErrors.messages, message), `${lang}: ${message}`).toBe(true);
  });
});

describe("the reports' impossible date", () => {
  it("has its code and its field message in the catalogue, in English and in French", async () => {
    const { INVALID_DATE_MESSAGE } = await import("../../functions/api/routes/reports.ts");
    for (const lang of ["en", "fr"] as const) {
      expect(Object.hasOwn(strings[lang].apiErrors, "invalid_date"), lang).toBe(true);
      expect(Object.hasOwn(strings[lang].fieldErrors.messages, INVALID_DATE_MESSAGE), lang).toBe(true);
    }
    expect(strings.fr.apiErrors.invalid_date).not.toBe(strings.en.apiErrors.invalid_date);
  });
});
