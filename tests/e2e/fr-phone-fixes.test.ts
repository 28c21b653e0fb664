import type { Page } from "playwright-core";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { issuePortalToken } from "../../core/auth/portal-token.ts";
import { issueCsatToken } from "../../core/csat/csat.ts";
import { type AdminApi, apiSession, browserRecordingErrors, slug, unique } from "./browser.ts";
import { ADMIN, SECRET } from "./desk.ts";

/**
 * Defects found playing the desk on a French phone (review s23, findings 4, 5, 7 and 10): English team names and
 * page titles in French screens, a long name widening the page, raw survey ratings on the timeline, and an
 * expired customer link that led nowhere.
 */
const baseUrl = inject("baseUrl");
const PHONE = { width: 390, height: 844 };
/** Set to a folder to keep a screenshot of each screen checked here. */
const SHOTS = process.env.FR_PHONE_SHOTS;
const browser = browserRecordingErrors();
let admin: AdminApi;

beforeAll(async () => {
  admin = await apiSession(baseUrl, ADMIN.email, ADMIN.password);
});

/** A phone whose browser asks for French (or English), recording script errors. */
const phone = (locale = "fr-FR"): Promise<Page> =>
  browser.open({ locale, viewport: PHONE, isMobile: true, hasTouch: true });

const shot = async (page: Page, name: string) => {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
};

/** What a person reads, with French no-break spaces as plain ones, and every option of every list. */
const readable = (page: Page) =>
  page.evaluate(() =>
    [
      // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what the agent reads
      document.body.innerText,
      ...[...document.querySelectorAll("option")].map((o) => o.label),
    ]
      .join("\n")
      .replace(/[\u00a0\u202f]/g, " "),
  );

const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

/**
 * An agent on a phone. In a team of the test's own or none: an agent in a default team (service-desk…) would be
 * offered the new tickets triage routes there, changing what other test files see on their tickets.
 */
async function agentOnPhone(teams: string[]) {
  const email = `${unique("fr-phone").replace(/\W+/g, ".")}@desk.localhost`;
  const password = "fr phone agent password";
  const created = await admin("POST", "/admin/agents", {
    name: unique("Agent"),
    email,
    password,
    role: "agent",
    teams,
  });
  expect(created.status).toBe(201);
  const page = await phone();
  await page.goto(`${baseUrl}/app`);
  await page.waitForURL(/\/app\/login/);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Mot de passe").fill(password);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.getByRole("button", { name: "Se déconnecter" }).waitFor();
  return page;
}

async function agentTicket(fields: Record<string, unknown>) {
  const created = await admin("POST", "/agent/tickets", {
    name: "Camille Client",
    email: `camille.${Date.now().toString(36)}@exemple.fr`,
    message: "L'imprimante du 2e étage ne marche plus.",
    locale: "fr",
    ...fields,
  });
  expect(created.status).toBe(201);
  return created.json.ticket as { id: string; number: number };
}

describe("the French agent app names teams in French", () => {
  it("in the queue's tabs and rows, the ticket's team and escalation lists, and New ticket", async () => {
    const english = unique("Harbour crew");
    const french = unique("Équipe du port");
    const team = slug(english);
    expect((await admin("POST", "/admin/teams", { id: team, name: english, nameFr: french })).status).toBe(
      201,
    );
    const subject = unique("Imprimante du port");
    const ticket = await agentTicket({ subject, team });
    const page = await agentOnPhone([team]);

    await page.goto(`${baseUrl}/app/queue/all`);
    await page.getByRole("link", { name: new RegExp(subject) }).waitFor();
    await shot(page, "queue-fr");
    let text = await readable(page);
    expect(text).toContain(`Équipe : ${french}`); // the team's tab
    expect(text.split(french).length).toBeGreaterThan(2); // and the ticket's row
    expect(text).not.toContain(english);

    await page.goto(`${baseUrl}/app/tickets/${ticket.id}`);
    await page.getByRole("heading", { name: new RegExp(subject) }).waitFor();
    await page.locator("fieldset.escalate select").first().waitFor();
    await expect.poll(async () => (await readable(page)).includes("Centre de services")).toBe(true);
    await shot(page, "ticket-fr");
    const selects = page.locator("select").filter({ has: page.locator(`option[value="${team}"]`) });
    expect(await selects.count()).toBe(2); // the ticket's team, and the team an escalation goes to
    for (const select of await selects.all())
      expect(await select.locator(`option[value="${team}"]`).textContent()).toBe(french);
    text = await readable(page);
    for (const name of [english, "Service desk", "Field support", "Network", "Security", "Purchasing"])
      expect(text).not.toContain(name);

    await page.goto(`${baseUrl}/app/new`);
    await page.locator(`option[value="${team}"]`).waitFor({ state: "attached" });
    expect(await page.locator(`option[value="${team}"]`).textContent()).toBe(french);
    text = await readable(page);
    expect(text).toContain("Support de proximité");
    for (const name of [english, "Service desk", "Field support", "HR and administration"])
      expect(text).not.toContain(name);
  });
});

describe("customer pages in French", () => {
  it("title the web form, the portal and a ticket's page in French", async () => {
    const page = await phone();
    await page.goto(`${baseUrl}/`);
    await page.getByRole("heading", { name: "Contacter le support" }).waitFor();
    expect(await page.title()).toBe("Contacter le support");
    await page.goto(`${baseUrl}/portal.html`);
    await page.getByRole("heading", { name: "Vos demandes" }).waitFor();
    expect(await page.title()).toBe("Vos demandes");
    await page.goto(`${baseUrl}/ticket.html`);
    await page.getByText("Ce lien n'est pas valide ou a expiré.").waitFor();
    expect(await page.title()).toBe("Votre ticket");
  });
});

describe("a long requester name on a phone", () => {
  it("wraps in the queue and the search results: the page is never wider than the screen", async () => {
    const run = Date.now().toString(36);
    const name = `Z${run}${"x".repeat(200 - run.length - 1)}`;
    const email = `${"l".repeat(56)}${run}@${"tres-long-domaine".repeat(3)}.exemple.fr`.toLowerCase();
    const subject = unique("Imprimante du 3e");
    const created = await fetch(`${baseUrl}/api/tickets`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name, email, subject, message: "Bourrage papier.", locale: "fr" }),
    });
    expect(created.status).toBe(201);
    const page = await agentOnPhone([]);

    await page.goto(`${baseUrl}/app/queue/all`);
    await page.getByRole("link", { name: new RegExp(subject) }).waitFor();
    await shot(page, "queue-long-name");
    expect(await readable(page)).toContain(name.slice(0, 20));
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);

    await page.goto(`${baseUrl}/app/search?q=${encodeURIComponent(email)}`);
    await page.getByRole("link", { name: new RegExp(subject) }).waitFor();
    await shot(page, "search-long-name");
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
  });
});

describe("survey answers on the timeline", () => {
  it("read Bien / Pas bien (Good / Not good), and a comment alone shows no change", async () => {
    const subject = unique("Écran réparé");
    const ticket = await agentTicket({ subject });
    const answer = async (body: object) => {
      const response = await fetch(`${baseUrl}/api/csat/${issueCsatToken(ticket.id, new Date(), SECRET)}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(200);
    };
    await answer({ rating: "bad" });
    await answer({ rating: "good" });
    await answer({ comment: "Rapide, merci." });

    const page = await agentOnPhone([]);
    await page.goto(`${baseUrl}/app/tickets/${ticket.id}`);
    await page.getByText("« Rapide, merci. »", { exact: false }).waitFor();
    // The directories arrive after the timeline: triage's sentence then names the team it chose.
    await page.locator("ol.timeline").getByText("Centre de services", { exact: false }).first().waitFor();
    await shot(page, "timeline-satisfaction-fr");
    let text = await readable(page);
    expect(text).toContain("Satisfaction : — → Pas bien");
    expect(text).toContain("Satisfaction : Pas bien → Bien");
    expect(text).not.toContain("Bien → Bien");
    expect(text).not.toMatch(/\b(good|bad)\b/);

    const english = await phone("en-US");
    await english.goto(`${baseUrl}/app`);
    await english.waitForURL(/\/app\/login/);
    await english.getByLabel("Email").fill(ADMIN.email);
    await english.getByLabel("Password").fill(ADMIN.password);
    await english.getByRole("button", { name: "Sign in" }).click();
    await english.getByRole("button", { name: "Sign out" }).waitFor();
    await english.goto(`${baseUrl}/app/tickets/${ticket.id}`);
    await english.getByText("“Rapide, merci.”", { exact: false }).waitFor();
    text = await readable(english);
    expect(text).toContain("Satisfaction: — → Not good");
    expect(text).toContain("Satisfaction: Not good → Good");
    expect(text).not.toContain("Good → Good");
    expect(text).not.toMatch(/→ (good|bad)\b/);
  });
});

describe("an expired or replaced customer link", () => {
  const formTicket = async () => {
    const created = await fetch(`${baseUrl}/api/tickets`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        name: "Léa",
        email: `lea.${Date.now().toString(36)}@exemple.fr`,
        subject: unique("Badge refusé"),
        message: "Mon badge ne passe plus.",
        locale: "fr",
      }),
    });
    expect(created.status).toBe(201);
    return (await created.json()) as { id: string; portalToken: string };
  };

  it("offers the portal's sign-in by mail, in French", async () => {
    const { id } = await formTicket();
    const expired = issuePortalToken(id, new Date(Date.now() - 31 * 86_400_000), SECRET);
    const page = await phone();
    await page.goto(`${baseUrl}/ticket.html?id=${id}#token=${expired}`);
    await page.getByText("Ce lien n'est pas valide ou a expiré.").waitFor();
    await shot(page, "expired-link-fr");
    await page.getByRole("link", { name: "Recevoir un lien de connexion par e-mail" }).click();
    await page.waitForURL(/\/portal\.html$/);
    await page.getByRole("button", { name: "Envoyez-moi un lien" }).waitFor();
    expect(await page.title()).toBe("Vos demandes");
  });

  it("offers the portal's sign-in by mail, in English, when an agent replaced the link", async () => {
    const { id, portalToken } = await formTicket();
    expect((await admin("POST", `/tickets/${id}/portal-link`, { revokePrevious: true })).status).toBe(200);
    const check = await fetch(`${baseUrl}/api/portal/tickets/${id}`, {
      headers: { authorization: `Bearer ${portalToken}` },
    });
    expect(((await check.json()) as { error: { code: string } }).error.code).toBe("link_revoked");
    const page = await phone("en-US");
    await page.goto(`${baseUrl}/ticket.html?id=${id}#token=${portalToken}`);
    await page.getByText("This link is not valid or has expired.").waitFor();
    await page
      .getByText("To see your requests, ask for a new link: we send it to your email address.")
      .waitFor();
    await page.getByRole("link", { name: "Get a sign-in link by email" }).click();
    await page.waitForURL(/\/portal\.html$/);
    await page.getByRole("button", { name: "Send me a link" }).waitFor();
  });

  it("says so and offers the sign-in when the link is replaced while the page is open, keeping the draft", async () => {
    const { id, portalToken } = await formTicket();
    const page = await phone();
    await page.goto(`${baseUrl}/ticket.html?id=${id}#token=${portalToken}`);
    await page.getByText("Mon badge ne passe plus.").waitFor();
    expect((await admin("POST", `/tickets/${id}/portal-link`, { revokePrevious: true })).status).toBe(200);
    const reply = page.locator("#reply");
    await reply.fill("Toujours bloqué ce matin.");
    await page.locator("#send").click();
    await page.locator("#reply-error").getByText("Ce lien n'est pas valide ou a expiré.").waitFor();
    await page.getByRole("link", { name: "Recevoir un lien de connexion par e-mail" }).waitFor();
    expect(await reply.inputValue()).toBe("Toujours bloqué ce matin.");
    // Back with a new link, in the same tab: the draft waits in the reply box, and the old failure is gone.
    const fresh = await admin("POST", `/tickets/${id}/portal-link`, {});
    await page.goto(`${baseUrl}/ticket.html?id=${id}#token=${fresh.json.portalToken}`);
    await page.reload();
    await page.getByText("Mon badge ne passe plus.").waitFor();
    expect(await page.locator("#reply").inputValue()).toBe("Toujours bloqué ce matin.");
    expect(await page.locator("#bad-link-help").isHidden()).toBe(true);
  });
});
