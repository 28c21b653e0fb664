import type { Browser } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import {
  type AdminApi,
  accessibilityViolations,
  browserAndAdmin,
  submitForm,
  watchedPage,
} from "./browser.ts";

/**
 * The web form's own link shows what the customer wrote and where our answers go (their mail), never the answers:
 * anyone may file the form in someone else's name. A link the desk mails shows the whole conversation.
 */
const baseUrl = inject("baseUrl");
let browser: Browser;
let admin: AdminApi;
browserAndAdmin(baseUrl, (session) => ({ browser, admin } = session));

describe("the ticket page opened from the web form", () => {
  it("says the answers are in the mail and shows none; a mailed link shows them", async () => {
    const { page, problems } = await watchedPage(browser);
    const subject = `Form link ${Date.now()}`;
    const created = await submitForm(page, baseUrl, {
      email: "form-link@example.com",
      subject,
      message: "My badge stopped working",
    });
    expect(
      (await admin("POST", `/tickets/${created.id}/replies`, { body: "Your new badge PIN is 4412." })).status,
    ).toBe(201);

    // The success screen promises what the link does: the request, its status, adding to it; answers by email.
    expect(await page.locator("#done").textContent()).toContain("Our answers arrive by email.");
    expect(await page.locator("#done").textContent()).not.toContain("see answers");
    await page.locator("#follow-link").click();
    await page.getByText("My badge stopped working").waitFor();
    await page.getByText(/Our answers go to the email address you gave/).waitFor();
    expect(await page.locator("#answers-by-mail a").getAttribute("href")).toBe("/portal.html");
    expect(await page.locator("#timeline").textContent()).not.toContain("4412");
    await page.screenshot({ path: "/tmp/s22-sec-form-link.png", fullPage: true });
    expect(await accessibilityViolations(page)).toEqual([]);

    const mailed = (await admin("POST", `/tickets/${created.id}/portal-link`, {})).json.portalToken as string;
    // Only the fragment differs from the page open now: a goto alone would not load the page again.
    await page.goto("about:blank");
    await page.goto(`${baseUrl}/ticket.html?id=${created.id}#token=${mailed}`);
    await page.getByText("Your new badge PIN is 4412.").waitFor();
    expect(await page.locator("#answers-by-mail").isHidden()).toBe(true);
    expect(problems).toEqual([]);
  });
});
