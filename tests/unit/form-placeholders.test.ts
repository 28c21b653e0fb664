import { describe, expect, it } from "vitest";
import { ATTACHMENTS_ONLY, inLanguage, NO_SUBJECT, NO_TEXT } from "../../core/ticket/placeholder-text.ts";
// @ts-expect-error: the web form's plain module has no types
import { shownText } from "../../web/form/i18n.js";

/**
 * The customer's pages (their ticket, their requests) show what the desk stores for a ticket or message without
 * words of its own ("(no subject)", "(attachments only)", "(no text)") in the page's language, in the same words
 * as the desk's mail to them (core/ticket/placeholder-text.ts).
 */
describe("customer pages: placeholders in the page's language", () => {
  const stored = [NO_SUBJECT, ATTACHMENTS_ONLY, NO_TEXT];
  it("says each stored placeholder in French on a French page, as the customer's mail does", () => {
    expect(stored.map((p) => shownText("fr", p))).toEqual(stored.map((p) => inLanguage(p, "fr")));
    expect(shownText("fr", NO_SUBJECT)).toBe("(sans objet)");
  });
  it("leaves English pages and the customer's own words as they are", () => {
    expect(stored.map((p) => shownText("en", p))).toEqual(stored);
    expect(shownText("fr", "Imprimante (no subject)")).toBe("Imprimante (no subject)");
    expect(shownText("fr", "constructor")).toBe("constructor");
    expect(shownText("fr", "")).toBe("");
  });
});
