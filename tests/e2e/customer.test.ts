import type { Browser } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import {
  type AdminApi,
  accessibilityViolations,
  browserAndAdmin,
  submitForm,
  watchedPage,
} from "./browser.ts";

const baseUrl = inject("baseUrl");
const mailUrl = inject("mailUrl");
let browser: Browser;
let admin: AdminApi;
browserAndAdmin(baseUrl, (session) => ({ browser, admin } = session));

const sent = async () =>
  (
    (await (await fetch(`${mailUrl}/store`)).json()) as {
      emails: { subject: string; destination: { to: string[] }; body: { text: string } }[];
    }
  ).emails;

describe("self-service and the customer side", () => {
  it("suggests help articles while the customer types the subject, and serves them in the help center", async () => {
    const created = await admin("POST", "/kb/articles", {
      title: "Reset your VPN token",
      body: "Open the **VPN client**, choose *Reset token* and sign in again.",
      locale: "en",
      keywords: ["vpn", "token"],
      status: "published",
    });
    expect(created.status).toBe(201);
    const { page, problems } = await watchedPage(browser);
    await page.goto(`${baseUrl}/`);
    await page.getByLabel("Subject").pressSequentially("My VPN token expired", { delay: 20 });
    const suggestion = page.getByRole("link", { name: "Reset your VPN token" });
    await suggestion.waitFor({ timeout: 10_000 });
    await page.goto(await suggestion.getAttribute("href").then((href) => href!));
    await page.getByRole("heading", { name: "Reset your VPN token" }).waitFor();
    expect(await page.locator("article strong").textContent()).toBe("VPN client");
    // Every page links the favicon the web form serves (no 404 for /favicon.ico).
    const icon = await page.locator('link[rel="icon"]').getAttribute("href");
    const served = await fetch(new URL(icon!, page.url()));
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toMatch(/^image\/svg\+xml/);
    await page.getByRole("button", { name: "Yes" }).click();
    await page.getByText("Thank you for your answer.").waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it("signs a customer in by a mailed link and shows all their requests", async () => {
    const { page, problems } = await watchedPage(browser);
    const email = `portal${Date.now()}@example.com`;
    await submitForm(page, baseUrl, { email, subject: "Laptop fan noise", message: "Loud fan" });
    await submitForm(page, baseUrl, { email, subject: "Second screen", message: "Need one" });
    await page.goto(`${baseUrl}/portal.html`);
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Send me a link" }).click();
    await page.getByRole("status").filter({ hasText: "a link is on its way" }).waitFor();
    let link: string | undefined;
    for (let i = 0; i < 40 && !link; i++) {
      const mail = (await sent()).find(
        (m) => m.destination.to.some((to) => to.includes(email)) && /sign-in link/.test(m.subject),
      );
      link = mail && /(http\S+#magic=\S+)/.exec(mail.body.text)?.[1];
      if (!link) await new Promise((r) => setTimeout(r, 500));
    }
    expect(link).toBeDefined();
    await page.goto(link!.replace(/^http:\/\/localhost:\d+/, baseUrl));
    await page.getByRole("link", { name: /Laptop fan noise/ }).waitFor();
    await page.getByRole("link", { name: /Second screen/ }).click();
    await page.getByRole("heading", { name: "Second screen" }).waitFor();
    await page.getByLabel("Your reply").fill("Any news?");
    await page.getByRole("button", { name: "Send reply" }).click();
    await page.getByText("Any news?").waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    // Closing asks first: "No" keeps the ticket open, "Yes" solves it.
    const status = page.locator("#status");
    const openStatus = await status.textContent();
    await page.getByRole("button", { name: /close my request/ }).click();
    await page.getByRole("button", { name: "No, keep it open" }).click();
    await page.getByRole("button", { name: /close my request/ }).click();
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(await status.textContent()).toBe(openStatus);
    expect(openStatus).not.toBe("Solved");
    await page.getByRole("button", { name: "Yes, close it" }).click();
    await expect.poll(() => status.textContent()).toBe("Solved");
    expect(problems).toEqual([]);
  });
});
