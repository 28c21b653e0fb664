import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { accessibilityViolations, apiSession, launch } from "./browser.ts";
import { ADMIN } from "./desk.ts";

const baseUrl = inject("baseUrl");
let browser: Browser;
let page: Page;
const problems: string[] = [];

type Entry = {
  kind: string;
  body: string | null;
  author: { name: string | null };
  what: { code: string } | null;
};

/** Waits for the workers (triage, acknowledgement) to write their entries. */
async function timelineOnceWorked(admin: Awaited<ReturnType<typeof apiSession>>, id: string) {
  for (let i = 0; i < 60; i++) {
    const timeline: Entry[] = (await admin("GET", `/tickets/${id}`)).json.timeline;
    const codes = timeline.map((e) => e.what?.code);
    if (codes.includes("triage") && codes.includes("ack_sent")) return timeline;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("triage and acknowledgement did not reach the timeline within 30 s");
}

let ticketId = "";
let englishBodies: string[] = [];
beforeAll(async () => {
  browser = await launch();
  const context = await browser.newContext({ locale: "fr-FR", timezoneId: "Europe/Paris" });
  page = await context.newPage();
  page.on("pageerror", (error) => problems.push(`script error: ${error.message}`));
  const admin = await apiSession(baseUrl, ADMIN.email, ADMIN.password);
  const me = (await admin("GET", "/auth/me")).json.agent;
  const other = await admin("POST", "/agent/tickets", {
    name: "Dominique Client",
    email: "dominique@example.com",
    subject: "Imprimante du 3e",
    message: "Même souci au 3e étage.",
    channel: "phone",
    locale: "fr",
  });
  const created = await admin("POST", "/agent/tickets", {
    name: "Camille Client",
    email: "camille.events@example.com",
    subject: `Imprimante en panne ${Date.now().toString(36)}`,
    message: "Elle est bloquée, personne ne peut imprimer.",
    channel: "walk_in",
    locale: "fr",
  });
  expect(created.status).toBe(201);
  ticketId = created.json.ticket.id;
  const before = await timelineOnceWorked(admin, ticketId);
  expect((await admin("POST", `/tickets/${ticketId}/links`, { ticketId: other.json.ticket.id })).status).toBe(
    200,
  );
  const etag = (await admin("GET", `/tickets/${ticketId}`)).etag!;
  const assigned = await admin(
    "PATCH",
    `/tickets/${ticketId}`,
    { assigneeId: me.id },
    {
      "if-match": etag,
    },
  );
  expect(assigned.status).toBe(200);
  const timeline: Entry[] = (await admin("GET", `/tickets/${ticketId}`)).json.timeline;
  expect(timeline.length).toBeGreaterThan(before.length);
  // What the server wrote in English for the events and automatic mail: none of it may reach a French screen.
  englishBodies = timeline
    .filter((e) => (e.kind === "event" || e.kind === "auto_mail") && e.body)
    .map((e) => e.body!);
  expect(englishBodies.length).toBeGreaterThanOrEqual(4);
});
afterAll(async () => {
  await browser?.close();
});

describe("timeline events in French", () => {
  it("a French ticket page says every event in French: no English sentence the server wrote, no English author", async () => {
    await page.goto(`${baseUrl}/app`);
    await page.waitForURL(/\/app\/login/);
    await page.getByLabel("E-mail").fill(ADMIN.email);
    await page.getByLabel("Mot de passe").fill(ADMIN.password);
    await page.getByRole("button", { name: "Se connecter" }).click();
    await page.getByRole("button", { name: "Se déconnecter" }).waitFor();

    await page.goto(`${baseUrl}/app/tickets/${ticketId}`);
    await page.getByText("Ouvert pour Camille Client (au guichet)").waitFor();
    await page
      .getByText(/^Tri — /)
      .first()
      .waitFor();
    await page.getByText(/Accusé de réception envoyé à camille\.events@example\.com/).waitFor();
    await page.getByText(/^Lié au ticket #\d+/).waitFor();
    // Assigned, or reassigned when triage gave it to an agent of its team first (other tests add agents to teams).
    await page.getByText(/^(Attribué à |Réattribué : )/).waitFor();

    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what the agent reads
    const text = await page.evaluate(() => document.body.innerText);
    expect(englishBodies.filter((body) => text.includes(body))).toEqual([]);
    // Pieces of the server's English sentences, in case a body differs from the one read above by a detail.
    const english = [
      "Opened on behalf",
      "Acknowledgement",
      "Triage —",
      "Linked to",
      "Assigned to",
      "Help desk",
      "the default team of",
      "new tickets start at the front line",
    ].filter((phrase) => text.includes(phrase));
    expect(english).toEqual([]);
    // Triage says the team by name and the category in French, never by id.
    const triage = await page
      .getByText(/^Tri — /)
      .first()
      .textContent();
    expect(triage).not.toMatch(/\b[0-9A-HJKMNP-TV-Z]{26}\b/);
    expect(triage).toContain("priorité");
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
