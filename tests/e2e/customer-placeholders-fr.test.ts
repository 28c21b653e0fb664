import type { Browser } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { issuePortalToken } from "../../core/auth/portal-token.ts";
import { ATTACHMENTS_ONLY, NO_SUBJECT } from "../../core/ticket/placeholder-text.ts";
import { type AdminApi, browserAndAdmin, watchedPage } from "./browser.ts";
import { SECRET } from "./desk.ts";

/**
 * A mail with no subject, only files, is stored "(no subject)" / "(attachments only)" in English
 * (core/ticket/placeholder-text.ts); the customer's page in French says them in French.
 */
const baseUrl = inject("baseUrl");
let browser: Browser;
let admin: AdminApi;
browserAndAdmin(baseUrl, (session) => ({ browser, admin } = session));

describe("the customer's page in French: what came without words", () => {
  it("shows '(sans objet)' and '(pièces jointes seulement)', not the stored English", async () => {
    const created = await admin("POST", "/agent/tickets", {
      name: "Zoé Client",
      email: `zoe.${Date.now().toString(36)}@example.fr`,
      subject: NO_SUBJECT,
      message: ATTACHMENTS_ONLY,
      locale: "fr",
    });
    expect(created.status).toBe(201);
    const ticket = created.json.ticket as { id: string };
    const { page, problems, context } = await watchedPage(browser);
    const token = issuePortalToken(ticket.id, new Date(), SECRET);
    await page.goto(`${baseUrl}/ticket.html?id=${ticket.id}&lang=fr#token=${token}`);
    await page.locator("#timeline li").first().waitFor();
    expect(await page.locator("#subject").textContent()).toBe("(sans objet)");
    expect(await page.locator("#timeline li .body").first().textContent()).toBe("(pièces jointes seulement)");
    expect(problems).toEqual([]);
    await context.close();
  });
});
