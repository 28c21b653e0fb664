import type { Browser } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { issueCsatToken } from "../../core/csat/csat.ts";
import { type AdminApi, accessibilityViolations, browserAndAdmin, unique, watchedPage } from "./browser.ts";
import { SECRET } from "./desk.ts";

/**
 * The survey's links are fetched by mail security scanners (both of them, with GET or HEAD) before the customer
 * clicks, some in a browser: opening a link records nothing; the customer's Send records the rating shown.
 */
const baseUrl = inject("baseUrl");
let browser: Browser;
let admin: AdminApi;
browserAndAdmin(baseUrl, (session) => ({ browser, admin } = session));

const satisfaction = async (id: string) => (await admin("GET", `/tickets/${id}`)).json.satisfaction;

describe("the survey page", () => {
  it("records nothing when a scanner fetches or opens the links, and the customer's choice when they press Send", async () => {
    const created = await fetch(`${baseUrl}/api/tickets`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        name: "Léa",
        email: `lea.${Date.now().toString(36)}@exemple.fr`,
        subject: unique("Imprimante réparée"),
        message: "L'imprimante du 2e étage ne marche plus.",
        locale: "fr",
      }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const link = `${baseUrl}/csat/${issueCsatToken(id, new Date(), SECRET)}`;

    // A scanner following both links of the mail.
    for (const rating of ["good", "bad"]) {
      expect((await fetch(`${link}?rating=${rating}`)).status).toBe(200);
      expect((await fetch(`${link}?rating=${rating}`, { method: "HEAD" })).status).toBe(200);
    }
    expect(await satisfaction(id)).toBeNull();

    const { page, problems } = await watchedPage(browser);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${link}?rating=bad`);
    await page.getByRole("heading", { name: "Comment avons-nous traité votre demande ?" }).waitFor();
    expect(await page.getByLabel("Pas bien").isChecked()).toBe(true);
    await page.getByText("Appuyez sur Envoyer pour enregistrer votre réponse.").waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    // A browser that opens the page (a scanner's, scripts and all) rates nothing: only Send does.
    await page.waitForTimeout(500);
    expect(await satisfaction(id)).toBeNull();
    await page.getByRole("button", { name: "Envoyer" }).click();
    await page.getByRole("heading", { name: "Merci pour votre réponse !" }).waitFor();
    expect(await satisfaction(id)).toMatchObject({ rating: "bad" });

    // Changing one's mind: the other link, another choice, a comment.
    await page.goto(`${link}?rating=bad`);
    await page.getByLabel("Bien", { exact: true }).check();
    await page.getByLabel("Voulez-vous nous en dire plus ? (facultatif)").fill("Rapide, merci.");
    await page.getByRole("button", { name: "Envoyer" }).click();
    await page.getByRole("heading", { name: "Merci, nous lisons chaque commentaire." }).waitFor();
    expect(await satisfaction(id)).toMatchObject({ rating: "good", comment: "Rapide, merci." });
    expect(problems).toEqual([]);
    await page.close();
  });

  it("comes, like every page of the desk, with framing and sniffing protection", async () => {
    // CloudFront runs no viewer-response function on a 4xx or 5xx: the pages that may answer one set their own.
    for (const path of ["/", "/ticket.html", "/app", "/app/tickets/x", "/api/health", "/help"]) {
      const response = await fetch(`${baseUrl}${path}`);
      expect([path, response.headers.get("x-frame-options")]).toEqual([path, "SAMEORIGIN"]);
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    }
    // A page that says more keeps its own words.
    expect((await fetch(`${baseUrl}/help`)).headers.get("content-security-policy")).toContain(
      "frame-ancestors 'none'",
    );
  });
});
