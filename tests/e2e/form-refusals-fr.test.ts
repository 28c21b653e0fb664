import type { Browser, Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { ownBrowser, watchedPage } from "./browser.ts";

/**
 * The web form in French when the API refuses without pointing at a field (a brief outage, a repeated key, a code
 * the page does not know): the page says it in French, never the server's English message.
 */
const baseUrl = inject("baseUrl");
let browser: Browser;
ownBrowser((launched) => {
  browser = launched;
});

async function refusedWith(page: Page, status: number, error: { code: string; message: string }) {
  await page.route("**/api/tickets", (route) =>
    route.fulfill({ status, contentType: "application/json", body: JSON.stringify({ error }) }),
  );
  await page.goto(`${baseUrl}/?lang=fr`);
  await page.getByLabel("Votre nom").fill("Zoé");
  await page.getByLabel("E-mail").fill("zoe@exemple.fr");
  await page.getByLabel("Objet").fill("Imprimante");
  await page.getByLabel("Comment pouvons-nous vous aider ?").fill("Bourrage papier au 2e étage.");
  await page.getByRole("button", { name: "Envoyer" }).click();
  const summary = page.locator("#summary");
  await summary.waitFor();
  return summary.textContent();
}

describe("the French web form's refusals", () => {
  it("says a brief outage in French, and that nothing was sent", async () => {
    const { page, problems } = await watchedPage(browser);
    const text = await refusedWith(page, 503, {
      code: "unavailable",
      message: "The desk is busy or briefly unavailable; try again in a moment",
    });
    expect(text).toContain("brièvement indisponibles");
    expect(text).not.toContain("busy");
    expect(problems).toEqual([]);
  });

  it("says a refusal it has no words for as the general French message, not in English", async () => {
    const { page } = await watchedPage(browser);
    const text = await refusedWith(page, 409, { code: "some_new_code", message: "Something new happened" });
    expect(text).toBe("Une erreur est survenue. Veuillez réessayer.");
  });
});
