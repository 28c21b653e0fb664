import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { accessibilityViolations, apiSession, launch } from "./browser.ts";
import { ADMIN } from "./desk.ts";

const baseUrl = inject("baseUrl");
let browser: Browser;
let context: BrowserContext;
let page: Page;
const problems: string[] = [];

/** Words that give away an English screen; none may show when the agent's browser asks for French. */
const ENGLISH = [
  "Sign out",
  "Unassigned",
  "All open",
  "New ticket",
  "Knowledge base",
  "Reports",
  "Requester",
  "Assignee",
  "Priority",
  "Status",
  "Last activity",
  "Load more",
  "Send reply",
  "Internal note",
  "Timeline",
  "Download CSV",
  "Group by",
  "Active members",
  "Auto-assign",
  "Create team",
  "Drafts",
  "Published",
  "Language",
  "Something went wrong",
];
// The queue shows every file's tickets (one desk for all browser tests): their subjects must not use these words.
// A date as French writes it: "6 déc. 2026, 14:05" (any day: the test does not depend on today's date).
const FRENCH_DATE =
  /\b\d{1,2} (janv\.|févr\.|mars|avr\.|mai|juin|juil\.|août|sept\.|oct\.|nov\.|déc\.) \d{4}/;

/** What the agent reads or hears: the rendered text, option labels, and the names screen readers announce. */
const visibleText = () =>
  page.evaluate(() =>
    [
      // biome-ignore lint/performance/useDomNodeTextContent: the rendered text (blocks on their own lines) is what the agent reads
      document.body.innerText,
      ...[...document.querySelectorAll("option")].map((o) => o.label),
      ...[...document.querySelectorAll("[aria-label], [title], [placeholder], [alt]")].flatMap((e) =>
        ["aria-label", "title", "placeholder", "alt"].map((name) => e.getAttribute(name) ?? ""),
      ),
    ].join("\n"),
  );
async function expectFrench(...known: string[]) {
  for (const text of known) await page.getByText(text, { exact: false }).first().waitFor();
  const text = await visibleText();
  const english = ENGLISH.filter((word) => new RegExp(`\\b${word}\\b`).test(text));
  expect(english, `English on ${page.url()}`).toEqual([]);
  expect(await page.locator("html").getAttribute("lang")).toBe("fr");
  expect(await accessibilityViolations(page)).toEqual([]);
}

let subject = "";
beforeAll(async () => {
  browser = await launch();
  // A French agent's browser; a fixed time zone so the dates shown do not depend on the machine's.
  context = await browser.newContext({ locale: "fr-FR", timezoneId: "Europe/Paris" });
  page = await context.newPage();
  page.on("pageerror", (error) => problems.push(`script error: ${error.message}`));
  const admin = await apiSession(baseUrl, ADMIN.email, ADMIN.password);
  // An earlier request from the same person, listed beside the new one with how long ago it moved.
  await admin("POST", "/agent/tickets", {
    name: "Camille Client",
    email: "camille@example.com",
    subject: "Écran noir",
    message: "L'écran reste noir au démarrage.",
    channel: "phone",
    locale: "fr",
  });
  subject = `Imprimante bloquée ${Date.now().toString(36)}`;
  const created = await admin("POST", "/agent/tickets", {
    name: "Camille Client",
    email: "camille@example.com",
    subject,
    message: "Le papier est coincé au 2e étage.",
    channel: "phone",
    locale: "fr",
  });
  expect(created.status).toBe(201);
});
afterAll(async () => {
  await browser?.close();
});

describe("the agent app in French", () => {
  it("signs in, in French, when the browser asks for French", async () => {
    await page.goto(`${baseUrl}/app`);
    await page.waitForURL(/\/app\/login/);
    expect(await page.locator("html").getAttribute("lang")).toBe("fr");
    await page.getByLabel("E-mail").fill(ADMIN.email);
    await page.getByLabel("Mot de passe").fill(ADMIN.password);
    await page.getByRole("button", { name: "Se connecter" }).click();
    await page.getByRole("button", { name: "Se déconnecter" }).waitFor();
    expect(await page.title()).toBe("Centre d'assistance");
  });

  it("shows the queue in French, with French dates", async () => {
    await page.goto(`${baseUrl}/app/queue/all`);
    await page.getByRole("link", { name: new RegExp(subject) }).waitFor();
    await expectFrench("Tous les ouverts", "Demandeur", "Trier par", "Nouveau ticket");
    expect(await visibleText()).toContain("Dernière activité");
    expect(await page.getByRole("combobox", { name: "Canal" }).locator("option").allInnerTexts()).toContain(
      "Téléphone",
    );
    expect(await visibleText()).toMatch(FRENCH_DATE);
  });

  it("shows a ticket in French, with French dates", async () => {
    await page.getByRole("link", { name: new RegExp(subject) }).click();
    await page.getByRole("heading", { name: new RegExp(subject) }).waitFor();
    await expectFrench("Répondre", "Note interne", "Demandeur");
    expect(await page.locator("time").first().textContent()).toMatch(FRENCH_DATE);
    const earlier = page.getByRole("list", { name: "Ses autres tickets" });
    await earlier
      .getByText(/^(il y a \d+ (secondes?|minutes?)|maintenant)$/)
      .first()
      .waitFor();
  });

  it("shows reports, the knowledge base and an admin screen in French", async () => {
    await page.goto(`${baseUrl}/app/reports?name=volume&groupBy=channel`);
    await page.getByRole("heading", { name: "Rapports" }).waitFor();
    const reports = await page
      .getByRole("combobox", { name: /^Rapport/ })
      .locator("option")
      .allInnerTexts();
    expect(reports).toContain("Délais de réponse");
    // The figures per day, dated the French way.
    await page.getByRole("cell", { name: FRENCH_DATE }).first().waitFor();
    await expectFrench("Télécharger le CSV");

    await page.goto(`${baseUrl}/app/kb`);
    await page.getByRole("heading", { name: "Base de connaissances" }).waitFor();
    await expectFrench("Nouvel article");

    await page.goto(`${baseUrl}/app/admin/teams`);
    await page.getByRole("heading", { name: "Équipes", exact: true }).waitFor();
    await expectFrench("Membres actifs", "Attribution automatique", "Créer l'équipe");
  });

  it("switches to English from the top bar, and the choice stays after a reload", async () => {
    await page.goto(`${baseUrl}/app/queue/all`);
    await Promise.all([
      page.waitForEvent("load"),
      page.getByRole("combobox", { name: "Langue" }).selectOption("en"),
    ]);
    await page.getByRole("button", { name: "Sign out" }).waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    await page.reload();
    await page.getByRole("heading", { name: "All open" }).waitFor();
    await page.getByRole("link", { name: new RegExp(subject) }).waitFor();
    expect(await visibleText()).not.toMatch(FRENCH_DATE);
    expect(await accessibilityViolations(page)).toEqual([]);

    // And back: French again, still after a reload, though the choice is now the saved one, not the browser's.
    await Promise.all([
      page.waitForEvent("load"),
      page.getByRole("combobox", { name: "Language" }).selectOption("fr"),
    ]);
    await page.reload();
    await page.getByRole("button", { name: "Se déconnecter" }).waitFor();
    expect(await page.evaluate(() => localStorage.getItem("desk.lang"))).toBe("fr");
    expect(problems).toEqual([]);
  });
});
