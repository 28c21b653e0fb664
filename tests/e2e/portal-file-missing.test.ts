import type { Browser } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import {
  type AdminApi,
  accessibilityViolations,
  browserAndAdmin,
  signIn,
  submitForm,
  watchedPage,
} from "./browser.ts";
import { ADMIN } from "./desk.ts";

/**
 * A file on the customer's ticket page or in the agent app that cannot be had says so beside its button, in the page's language: a
 * file no longer stored (the API's 404 `file_missing`, tests/integration/file-reclaim.test.ts) or a failed request.
 * The page used to do nothing at all. The answer is staged with the API's own words for that code.
 */
const baseUrl = inject("baseUrl");
let browser: Browser;
let admin: AdminApi;
browserAndAdmin(baseUrl, (session) => ({ browser, admin } = session));

describe("a file the customer's page cannot download", () => {
  it("is said beside its button: gone for good, or try again; a file that is there still downloads", async () => {
    const { page, problems } = await watchedPage(browser);
    const created = await submitForm(page, baseUrl, {
      email: "file-missing@example.com",
      subject: `File missing ${Date.now()}`,
      message: "Where is the guide?",
    });
    const guide = { name: "guide.txt", contentType: "text/plain", contentBase64: btoa("Step 1: restart.") };
    const reply = await admin("POST", `/tickets/${created.id}/replies`, {
      body: "Here is the guide.",
      attachments: [guide],
    });
    expect(reply.status).toBe(201);
    const mailed = (await admin("POST", `/tickets/${created.id}/portal-link`, {})).json.portalToken as string;
    await page.goto("about:blank");
    await page.goto(`${baseUrl}/ticket.html?id=${created.id}#token=${mailed}`);
    const button = page.getByRole("button", { name: /^guide\.txt/ });

    // Stored: it downloads.
    const download = page.waitForEvent("download");
    await button.click();
    expect((await download).suggestedFilename()).toBe("guide.txt");

    // Gone from the bucket: the API answers 404 file_missing.
    await page.route(/\/attachments\/0$/, (route) =>
      route.fulfill({
        status: 404,
        contentType: "application/json",
        body: JSON.stringify({ error: { code: "file_missing", message: "This file is no longer stored" } }),
      }),
    );
    await button.click();
    await page.getByRole("alert").filter({ hasText: "guide.txt: this file is no longer stored" }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    // Any other failure: try again; one message at a time beside the button.
    await page.unroute(/\/attachments\/0$/);
    await page.route(/\/attachments\/0$/, (route) => route.abort());
    await button.click();
    await page.getByRole("alert").filter({ hasText: "could not be downloaded" }).waitFor();
    expect(await page.locator(".download-error").count()).toBe(1);
    expect(problems).toEqual([]);
  });
});

describe("a file the agent app cannot download", () => {
  it("downloads under its name when stored, and says why beside the link when it is not", async () => {
    const { page, problems } = await watchedPage(browser);
    const created = await submitForm(page, baseUrl, {
      email: "file-missing-agent@example.com",
      subject: `File missing in the app ${Date.now()}`,
      message: "Logs attached below.",
    });
    const log = { name: "boot log (1).txt", contentType: "text/plain", contentBase64: btoa("error 42") };
    expect(
      (await admin("POST", `/tickets/${created.id}/notes`, { body: "Log", attachments: [log] })).status,
    ).toBe(201);
    await signIn(page, baseUrl, ADMIN.email, ADMIN.password);
    await page.goto(`${baseUrl}/app/tickets/${created.id}`);
    const link = page.getByRole("link", { name: "boot log (1).txt" });

    const download = page.waitForEvent("download");
    await link.click();
    expect((await download).suggestedFilename()).toBe("boot log (1).txt");

    await page.route(/\/attachments\/0$/, (route) =>
      route.fulfill({
        status: 404,
        contentType: "application/json",
        body: JSON.stringify({ error: { code: "file_missing", message: "This file is no longer stored" } }),
      }),
    );
    await link.click();
    await page
      .getByRole("alert")
      .filter({ hasText: "This file is no longer stored (removed by retention" })
      .waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
