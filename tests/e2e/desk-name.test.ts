import type { Browser, Page } from "playwright-core";
import { afterAll, describe, expect, inject, it } from "vitest";
import { adminInBrowser, type apiSession, submitForm, unique } from "./browser.ts";

/** An admin names a fresh desk in the agent app; the next acknowledgement is signed and sent with that name. */
const baseUrl = inject("baseUrl");
const mailUrl = inject("mailUrl");
let browser: Browser;
let page: Page;
let problems: string[];
let admin: Awaited<ReturnType<typeof apiSession>>;

adminInBrowser(baseUrl, (session) => ({ browser, page, problems, admin } = session));
// One desk serves every browser test, and others read its default signature: put it back.
afterAll(async () => {
  await admin?.("PUT", "/admin/desk", { name: null, nameFr: null });
});

describe("naming the desk", () => {
  it("an admin sets the name on the admin home; the customer's acknowledgement is signed and sent with it", async () => {
    const name = unique("Acme Robotics Support");
    await page.goto(`${baseUrl}/app/admin`);
    const form = page.getByRole("form", { name: "Desk" });
    await form
      .getByText("Mail is signed “Help desk” in English and “Centre d'assistance” in French.")
      .waitFor();
    await form.getByRole("textbox", { name: "Desk name" }).fill(name);
    await form.getByRole("button", { name: "Save the name" }).click();
    await form.getByRole("status").filter({ hasText: "Name saved" }).waitFor();
    await form.getByText(`Mail is signed “${name}” in English and “${name}” in French.`).waitFor();

    // A line break typed through the API is refused, and the screen still shows the saved name.
    const refused = await admin("PUT", "/admin/desk", { name: "Acme\r\nBcc: x@evil.example" });
    expect(refused.status).toBe(400);
    expect((await admin("GET", "/admin/desk")).json.name).toBe(name);

    const email = `${unique("named").replace(/\W+/g, "-")}@example.com`;
    const customer = await browser.newPage();
    await submitForm(customer, baseUrl, { email, subject: "The robot arm stopped", message: "It beeps." });
    await customer.close();

    // The local mail viewer, as a developer reads it: From shows the name, the text ends with it.
    const viewer = await browser.newPage();
    await viewer.goto(`${mailUrl}/`);
    const mail = viewer.locator(".email").filter({ hasText: email });
    await mail.waitFor({ timeout: 30_000 });
    expect(
      await mail
        .locator("p")
        .filter({ hasText: /^From:/ })
        .textContent(),
    ).toBe(`From: "${name}" <support@desk.localhost>`);
    await mail.getByRole("button", { name: "Toggle text view" }).click();
    const text = (await mail.locator(".email-text").textContent()) ?? "";
    expect(text.trimEnd().endsWith(`— ${name}`)).toBe(true);
    await viewer.close();
    expect(problems).toEqual([]);
  });
});
