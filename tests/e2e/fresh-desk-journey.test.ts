import type { Page } from "playwright-core";
import { describe, expect, inject, it, onTestFinished } from "vitest";
import { apiSession, browserRecordingErrors, slug, unique } from "./browser.ts";
import { ADMIN, INBOUND } from "./desk.ts";

/**
 * A new small company meets the desk in French: the admin sets business hours, a customer writes on a phone with
 * a file and by mail with an accented name. Each test is a defect found walking that journey (s24): English left
 * in the French journey. Nothing here depends on other files' tickets or on what the shared desk counts.
 */
const baseUrl = inject("baseUrl");
const mailUrl = inject("mailUrl");
const PHONE = { width: 390, height: 844 };
const browser = browserRecordingErrors();

/** A French browser in Paris, on a phone unless told, recording script errors. */
const french = (viewport: { width: number; height: number } = PHONE): Promise<Page> =>
  browser.open({ locale: "fr-FR", timezoneId: "Europe/Paris", viewport });

type Sent = { subject: string; destination: { to: string[] }; body: { text: string } };
/** The mail the desk sent to this address whose subject matches, once it is there. */
async function mailTo(address: string, subject: RegExp): Promise<Sent> {
  for (let i = 0; i < 100; i++) {
    const { emails } = (await (await fetch(`${mailUrl}/store`)).json()) as { emails: Sent[] };
    const found = emails.find(
      (m) => m.destination.to.some((to) => to.includes(address)) && subject.test(m.subject),
    );
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no mail to ${address} matching ${subject}`);
}

describe("a customer on a French phone", () => {
  it("reads the sizes of the files on their request in French units", async () => {
    const page = await french();
    await page.goto(`${baseUrl}/`);
    await page.getByLabel("Votre nom").fill("Amélie Poulain");
    await page.getByLabel("E-mail").fill(`${unique("amelie").replace(/\W+/g, ".")}@exemple.fr`);
    await page.getByLabel("Objet").fill(unique("Imprimante du 2e étage bloquée"));
    await page
      .getByLabel("Comment pouvons-nous vous aider ?")
      .fill("L'imprimante affiche « bourrage papier ».");
    await page.getByLabel("Joindre des fichiers (facultatif)").setInputFiles({
      name: "journal.txt",
      mimeType: "text/plain",
      buffer: Buffer.from("erreur 42\n"),
    });
    await page.getByRole("button", { name: "Envoyer" }).click();
    await page.getByRole("link", { name: "Suivre votre ticket" }).click();
    const file = page.getByRole("button", { name: /^journal\.txt/ });
    await file.waitFor();
    // "1 ko" (with a no-break space), as the form's own hint says "4 Mo"; it read "1 KB".
    expect((await file.textContent())?.replace(/\s/g, " ")).toBe("journal.txt (1 ko)");
  });
});

describe("a customer's requests in the portal, on a French phone", () => {
  it("shows each request's status in its pill, without a dash inside it", async () => {
    const email = `${unique("portail").replace(/\W+/g, ".")}@exemple.fr`;
    const subject = unique("Écran qui clignote");
    const created = await fetch(`${baseUrl}/api/tickets`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "Zoé", email, subject, message: "L'écran clignote.", locale: "fr" }),
    });
    expect(created.status).toBe(201);
    const page = await french();
    await page.goto(`${baseUrl}/portal.html`);
    await page.getByLabel("E-mail").fill(email);
    await page.getByRole("button", { name: "Envoyez-moi un lien" }).click();
    const mail = await mailTo(email, /lien de connexion/);
    expect(mail.body.text.trimEnd().endsWith("— Centre d'assistance")).toBe(true);
    const link = /(http\S+#magic=\S+)/.exec(mail.body.text)![1]!;
    await page.goto(link.replace(/^http:\/\/localhost:\d+/, baseUrl));
    const row = page.getByRole("listitem").filter({ hasText: subject });
    await row.waitFor();
    // It read "— Reçu" inside the pill's border.
    expect(await row.locator(".status").textContent()).toBe("Reçu");
    expect((await row.textContent())?.replace(/\s+/g, " ")).toMatch(/ Reçu$/);
  });
});

describe("mail from a French customer", () => {
  it("is acknowledged in French, signed in French, and the answer's link is a link on the customer's page", async () => {
    const address = `${unique("helene").replace(/\W+/g, ".")}@exemple.fr`;
    const subject = unique("Problème d'accès à la messagerie après la mise à jour");
    const raw = [
      `From: =?utf-8?b?${Buffer.from("Hélène Lefèvre-Ducôté").toString("base64")}?= <${address}>`,
      "To: support@desk.localhost",
      `Subject: =?utf-8?b?${Buffer.from(subject).toString("base64")}?=`,
      `Message-ID: <${Date.now()}.${Math.random().toString(36).slice(2)}@exemple.fr>`,
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: 8bit",
      "",
      "Bonjour,\n\nDepuis la mise à jour d'hier, Outlook me demande sans cesse mon mot de passe.\n\nHélène",
    ].join("\r\n");
    const posted = await fetch(`${baseUrl}/api/inbound/email`, {
      method: "POST",
      headers: { authorization: `Bearer ${INBOUND}` },
      body: raw,
    });
    expect(posted.status).toBe(202);
    const ack = await mailTo(address, /Nous avons bien reçu votre demande/);
    expect(ack.subject).toContain(subject);
    expect(ack.body.text).toContain("Bonjour Hélène Lefèvre-Ducôté,");
    // The default desk name is a placeholder, said in the mail's language (it signed "— Help desk").
    expect(ack.body.text.trimEnd().endsWith("— Centre d'assistance")).toBe(true);
    expect(ack.body.text).not.toContain("Help desk");

    // The agent answers with a help article's address; on the customer's page it is a link to tap, not text.
    const admin = await apiSession(baseUrl, ADMIN.email, ADMIN.password);
    const found = await admin("GET", `/requesters/${encodeURIComponent(address)}/tickets`);
    const ticketId = (found.json.items as { id: string }[])[0]!.id;
    const article = `${baseUrl}/fr/help/articles/outlook-demande-sans-cesse-le-mot-de-passe`;
    const reply = await admin("POST", `/tickets/${ticketId}/replies`, {
      body: `Bonjour Hélène,\n\nVoici la marche à suivre : ${article}.\n\nLéa`,
    });
    expect(reply.status).toBe(201);
    const page = await french();
    const link = /(http\S+ticket\.html\S+)/.exec(ack.body.text)![1]!;
    await page.goto(link.replace(/^http:\/\/localhost:\d+/, baseUrl));
    const tap = page.getByRole("link", { name: article });
    await tap.waitFor();
    expect(await tap.getAttribute("href")).toBe(article);
    await page.getByText("Voici la marche à suivre :").waitFor();
  });
});

describe("the admin reading where a team's work goes, in French", () => {
  it("names the fallback team that takes the new tickets of a team with nobody in it", async () => {
    const admin = await apiSession(baseUrl, ADMIN.email, ADMIN.password);
    const { fallbackTeam } = (await admin("GET", "/admin/triage")).json as { fallbackTeam: string };
    // Someone in the fallback team (on the shared desk it may have nobody yet), and a new team with nobody.
    const staffer = await admin("POST", "/admin/agents", {
      name: unique("Léa"),
      email: `${unique("lea").replace(/\W+/g, ".")}@desk.localhost`,
      password: "a long first password",
      role: "agent",
      teams: [fallbackTeam],
    });
    expect(staffer.status).toBe(201);
    // Out of the team again afterwards: an active agent there would be given other files' new tickets.
    onTestFinished(async () => {
      expect((await admin("PATCH", `/admin/agents/${staffer.json.id}`, { active: false })).status).toBe(200);
    });
    const empty = unique("Équipe vide");
    const made = await admin("POST", "/admin/teams", {
      id: slug(unique("empty")),
      name: empty,
      nameFr: empty,
    });
    expect(made.status).toBe(201);
    const teams = (await admin("GET", "/teams")).json.items as {
      id: string;
      name: string;
      nameFr?: string;
    }[];
    const fallback = teams.find((team) => team.id === fallbackTeam)!;

    const page = await french({ width: 1280, height: 900 });
    await page.goto(`${baseUrl}/app`);
    await page.waitForURL(/\/app\/login/);
    await page.getByLabel("E-mail").fill(ADMIN.email);
    await page.getByLabel("Mot de passe").fill(ADMIN.password);
    await page.getByRole("button", { name: "Se connecter" }).click();
    await page.getByRole("button", { name: "Se déconnecter" }).waitFor();
    await page.goto(`${baseUrl}/app/admin/teams`);
    const note = page.getByRole("note").filter({ hasText: empty });
    await note.waitFor();
    // It said their tickets reach only the admins, while triage gave them to the fallback team's people.
    expect(await note.textContent()).toContain(
      `le tri envoie leurs nouveaux tickets à l'équipe de repli ${fallback.nameFr ?? fallback.name}`,
    );
  });
});

describe("the admin inviting a first agent, in French", () => {
  it("says no mail goes to the agent, and what to give them to sign in", async () => {
    const page = await french({ width: 1280, height: 900 });
    await page.goto(`${baseUrl}/app`);
    await page.waitForURL(/\/app\/login/);
    await page.getByLabel("E-mail").fill(ADMIN.email);
    await page.getByLabel("Mot de passe").fill(ADMIN.password);
    await page.getByRole("button", { name: "Se connecter" }).click();
    await page.getByRole("button", { name: "Se déconnecter" }).waitFor();
    await page.goto(`${baseUrl}/app/admin/agents`);
    const form = page.getByRole("form", { name: "Inviter un agent" });
    const email = `${unique("invitee").replace(/\W+/g, ".")}@desk.localhost`;
    // In no team: an agent in a default team would be given other files' new tickets.
    await form.getByLabel("Nom", { exact: true }).fill(unique("Léa Dubois"));
    await form.getByLabel("E-mail", { exact: true }).fill(email);
    await form.getByLabel("Premier mot de passe").fill("a long first password");
    await form.getByRole("button", { name: "Créer l'agent" }).click();
    const status = form.getByRole("status").filter({ hasText: "créé" });
    await status.waitFor();
    // The screen is headed "Inviter un agent", yet nothing is mailed: it said only "Léa Dubois créé."
    const said = (await status.textContent())!.replace(/\s/g, " ");
    expect(said).toContain("Aucun e-mail ne lui est envoyé");
    expect(said).toContain(`(${baseUrl}/app)`);
    expect(said).toContain(email);
  });
});

describe("the admin reading unfiled mail, in French", () => {
  it("says why a message was not filed in French", async () => {
    const subject = unique("Sans expéditeur");
    const raw = [
      'From: "Hélène" <"helene@exemple.fr">',
      "To: support@desk.localhost",
      `Subject: ${subject}`,
      `Message-ID: <${Date.now()}.${Math.random().toString(36).slice(2)}@exemple.fr>`,
      "Content-Type: text/plain; charset=utf-8",
      "",
      "Bonjour",
    ].join("\r\n");
    const posted = await fetch(`${baseUrl}/api/inbound/email`, {
      method: "POST",
      headers: { authorization: `Bearer ${INBOUND}` },
      body: raw,
    });
    expect(posted.status).toBe(202);
    const page = await french({ width: 1280, height: 900 });
    await page.goto(`${baseUrl}/app`);
    await page.waitForURL(/\/app\/login/);
    await page.getByLabel("E-mail").fill(ADMIN.email);
    await page.getByLabel("Mot de passe").fill(ADMIN.password);
    await page.getByRole("button", { name: "Se connecter" }).click();
    await page.getByRole("button", { name: "Se déconnecter" }).waitFor();
    const item = page.getByRole("listitem", { name: subject });
    await expect
      .poll(async () => {
        await page.goto(`${baseUrl}/app/admin/unfiled`);
        await page.getByRole("heading", { name: "E-mails non classés" }).waitFor();
        return item.count();
      })
      .toBe(1);
    // It read "Pas d'expéditeur utilisable : No valid address in Reply-To, From or Sender"; the precise detail is
    // now said alone, in French.
    const said = (await item.textContent())!.replace(/\s/g, " ");
    expect(said).toContain("Aucune adresse valable dans Reply-To, From ni Sender");
    expect(said).not.toContain("No valid address");
  });
});

describe("the admin setting business hours in French", () => {
  it("offers the time zones, and says what is wrong in French, naming the day", async () => {
    const page = await french({ width: 1280, height: 900 });
    await page.goto(`${baseUrl}/app`);
    await page.waitForURL(/\/app\/login/);
    await page.getByLabel("E-mail").fill(ADMIN.email);
    await page.getByLabel("Mot de passe").fill(ADMIN.password);
    await page.getByRole("button", { name: "Se connecter" }).click();
    await page.getByRole("button", { name: "Se déconnecter" }).waitFor();
    await page.goto(`${baseUrl}/app/admin/sla`);
    const zone = page.getByLabel("Fuseau horaire");
    await zone.waitFor();
    // Typing "Paris" offers the zone's real name: the field suggests every zone the browser knows.
    const listed = await page.evaluate(() => {
      const input = document.querySelector<HTMLInputElement>('input[name="timezone"]')!;
      return [...(input.list?.options ?? [])].map((o) => o.value);
    });
    expect(listed).toContain("Europe/Paris");
    expect(listed).toContain("UTC");

    const form = page.getByRole("form", { name: "Heures d'ouverture" });
    const before = await zone.inputValue();
    await zone.fill("Paris");
    await page.getByLabel(/^Lundi/).fill("9h-17h");
    await form.getByRole("button", { name: "Enregistrer les heures d'ouverture" }).click();
    const alert = form.getByRole("alert");
    await alert.waitFor();
    // French puts a no-break space before the colon: compared as plain spaces.
    const said = (await alert.textContent())!.replace(/\u00a0/g, " ");
    // It read "Fuseau horaire: Unknown time zone · Heures d'ouverture: Use HH:MM between 00:00 and 23:59 · …".
    expect(said).toContain("Fuseau horaire : inconnu ; choisissez-en un dans la liste");
    // The start and the end of the range are one mistake to the admin: said once.
    expect(said.split("Lundi : écrivez chaque plage HH:MM-HH:MM").length).toBe(2);
    expect(said).not.toMatch(/Unknown|Use HH:MM/);
    // Nothing was saved: the desk's zone is what it was.
    await page.reload();
    await page.getByLabel("Fuseau horaire").waitFor();
    expect(await page.getByLabel("Fuseau horaire").inputValue()).toBe(before);
  });
});
