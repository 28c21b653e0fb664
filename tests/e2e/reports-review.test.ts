import { mkdirSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestProject } from "vitest/node";
import { apiSession, launch } from "./browser.ts";
import { ADMIN, setup, teardown } from "./desk.ts";

/**
 * The reports page as a French-speaking manager reads it, on a phone (375×812) and a laptop (1280×800): first on
 * a fresh desk with no ticket (its own desk, started as `npm start` does), then with a few tickets answered and
 * solved. Screenshots go to $REPORTS_SHOTS (default /tmp/reports-review) for a person to look at.
 */
let baseUrl = "";
let browser: Browser;
const contexts: BrowserContext[] = [];
const problems: string[] = [];
const SHOTS = process.env.REPORTS_SHOTS ?? "/tmp/reports-review";
const PHONE = { width: 375, height: 812 };
const LAPTOP = { width: 1280, height: 800 };

beforeAll(async () => {
  await setup({
    provide: (key: string, value: string) => {
      if (key === "baseUrl") baseUrl = value;
    },
  } as unknown as TestProject);
  browser = await launch();
  mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await teardown();
});

async function frenchAdmin(viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ locale: "fr-FR", timezoneId: "Europe/Paris", viewport });
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

const overflowOf = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** Opens one report and waits until it has figures or says it has none. */
async function open(page: Page, query: string) {
  await page.goto(`${baseUrl}/app/reports?${query}`);
  await page.getByRole("heading", { name: "Rapports" }).waitFor();
  await page.locator("table, p.empty, [role=alert]").first().waitFor();
}

describe("reports in French", () => {
  it("a fresh desk: no figures yet (or zeros for what stands now), in French, on a phone and a laptop", async () => {
    for (const [label, viewport] of [
      ["phone", PHONE],
      ["laptop", LAPTOP],
    ] as const) {
      const page = await frenchAdmin(viewport);
      for (const name of ["volume", "response-times", "sla", "satisfaction", "backlog", "workload"]) {
        await open(page, `name=${name}`);
        await page.screenshot({ path: `${SHOTS}/empty-${name}-${label}.png`, fullPage: true });
        if (["volume", "response-times", "satisfaction"].includes(name))
          await page.getByText("Pas encore de chiffres pour cette période.").waitFor();
        expect(await overflowOf(page), `${name} on a ${label}`).toBeLessThanOrEqual(0);
      }
    }
    expect(problems).toEqual([]);
  });

  it("with tickets: figures and durations in French", async () => {
    const api = await apiSession(baseUrl, ADMIN.email, ADMIN.password);
    for (let i = 0; i < 3; i++) {
      const created = await fetch(`${baseUrl}/api/tickets`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": `198.51.100.${i + 1}` },
        body: JSON.stringify({
          name: "Zoé",
          email: `zoe${i}-${Date.now()}@exemple.fr`,
          subject: "Imprimante",
          message: "Elle ne marche plus.",
        }),
      });
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: string };
      // The acknowledgement may change the ticket meanwhile (412): the reply is sent again on its new version.
      let replied = { status: 412 };
      for (let tries = 0; replied.status === 412 && tries < 5; tries++) {
        const etag = (await api("GET", `/tickets/${id}`)).etag!;
        replied = await api(
          "POST",
          `/tickets/${id}/replies`,
          { body: "Essayez ceci.", ...(i < 2 ? { status: "solved" } : {}) },
          { "if-match": etag },
        );
      }
      expect(replied.status).toBeLessThan(300);
    }
    for (const [label, viewport] of [
      ["phone", PHONE],
      ["laptop", LAPTOP],
    ] as const) {
      const page = await frenchAdmin(viewport);
      for (const name of ["volume", "response-times", "sla", "satisfaction", "backlog", "workload"]) {
        await open(page, `name=${name}`);
        await page.screenshot({ path: `${SHOTS}/figures-${name}-${label}.png`, fullPage: true });
        // Two columns with one title cannot be told apart (the backlog's total and its "open" status were both
        // "Open" / "Ouvert(s)").
        const titles = await page.getByRole("columnheader").allInnerTexts();
        expect(new Set(titles.map((t) => t.toLowerCase().replace(/s\b/g, ""))).size, titles.join(" | ")).toBe(
          titles.length,
        );
      }
    }
    expect(problems).toEqual([]);
  });
});
