import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AgentInput } from "../../core/agent/agent.ts";
import { CategoryInput, TeamInput } from "../../core/agent/directory.ts";
import { DeskNameInput } from "../../core/desk/name.ts";
import { ArticleInput } from "../../core/kb/articles.ts";
import { HandOff, VendorInput } from "../../core/sla/vendor.ts";
import { TEXT_LIMITS } from "../../core/text-limits.ts";
import {
  AgentTicketInput,
  CustomerMessageInput,
  Email,
  TicketPatch,
  TicketSubmission,
} from "../../core/ticket/input.ts";
import { LIMITS as APP_LIMITS } from "../../web/app/src/limits.ts";
// @ts-expect-error: the web form's plain module has no types
import { rateLimitedText, strings } from "../../web/form/i18n.js";
// @ts-expect-error: the web form's plain module has no types
import { LIMITS, lengthProblem } from "../../web/form/limits.js";

/** Whether `schema` takes a text of exactly `max` characters and refuses one more. */
const boundAt = (parse: (text: string) => boolean, max: number) =>
  parse("x".repeat(max)) && !parse("x".repeat(max + 1));

describe("the limits the pages tell before sending are the server's", () => {
  const submission = (field: string) => (text: string) =>
    TicketSubmission.safeParse({
      name: "Ann",
      email: "ann@example.com",
      subject: "Hi",
      message: "Hello",
      [field]: text,
    }).success;
  it("web form and customer page: name, subject, message, reply", () => {
    expect(boundAt(submission("name"), LIMITS.name)).toBe(true);
    expect(boundAt(submission("subject"), LIMITS.subject)).toBe(true);
    expect(boundAt(submission("message"), LIMITS.message)).toBe(true);
    expect(boundAt((m) => CustomerMessageInput.safeParse({ message: m }).success, LIMITS.message)).toBe(true);
    const longest = `${"a".repeat(64)}@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(57)}.com`;
    expect(longest.length).toBe(LIMITS.email);
    expect(Email.safeParse(longest).success).toBe(true);
    expect(Email.safeParse(`a${longest}`).success).toBe(false);
  });
  it("agent app: a tag and a copied address", () => {
    expect(boundAt((tag) => TicketPatch.safeParse({ tags: [tag] }).success, APP_LIMITS.tag)).toBe(true);
    const cc = (address: string) => TicketPatch.safeParse({ cc: [address] }).success;
    expect(cc("a".repeat(APP_LIMITS.address)) && !cc("a".repeat(APP_LIMITS.address + 1))).toBe(true);
  });
  it("agent app: every other field the server bounds (core/text-limits.ts, which the app imports)", () => {
    expect(APP_LIMITS).toBe(TEXT_LIMITS);
    const field = (schema: { safeParse: (v: unknown) => { success: boolean } }) => (text: string) =>
      schema.safeParse(text).success;
    const newTicket = AgentTicketInput.shape;
    expect(boundAt(field(newTicket.name), APP_LIMITS.requesterName)).toBe(true);
    expect(boundAt(field(newTicket.subject), APP_LIMITS.subject)).toBe(true);
    expect(boundAt(field(newTicket.message), APP_LIMITS.message)).toBe(true);
    for (const name of [
      AgentInput.shape.name,
      TeamInput.shape.name,
      TeamInput.shape.nameFr,
      CategoryInput.shape.name,
      CategoryInput.shape.nameFr,
      VendorInput.shape.name,
    ])
      expect(boundAt(field(name), APP_LIMITS.directoryName)).toBe(true);
    expect(boundAt(field(ArticleInput.shape.title), APP_LIMITS.articleTitle)).toBe(true);
    expect(boundAt(field(HandOff.shape.message), APP_LIMITS.vendorMessage)).toBe(true);
    expect(boundAt((name) => DeskNameInput.safeParse({ name }).success, APP_LIMITS.deskName)).toBe(true);
  });
  it("no field of the agent app cuts a typed text silently (no maxLength: LimitedField says it)", () => {
    const app = join(import.meta.dirname, "../../web/app/src");
    const cutting = readdirSync(app, { recursive: true, encoding: "utf8" })
      .filter((file) => file.endsWith(".tsx"))
      .filter((file) => /\bmaxLength=\{/.test(readFileSync(join(app, file), "utf8")));
    expect(cutting).toEqual([]);
  });
  it("no field of the form or the customer page cuts a pasted text silently (no maxlength)", () => {
    for (const page of ["index.html", "ticket.html"]) {
      const html = readFileSync(join(import.meta.dirname, "../../web/form", page), "utf8");
      expect(html, page).not.toMatch(/<(input|textarea)\b(?![^>]*type="(file|hidden)")[^>]*maxlength/);
    }
  });
});

describe("what the form says of a text over its limit", () => {
  it("names the length and the limit in the page's language, and nothing when it fits", () => {
    const log = "x".repeat(140_000);
    expect(lengthProblem(log, LIMITS.message, strings.en, "en")).toContain(
      "140,000 characters, at most 20,000",
    );
    expect(lengthProblem(log, LIMITS.message, strings.fr, "fr")).toMatch(
      /^Trop long.*140\s000\u00a0caractères, 20\s000 au plus/,
    );
    expect(lengthProblem(`  ${"x".repeat(LIMITS.message)}  `, LIMITS.message, strings.en, "en")).toBe("");
  });
});

describe("what the form says of a 429", () => {
  it("says the real wait from Retry-After, rounded up to minutes, or hours past the hour", () => {
    expect(rateLimitedText(strings.en, "2160")).toBe("Too many requests. Please try again in 36 minutes.");
    expect(rateLimitedText(strings.fr, "2101")).toBe("Trop de demandes. Réessayez dans 36\u00a0minutes.");
    expect(rateLimitedText(strings.en, "30")).toBe("Too many requests. Please try again in 1 minute.");
    expect(rateLimitedText(strings.en, "3600")).toContain("in 60 minutes.");
    expect(rateLimitedText(strings.en, "3601")).toContain("in 2 hours.");
    expect(rateLimitedText(strings.fr, "86400")).toContain("dans 24\u00a0heures.");
  });
  it("falls back to the general words without a usable header", () => {
    expect(rateLimitedText(strings.en, null)).toBe(strings.en.rateLimited);
    expect(rateLimitedText(strings.fr, "Wed, 21 Oct 2026 07:28:00 GMT")).toBe(strings.fr.rateLimited);
  });
});
