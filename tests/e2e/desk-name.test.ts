import type { Browser, Page } from "playwright-core";
import { afterAll, describe, expect, inject, it } from "vitest";
import { adminInBrowser, type apiSession, signIn, submitForm, unique } from "./browser.ts";

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

describe("the desk's name in the agent app", () => {
  it("is every agent's header and tab title once set, in each agent's language; the default otherwise", async () => {
    // A plain agent (no admin screen, no GET /admin/desk): the name must come with what the app reads at start.
    const email = `${unique("header").replace(/\W+/g, ".")}@desk.localhost`;
    const password = "desk name agent password";
    const created = await admin("POST", "/admin/agents", { name: unique("Hana Header"), email, password });
    expect(created.status).toBe(201);
    const context = await browser.newContext();
    const agent = await context.newPage();
    agent.on("pageerror", (error) => problems.push(`script error: ${error.message}`));
    const brand = agent.locator("header.top a.brand");

    await admin("PUT", "/admin/desk", { name: null, nameFr: null });
    await signIn(agent, baseUrl, email, password);
    expect(await brand.textContent()).toBe("Help desk");
    expect(await agent.title()).toBe("Help desk");

    const name = unique("Globex Care");
    const nameFr = unique("Globex Assistance");
    expect((await admin("PUT", "/admin/desk", { name, nameFr })).status).toBe(200);
    // The app already open keeps the name it started with; the next load shows the new one.
    await agent.reload();
    await brand.filter({ hasText: name }).waitFor();
    expect(await brand.textContent()).toBe(name);
    expect(await agent.title()).toBe(name);

    // In French, the French form of the name.
    await agent.evaluate(() => localStorage.setItem("desk.lang", "fr"));
    await agent.reload();
    await brand.filter({ hasText: nameFr }).waitFor();
    expect(await brand.textContent()).toBe(nameFr);
    expect(await agent.title()).toBe(nameFr);
    await context.close();
    expect(problems).toEqual([]);
  });
});
