import { describe, expect, it } from "vitest";
import {
  AgentTicketInput,
  ListQuery,
  localeFromAcceptLanguage,
  TicketPatch,
  TicketSubmission,
} from "../../core/ticket/input.ts";

describe("input validation", () => {
  const valid = { name: " Ann ", email: " Ann@Example.COM ", subject: "Printer", message: "Jammed" };

  it("trims text and lower-cases email", () => {
    expect(TicketSubmission.parse(valid)).toEqual({
      name: "Ann",
      email: "ann@example.com",
      subject: "Printer",
      message: "Jammed",
    });
  });

  it("takes the language from Accept-Language when the form does not say", () => {
    expect(localeFromAcceptLanguage("fr-FR,fr;q=0.9,en;q=0.8")).toBe("fr");
    expect(localeFromAcceptLanguage("de-DE,en;q=0.5,fr;q=0.4")).toBe("en");
    expect(localeFromAcceptLanguage("de, fr;q=0.3")).toBe("fr");
    expect(localeFromAcceptLanguage(undefined)).toBe("en");
  });

  it("names each bad field", () => {
    const result = TicketSubmission.safeParse({
      name: "  ",
      email: "a@",
      subject: "s".repeat(201),
      locale: "de",
    });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join("."));
    expect(paths.sort()).toEqual(["email", "locale", "message", "name", "subject"]);
  });

  it("refuses a filled honeypot", () => {
    expect(TicketSubmission.safeParse({ ...valid, website: "x" }).success).toBe(false);
    expect(TicketSubmission.safeParse({ ...valid, website: "" }).success).toBe(true);
  });

  it("accepts partial ticket changes, clears with null, refuses empty and unknown changes", () => {
    expect(TicketPatch.parse({ team: null, tags: [" VPN "] })).toEqual({ team: null, tags: ["vpn"] });
    expect(TicketPatch.safeParse({}).success).toBe(false);
    expect(TicketPatch.safeParse({ status: "done" }).success).toBe(false);
    expect(TicketPatch.safeParse({ number: 5 }).success).toBe(false);
  });

  it("defaults agent tickets to the phone channel and queue views to all", () => {
    expect(AgentTicketInput.parse(valid).channel).toBe("phone");
    expect(ListQuery.parse({})).toEqual({ view: "all", sort: "activity", limit: 25 });
    expect(ListQuery.safeParse({ limit: "1000" }).success).toBe(false);
  });
});
