import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { accessibilityViolations, apiSession, launch, signIn } from "./browser.ts";
import { ADMIN } from "./desk.ts";

/**
 * The admin home's "Desk" section in French on a 390 px phone, with the longest name an admin may give (80
 * characters, none a space): read in French, within the screen, and without axe violations.
 */
const baseUrl = inject("baseUrl");
const PHONE = { width: 390, height: 844 };
const LONG = `AssistanceInformatiqueDuGroupe${"X".repeat(50)}`;
let browser: Browser;
let page: Page;
let admin: Awaited<ReturnType<typeof apiSession>>;
const problems: string[] = [];

beforeAll(async () => {
  browser = await launch();
  admin = await apiSession(baseUrl, ADMIN.email, ADMIN.password);
  expect((await admin("PUT", "/admin/desk", { name: LONG, nameFr: null })).status).toBe(200);
  const context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
  page = await context.newPage();
  page.on("pageerror", (error) => problems.push(`script error: ${error.message}`));
  await signIn(page, baseUrl, ADMIN.email, ADMIN.password);
  await page.evaluate(() => localStorage.setItem("desk.lang", "fr"));
});
// One desk serves every browser test, and others read its default signature: put it back.
afterAll(async () => {
  await admin?.("PUT", "/admin/desk", { name: null, nameFr: null });
  await browser?.close();
});

describe("the desk's name on a French phone", () => {
  it("is set in French, fits 390 px with an 80-character name, and passes axe", async () => {
    await page.goto(`${baseUrl}/app/admin`);
    const form = page.getByRole("form", { name: "Le centre d'assistance" });
    await form.getByRole("textbox", { name: "Nom du centre" }).waitFor();
    await form.getByRole("textbox", { name: "Nom en français (s'il diffère)" }).waitFor();
    await form.getByRole("button", { name: "Enregistrer le nom" }).waitFor();
    await form.getByText(`Les e-mails sont signés « ${LONG} » en français`).waitFor();
    if (process.env.SHOT) await page.screenshot({ path: process.env.SHOT, fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
