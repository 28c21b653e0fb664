import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import type { TestProject } from "vitest/node";
import { apiSession, launch, unique } from "./browser.ts";
import { ADMIN, setup, teardown } from "./desk.ts";

/**
 * A new small company meets the desk: its admin and agents work in French, on a phone (375×812) and on a laptop.
 * Each test is a defect found walking that journey (README: the agent app; issue "Nothing falls through the
 * cracks"). The file starts its own desk (as `npm start` does, in a fresh data directory) so that it meets the
 * desk as a new company does: only the first admin, no ticket, no agent; the tests run in order on it.
 */
let baseUrl = "";
const PHONE = { width: 375, height: 812 };
let browser: Browser;
const contexts: BrowserContext[] = [];
const problems: string[] = [];

/** A French browser (Paris time), on a phone unless told, recording script errors. */
async function frenchPage(viewport = PHONE): Promise<Page> {
  const context = await browser.newContext({ locale: "fr-FR", timezoneId: "Europe/Paris", viewport });
  contexts.push(context);
  const page = await context.newPage();
  page.on("pageerror", (error) => problems.push(`script error on ${page.url()}: ${error.message}`));
  return page;
}

async function signInFr(page: Page, email: string, password: string) {
  await page.goto(`${baseUrl}/app`);
  await page.waitForURL(/\/app\/login/);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Mot de passe").fill(password);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.getByRole("button", { name: "Se déconnecter" }).waitFor();
}

/** Horizontal overflow of the page: what a phone would scroll sideways to read. */
const overflowOf = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

const admin = () => apiSession(baseUrl, ADMIN.email, ADMIN.password);

/** An agent made through the API, in one team, with mail in English (as the API's default). */
async function makeAgent(teams: string[] = ["service-desk"]) {
  const email = `${unique("agent").replace(/\W+/g, ".")}@desk.localhost`;
  const password = "journey agent password";
  const created = await (await admin())("POST", "/admin/agents", {
    name: unique("Agent"),
    email,
    password,
    role: "agent",
    teams,
  });
  expect(created.status).toBe(201);
  return { id: created.json.id as string, email, password };
}

const agentLocale = async (id: string) => {
  const list = await (await admin())("GET", "/admin/agents");
  return (list.json.items as { id: string; locale: string }[]).find((a) => a.id === id)?.locale;
};

beforeAll(async () => {
  // desk.ts's own start, in this file's worker: a second desk on free ports, beside the one other files share.
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

describe("a fresh desk in French, on a phone", () => {
  it("tells the admin where requests come from, on the first screen of a desk with none", async () => {
    const page = await frenchPage();
    await signInFr(page, ADMIN.email, ADMIN.password);
    const hint = page.getByText("Aucun ticket ouvert. Les demandes arrivent par le formulaire web");
    await hint.waitFor();
    expect(await page.getByRole("link", { name: "l'ouvrir" }).getAttribute("href")).toBe("/");
    expect(await page.getByText("Rien ici. Bravo.").count()).toBe(0);
  });

  it("says so on admin screens whose lists are empty, and on reports with no figures", async () => {
    const page = await frenchPage();
    await signInFr(page, ADMIN.email, ADMIN.password);
    for (const [screen, empty] of [
      ["canned", "Aucune réponse type pour l'instant."],
      ["vendors", "Aucun prestataire pour l'instant."],
      ["tokens", "Aucun jeton d'API"],
    ] as const) {
      await page.goto(`${baseUrl}/app/admin/${screen}`);
      await page.getByText(empty).waitFor();
    }
    await page.goto(`${baseUrl}/app/reports?name=escalations`);
    await page.getByText("Pas encore de chiffres pour cette période.").waitFor();
  });

  it("names the desk's workers in French on the dead-letter screen", async () => {
    const page = await frenchPage();
    await signInFr(page, ADMIN.email, ADMIN.password);
    await page.goto(`${baseUrl}/app/admin/dead-letters`);
    await page.getByRole("cell", { name: "Accusés de réception" }).waitFor();
    await page.getByRole("cell", { name: "Courrier entrant" }).waitFor();
    for (const queue of ["Acknowledge", "InboundMail", "MailFeedback"])
      expect(await page.getByRole("cell", { name: queue, exact: true }).count()).toBe(0);
  });

  it("puts a ticket for a team with nobody in it in front of the only admin", async () => {
    const created = await fetch(`${baseUrl}/api/tickets`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        name: "Zoé",
        email: "zoe@exemple.fr",
        subject: "Le VPN ne se connecte plus",
        message: "Impossible de joindre le VPN depuis la maison.",
        locale: "fr",
      }),
    });
    expect(created.status).toBe(201);
    const page = await frenchPage();
    await signInFr(page, ADMIN.email, ADMIN.password);
    await page.goto(`${baseUrl}/app/queue/unassigned`);
    const row = page.locator("tr", { hasText: "Le VPN ne se connecte plus" });
    // Listed as soon as it is filed; triage then names its team, in French (the live list reloads).
    await row.getByText("Réseau").waitFor({ timeout: 20_000 });
    expect(await row.getByText("Non attribué").count()).toBe(1);
  });

  it("says a queue cannot be loaded instead of 'Chargement…' for ever", async () => {
    const page = await frenchPage();
    await signInFr(page, ADMIN.email, ADMIN.password);
    // The admin is in no team: the team view has nothing to show and the API refuses it (400).
    await page.goto(`${baseUrl}/app/queue/team`);
    const alert = page.getByRole("alert").filter({ hasText: "Cette liste n'a pas pu être chargée." });
    await alert.waitFor();
    expect(await alert.textContent()).toContain("Choisissez une de vos équipes");
    expect(await page.getByText("Chargement…").count()).toBe(0);
    await alert.getByRole("button", { name: "Réessayer" }).waitFor();
    expect(problems).toEqual([]);
  });

  it("invites a first agent in the admin's language, offering team membership", async () => {
    const page = await frenchPage();
    await signInFr(page, ADMIN.email, ADMIN.password);
    await page.goto(`${baseUrl}/app/admin/agents`);
    const form = page.locator("form", { has: page.getByRole("button", { name: "Créer l'agent" }) });
    const email = `${unique("invite").replace(/\W+/g, ".")}@desk.localhost`;
    await form.getByLabel("Nom", { exact: true }).fill("Élodie Martin");
    await form.getByLabel("E-mail").fill(email);
    await form.getByLabel("Premier mot de passe").fill("elodie password 123");
    // Teams are offered by name, member-less ones flagged; the language is left as the form offers it.
    await form.getByLabel("Centre de services").check();
    await form.getByRole("button", { name: "Créer l'agent" }).click();
    await page.getByText("Élodie Martin créé").waitFor();
    const list = await (await admin())("GET", "/admin/agents");
    const made = (list.json.items as { email: string; locale: string; teams: string[] }[]).find(
      (a) => a.email === email,
    );
    expect(made).toMatchObject({ locale: "fr", teams: ["service-desk"] });
  });

  it("mails an agent in the language they pick in the top bar", async () => {
    const agent = await makeAgent();
    expect(await agentLocale(agent.id)).toBe("en");
    const page = await frenchPage({ width: 1366, height: 800 });
    await signInFr(page, agent.email, agent.password);
    await Promise.all([
      page.waitForEvent("load"),
      page.getByRole("combobox", { name: "Langue" }).selectOption("en"),
    ]);
    await page.getByRole("button", { name: "Sign out" }).waitFor();
    await Promise.all([
      page.waitForEvent("load"),
      page.getByRole("combobox", { name: "Language" }).selectOption("fr"),
    ]);
    await page.getByRole("button", { name: "Se déconnecter" }).waitFor();
    expect(await agentLocale(agent.id)).toBe("fr");
  });

  it("says so, and changes nothing, when the language cannot be saved for mail", async () => {
    const agent = await makeAgent();
    const page = await frenchPage({ width: 1366, height: 800 });
    await signInFr(page, agent.email, agent.password);
    await page.route("**/api/me", (route) =>
      route.request().method() === "PATCH"
        ? route.fulfill({
            status: 503,
            contentType: "application/json",
            body: '{"error":{"code":"unavailable","message":"down"}}',
          })
        : route.fallback(),
    );
    const select = page.getByRole("combobox", { name: "Langue" });
    await select.selectOption("en");
    await page.getByRole("alert").filter({ hasText: "rien n'a changé" }).waitFor();
    expect(await select.inputValue()).toBe("fr");
    expect(await agentLocale(agent.id)).toBe("en");
    await page.getByRole("button", { name: "Se déconnecter" }).waitFor();
  });

  it("opens an agent's reports on figures they may see, not on a refusal", async () => {
    // The default setting: agents see their own and their teams' figures, not the whole desk's.
    const api = await admin();
    const before = (await api("GET", "/admin/reports")).json;
    expect((await api("PUT", "/admin/reports", { agentAccess: "teams" })).status).toBe(200);
    onTestFinished(async () => {
      await api("PUT", "/admin/reports", before);
    });
    const agent = await makeAgent();
    const page = await frenchPage();
    await signInFr(page, agent.email, agent.password);
    await page.goto(`${baseUrl}/app/reports`);
    await page.getByRole("heading", { name: "Rapports" }).waitFor();
    await page
      .getByText(/Pas encore de chiffres|Télécharger le CSV/)
      .first()
      .waitFor();
    await page.waitForLoadState("networkidle");
    expect(await page.getByText("Vous n'avez pas le droit de faire ceci.").count()).toBe(0);
    expect(await page.getByRole("combobox", { name: "Grouper par" }).inputValue()).toBe("agent");
    // The whole desk's figures stay the admins' (default setting): asked for, the page says what the agent may see.
    await page.goto(`${baseUrl}/app/reports?name=volume&groupBy=all&period=day`);
    await page.getByText("les agents voient leurs propres chiffres").waitFor();
  });

  it("keeps every screen within a phone's width", async () => {
    const page = await frenchPage();
    await signInFr(page, ADMIN.email, ADMIN.password);
    const screens = [
      "/app/queue/all",
      "/app/new",
      "/app/kb",
      "/app/kb/new",
      "/app/reports",
      ...[
        "agents",
        "teams",
        "categories",
        "sla",
        "triage",
        "satisfaction",
        "housekeeping",
        "vendors",
        "canned",
        "tokens",
        "reports",
        "dead-letters",
        "unfiled",
      ].map((s) => `/app/admin/${s}`),
    ];
    const wide: string[] = [];
    for (const screen of screens) {
      await page.goto(`${baseUrl}${screen}`);
      await page.waitForLoadState("networkidle");
      const extra = await overflowOf(page);
      if (extra > 0) wide.push(`${screen} +${extra}px`);
    }
    expect(wide).toEqual([]);
  });

  it("shows the queue's status and sort choices whole on a phone", async () => {
    const page = await frenchPage();
    await signInFr(page, ADMIN.email, ADMIN.password);
    await page.goto(`${baseUrl}/app/queue/all`);
    await page.waitForLoadState("networkidle");
    // The chosen option's text, measured in the select's own font, plus its padding and arrow (28 px).
    const clipped = await page.evaluate(() => {
      const pen = document.createElement("canvas").getContext("2d")!;
      return [...document.querySelectorAll<HTMLSelectElement>(".toolbar select")]
        .filter((select) => select.offsetParent)
        .map((select) => {
          const style = getComputedStyle(select);
          pen.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
          const text = select.selectedOptions[0]?.textContent ?? "";
          return { text, need: Math.ceil(pen.measureText(text).width) + 28, have: select.clientWidth };
        })
        .filter(({ need, have }) => need > have);
    });
    expect(clipped).toEqual([]);
  });

  it("tells a locked-out sign-in from a wrong password", async () => {
    const page = await frenchPage();
    await page.goto(`${baseUrl}/app/login`);
    // An address nobody has (the same answer as a wrong password): its own limit, 10 failures in 15 minutes.
    await page.getByLabel("E-mail").fill(`${unique("nobody").replace(/\W+/g, ".")}@desk.localhost`);
    await page.getByLabel("Mot de passe").fill("not the password");
    for (let i = 0; i < 10; i++) {
      const answered = page.waitForResponse((r) => r.url().endsWith("/api/auth/login"));
      await page.getByRole("button", { name: "Se connecter" }).click();
      expect((await answered).status()).toBe(401);
    }
    await page.getByRole("alert").filter({ hasText: "E-mail ou mot de passe incorrect." }).waitFor();
    const limited = page.waitForResponse((r) => r.url().endsWith("/api/auth/login"));
    await page.getByRole("button", { name: "Se connecter" }).click();
    expect((await limited).status()).toBe(429);
    await page.getByRole("alert").filter({ hasText: "Trop d'échecs de connexion" }).waitFor();
  });
});

describe("a day of work in French", () => {
  let ticket: { id: string; number: number; portalToken: string };
  beforeAll(async () => {
    // A customer on the French web form, with a name and subject made to break a page (HTML, RTL, emoji).
    const page = await frenchPage();
    await page.goto(`${baseUrl}/`);
    await page.locator("#name").fill("<img src=x onerror=alert(1)> \u202eZoé 🦄 مرحبا");
    await page.locator("#email").fill("zoe@exemple.fr");
    await page.locator("#subject").fill(`${unique("Mon imprimante")} <b>bourrage</b> 🖨️ שלום`);
    await page.locator("#message").fill("L'imprimante du 2e étage affiche « bourrage papier ».");
    const created = page.waitForResponse(
      (r) => r.url().endsWith("/api/tickets") && r.request().method() === "POST",
    );
    await page.getByRole("button", { name: "Envoyer" }).click();
    ticket = await (await created).json();
    // Triage has run once the ticket has a category.
    const api = await admin();
    for (let i = 0; i < 60; i++) {
      if ((await api("GET", `/tickets/${ticket.id}`)).json.category) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });

  it("names categories and tiers in French on the ticket and in the timeline", async () => {
    const page = await frenchPage();
    await signInFr(page, ADMIN.email, ADMIN.password);
    await page.goto(`${baseUrl}/app/tickets/${ticket.id}`);
    const category = page.getByRole("combobox", { name: "Catégorie", exact: true });
    await category.locator("option", { hasText: "Impression" }).waitFor({ state: "attached" });
    expect(await category.locator("option").allInnerTexts()).not.toContain("Printing");
    expect(await category.locator("option:checked").textContent()).toBe("Impression");
    // Triage's line: the tier as the page names it (N1), never the API's L1.
    await page.getByText("niveau N1 : les nouveaux tickets commencent en première ligne").waitFor();
    // The hostile name and subject wrap on a phone.
    expect(await overflowOf(page)).toBe(0);
    expect(await page.getByText(/niveau L1/).count()).toBe(0);

    await page.goto(`${baseUrl}/app/admin/teams`);
    const tier = page.getByRole("combobox", { name: "Centre de services : niveau" });
    await tier.waitFor();
    expect(await tier.locator("option").allInnerTexts()).toEqual(
      expect.arrayContaining(["N1", "N2", "N3", "N4 (prestataire)"]),
    );
  });

  it("says a reassignment with an arrow, and the customer page sets its colon off the French way", async () => {
    const api = await admin();
    // From one agent to another: a reassignment (from nobody it would be an assignment).
    for (const agent of [await makeAgent(), await makeAgent()]) {
      const seen = await api("GET", `/tickets/${ticket.id}`);
      const moved = await api(
        "PATCH",
        `/tickets/${ticket.id}`,
        { assigneeId: agent.id },
        { "if-match": seen.etag! },
      );
      expect(moved.status).toBe(200);
    }
    const page = await frenchPage();
    await signInFr(page, ADMIN.email, ADMIN.password);
    await page.goto(`${baseUrl}/app/tickets/${ticket.id}`);
    await page
      .getByText(/Réattribué : .+ → .+\./)
      .first()
      .waitFor();
    expect(await page.getByText(/Réattribué de /).count()).toBe(0);

    const customer = await frenchPage();
    await customer.goto(`${baseUrl}/ticket.html?id=${ticket.id}#token=${ticket.portalToken}`);
    await customer.locator("#status").filter({ hasText: /\S/ }).waitFor();
    const line = await customer.locator("#status").locator("xpath=..").textContent();
    expect(line).toMatch(/^Statut\u00a0: \S/);
  });

  it("writes a knowledge-base article in the agent's language, found on the default tab", async () => {
    const page = await frenchPage();
    await signInFr(page, ADMIN.email, ADMIN.password);
    await page.goto(`${baseUrl}/app/kb`);
    await page.getByRole("heading", { name: "Base de connaissances" }).waitFor();
    // The French tab first; empty, it says what an article is for, not "Rien ici. Bravo.".
    expect(await page.getByRole("link", { name: "FR · Publiés" }).getAttribute("aria-current")).toBe("page");
    await page.locator("table, p.empty").first().waitFor();
    expect(await page.getByText("Rien ici. Bravo.").count()).toBe(0);

    await page.goto(`${baseUrl}/app/kb/new`);
    const title = unique("Débloquer un bourrage papier");
    await page.getByLabel("Titre").fill(title);
    await page.getByLabel("Mots-clés (séparés par des virgules)").fill("imprimante, bourrage");
    await page.getByLabel("Texte (Markdown)").fill("1. Ouvrez le capot.\n2. Retirez la feuille coincée.");
    const state = page.locator("select[name=status]");
    expect(await state.locator("option").allInnerTexts()).toEqual(["Brouillon", "Publié"]);
    await state.selectOption("published");
    await page
      .getByRole("combobox", { name: "Catégorie" })
      .locator("option", { hasText: "Impression" })
      .waitFor({
        state: "attached",
      });
    await page.getByRole("button", { name: "Enregistrer l'article" }).click();
    await page.waitForURL(/\/app\/kb\/\w+$/);
    await page.goto(`${baseUrl}/app/kb`);
    await page.getByRole("link", { name: title }).waitFor();
    // Listed, on a phone: the table scrolls in its own box, the page does not.
    expect(await overflowOf(page)).toBe(0);
    expect(problems).toEqual([]);
  });
});
