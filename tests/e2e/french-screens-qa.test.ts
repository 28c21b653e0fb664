import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { accessibilityViolations, apiSession, launch, signIn, watchedPage } from "./browser.ts";
import { ADMIN } from "./desk.ts";

/**
 * What a QA pass in a French browser found English or silently cut: refusals on the ticket page, an overlong tag,
 * the new ticket's language, the admin's category names, and a log pasted into the web form.
 */
const baseUrl = inject("baseUrl");
let browser: Browser;
let page: Page;
let problems: string[];
let admin: Awaited<ReturnType<typeof apiSession>>;
let ticket: { id: string; number: number };

beforeAll(async () => {
  browser = await launch();
  ({ page, problems } = await watchedPage(browser));
  admin = await apiSession(baseUrl, ADMIN.email, ADMIN.password);
  const created = await admin("POST", "/agent/tickets", {
    name: "Camille Client",
    email: "camille.qa@example.com",
    subject: `Écran figé ${Date.now().toString(36)}`,
    message: "L'écran ne répond plus.",
    channel: "phone",
    locale: "fr",
  });
  expect(created.status).toBe(201);
  ticket = created.json.ticket;
  await signIn(page, baseUrl, ADMIN.email, ADMIN.password);
  await page.evaluate(() => localStorage.setItem("desk.lang", "fr"));
});
afterAll(async () => {
  await browser?.close();
});

describe("the French agent app", () => {
  it("says refusals on the ticket page in French, and tells an overlong tag instead of cutting it", async () => {
    await page.goto(`${baseUrl}/app/tickets/${ticket.id}`);
    const links = page.getByRole("region", { name: "Tickets liés" });
    await links.getByPlaceholder("#").fill(String(ticket.number));
    await links.getByRole("button", { name: "Lier" }).click();
    await links.getByRole("alert").getByText("Un ticket ne peut pas être lié à lui-même.").waitFor();

    const copied = page.getByRole("region", { name: "En copie" });
    await copied.getByPlaceholder("Adresse en copie").fill("noreply@example.com");
    await copied.getByRole("button", { name: "Mettre en copie" }).click();
    await copied.getByText("Impossible de mettre en copie noreply@example.com").waitFor();

    const tags = page.getByRole("region", { name: "Étiquettes" });
    const field = tags.getByPlaceholder("Nouvelle étiquette");
    await field.fill("x".repeat(300));
    await tags.getByText("Trop long\u00a0: 300 caractères, 50 au plus.").waitFor();
    expect((await field.inputValue()).length).toBe(300);
    await tags.getByRole("button", { name: "Ajouter l'étiquette" }).click();
    expect((await admin("GET", `/tickets/${ticket.id}`)).json.tags).toEqual([]);
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it("opens a new ticket in the agent's language, and lists the admin's categories by their French names", async () => {
    await page.goto(`${baseUrl}/app/new`);
    expect(await page.locator("select[name=locale]").inputValue()).toBe("fr");
    await page.goto(`${baseUrl}/app/admin/categories`);
    await page.getByRole("group", { name: "Accès et mots de passe" }).waitFor();
    expect(await page.getByText("Access and passwords").count()).toBe(0);
    expect(problems).toEqual([]);
  });
});

describe("the French web form", () => {
  it("says a pasted log is over the limit, keeps all of it, and sends nothing", async () => {
    const { page: form, problems: formProblems } = await watchedPage(browser);
    let sent = 0;
    form.on("request", (r) => {
      if (r.url().endsWith("/api/tickets")) sent++;
    });
    await form.goto(`${baseUrl}/?lang=fr`);
    const message = form.getByLabel("Comment pouvons-nous vous aider ?");
    await form.getByLabel("Votre nom").fill("Camille");
    await form.getByLabel("E-mail").fill("camille.qa@example.com");
    await form.getByLabel("Objet").fill("Journal d'erreurs");
    await message.fill("x".repeat(140_000));
    await form
      .locator("#message-error")
      .getByText(/^Trop long\u00a0: 140\s000\u00a0caractères, 20\s000 au plus/)
      .waitFor();
    expect((await message.inputValue()).length).toBe(140_000);
    await form.getByRole("button", { name: "Envoyer" }).click();
    await form.getByText("Veuillez vérifier les champs signalés.").waitFor();
    expect(sent).toBe(0);
    expect(formProblems).toEqual([]);
  });
});
