import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestProject } from "vitest/node";
import { launch } from "./browser.ts";
import { ADMIN, setup, teardown } from "./desk.ts";

/**
 * QA9 journey finding 4, in French on a phone: "Fermer toutes mes sessions" ends this browser's session and every
 * other one of the agent. (The reports chart's French legend and axes are unit-tested: tests/unit/app-report-chart.)
 */
let baseUrl = "";
let browser: Browser;
const contexts: BrowserContext[] = [];
const problems: string[] = [];

beforeAll(async () => {
  await setup({
    provide: (key: string, value: string) => {
      if (key === "baseUrl") baseUrl = value;
    },
  } as unknown as TestProject);
  browser = await launch();
});
afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await teardown();
});

async function frenchAdmin(): Promise<Page> {
  const context = await browser.newContext({
    locale: "fr-FR",
    timezoneId: "Europe/Paris",
    viewport: { width: 390, height: 844 },
  });
  contexts.push(context);
  const page = await context.newPage();
  page.on("pageerror", (error) => problems.push(`script error on ${page.url()}: ${error.message}`));
  await page.goto(`${baseUrl}/app`);
  await page.waitForURL(/\/app\/login/);
  await page.getByLabel("E-mail").fill(ADMIN.email);
  await page.getByLabel("Mot de passe").fill(ADMIN.password);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.getByRole("button", { name: "Se déconnecter" }).waitFor();
  return page;
}

describe("agent app in French", () => {
  it("ends every session of the agent with « Fermer toutes mes sessions »", async () => {
    const laptop = await frenchAdmin();
    const phone = await frenchAdmin();
    await phone.getByRole("button", { name: "Fermer toutes mes sessions" }).click();
    await phone.waitForURL(/\/app\/login/);
    // The other browser's session is over too: its next request sends it to sign in.
    expect((await laptop.request.get(`${baseUrl}/api/auth/me`)).status()).toBe(401);
    await laptop.goto(`${baseUrl}/app`);
    await laptop.waitForURL(/\/app\/login/);
    expect(problems).toEqual([]);
  });

  it("takes the second device's press, after the first ended everything, to sign-in without a false error", async () => {
    const laptop = await frenchAdmin();
    const phone = await frenchAdmin();
    await phone.getByRole("button", { name: "Fermer toutes mes sessions" }).click();
    await phone.waitForURL(/\/app\/login/);
    await laptop.getByRole("button", { name: "Fermer toutes mes sessions" }).click();
    await laptop.waitForURL(/\/app\/login/);
    expect(await laptop.getByText("n'ont pas pu être fermées").count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
