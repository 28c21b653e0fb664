import { describe, expect, it } from "vitest";
// @ts-expect-error: the web form's plain module has no types
import { refusalText } from "../../web/form/i18n.js";

/**
 * A write signed by the portal cookie without its X-Requested-With header is refused 403 `csrf_failed`, the agent
 * API's code for the same refusal; the customer's pages say it in their language, not the server's English.
 */
describe("customer pages: the CSRF refusal in words", () => {
  it.each([
    ["en", /reload the page/i],
    ["fr", /rechargez la page/i],
  ] as const)("%s", (locale: string, words: RegExp) => {
    const text = refusalText(locale, { code: "csrf_failed", message: "Send X-Requested-With with writes" });
    expect(text).toMatch(words);
    expect(text).not.toMatch(/X-Requested-With/);
  });
});
