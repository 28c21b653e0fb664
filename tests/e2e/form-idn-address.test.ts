import type { Browser } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { type AdminApi, browserAndAdmin, submitForm, watchedPage } from "./browser.ts";

/**
 * The web form in a browser: an address on an internationalised domain is filed (kept in punycode); one with
 * accents before the @ is refused with the reason, in the page's language.
 */
const baseUrl = inject("baseUrl");
let browser: Browser;
let admin: AdminApi;
browserAndAdmin(baseUrl, (session) => ({ browser, admin } = session));

describe("the web form and internationalised addresses", () => {
  it("files an IDN domain in punycode and says in French why an accented local part is refused", async () => {
    const stamp = Date.now().toString(36);
    const { page, problems } = await watchedPage(browser);
    const { id } = await submitForm(page, baseUrl, {
      email: `marie.${stamp}@exemple.рф`,
      subject: "Facture en double",
      message: "La facture est arrivée deux fois.",
    });
    const ticket = await admin("GET", `/tickets/${id}`);
    expect(ticket.json.requester.email).toBe(`marie.${stamp}@exemple.xn--p1ai`);

    await page.goto(`${baseUrl}/?lang=fr`);
    await page.getByLabel("Votre nom").fill("José");
    await page.getByLabel("E-mail").fill(`josé.${stamp}@société.fr`);
    await page.getByLabel("Objet").fill("Facture");
    await page.getByLabel("Comment pouvons-nous vous aider ?").fill("La facture est fausse.");
    const refused = page.waitForResponse((r) => r.url().endsWith("/api/tickets"));
    await page.getByRole("button", { name: "Envoyer" }).click();
    expect((await refused).status()).toBe(400);
    const error = page.locator("#email-error");
    await error.waitFor();
    expect(await error.textContent()).toContain("ne peut pas livrer une adresse avec des accents");
    expect(await page.getByLabel("E-mail").getAttribute("aria-invalid")).toBe("true");
    expect(problems).toEqual([]);
  });
});
