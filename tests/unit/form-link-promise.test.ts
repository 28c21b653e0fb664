import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
// @ts-expect-error: the web form's plain module has no types
import { strings } from "../../web/form/i18n.js";

/**
 * The web form's link opens the request with the form's key: it shows what was written with it and the status,
 * never our answers (anyone may file the form in someone else's name). The page must not promise more.
 */
const t = strings as Record<"en" | "fr", Record<string, string>>;
const page = (name: string) => readFileSync(new URL(`../../web/form/${name}`, import.meta.url), "utf8");

describe("what the web form says of its link", () => {
  it("promises the request, its status and adding to it, with answers by email, in English and French", () => {
    expect(t.en.followHint).not.toMatch(/see answers|reply without/i);
    expect(t.en.followHint).toMatch(/status/);
    expect(t.en.followHint).toMatch(/answers arrive by email/i);
    expect(t.fr.followHint).not.toMatch(/voir les réponses|répondre sans/i);
    expect(t.fr.followHint).toMatch(/état/);
    expect(t.fr.followHint).toMatch(/réponses arrivent par e-mail/i);
    // The page's text before the strings load says the same.
    expect(page("index.html")).toContain(`<p data-i18n="followHint">${t.en.followHint}</p>`);
  });

  it("points to the portal's sign-in where the answers are said to be in the mail", () => {
    expect(t.en.answersSignIn).toMatch(/sign in/i);
    expect(t.fr.answersSignIn).toMatch(/connectez-vous/i);
    expect(page("ticket.html")).toMatch(/<a href="\/portal\.html" data-i18n="answersSignIn">/);
  });

  it("has every string in both languages", () => {
    expect(Object.keys(t.fr).sort()).toEqual(Object.keys(t.en).sort());
  });
});
