import type { Page } from "playwright-core";
import { afterAll, describe, expect, inject, it } from "vitest";
import { adminInBrowser, type apiSession, unique } from "./browser.ts";

/**
 * The requester card of a customer who reported the desk's mail as spam: only an admin may mail them again (the
 * server refuses others: 403 complaint_admin_only), so an agent is told to ask one instead of being offered a
 * button that can only fail; and SES's word for the complaint (`abuse`) is said in words, in English and French.
 * The local desk gets no SES notifications (no SES feedback topic), so the ticket's answer is given the
 * complaint in the browser, as the API returns it for a complained address (tests/integration/lift-delivery-block).
 */
const baseUrl = inject("baseUrl");
let session: { browser: import("playwright-core").Browser; page: Page; problems: string[] };
let admin: Awaited<ReturnType<typeof apiSession>>;
adminInBrowser(baseUrl, (s) => {
  session = s;
  admin = s.admin;
});
afterAll(() => expect(session.problems).toEqual([]));

const complaint = { reason: "complaint", kind: "abuse", detail: "abuse", since: "2026-03-02T09:30:00.000Z" };

/** The ticket's answers to `page` carry the complaint on its requester. */
async function complained(page: Page, id: string) {
  await page.route(
    (url) => url.pathname === `/api/tickets/${id}`,
    async (route) => {
      if (route.request().method() !== "GET") return route.fallback();
      const response = await route.fetch();
      if (response.status() !== 200) return route.fulfill({ response });
      const json = { ...(await response.json()), requesterUndeliverable: complaint };
      return route.fulfill({ response, json });
    },
  );
}

async function agentPage(locale: string) {
  const email = `${unique("complaint").replace(/\W+/g, ".")}@desk.localhost`;
  const password = "complaint agent password";
  const created = await admin("POST", "/admin/agents", {
    name: unique("Agent"),
    email,
    password,
    role: "agent",
    teams: [],
  });
  expect(created.status).toBe(201);
  const context = await session.browser.newContext({ locale });
  const page = await context.newPage();
  page.on("pageerror", (error) => session.problems.push(`script error: ${error.message}`));
  await page.goto(`${baseUrl}/app`);
  await page.waitForURL(/\/app\/login/);
  const fr = locale.startsWith("fr");
  await page.getByLabel(fr ? "E-mail" : "Email").fill(email);
  await page.getByLabel(fr ? "Mot de passe" : "Password").fill(password);
  await page.getByRole("button", { name: fr ? "Se connecter" : "Sign in" }).click();
  await page.getByRole("button", { name: fr ? "Se déconnecter" : "Sign out" }).waitFor();
  return page;
}

async function ticket() {
  const opened = await admin("POST", "/agent/tickets", {
    name: "Sam Spam",
    email: `sam.${Date.now().toString(36)}@contoso.example`,
    subject: unique("Newsletter"),
    message: "Stop sending me this.",
  });
  expect(opened.status).toBe(201);
  return opened.json.ticket.id as string;
}

async function warningOn(page: Page, id: string) {
  await complained(page, id);
  await page.goto(`${baseUrl}/app/tickets/${id}`);
  const warning = page.locator(".undeliverable[role=note]");
  await warning.waitFor();
  return warning;
}

describe("a complaint on the requester card", () => {
  it("offers an agent no lift, says an admin can, and says the complaint in words (English)", async () => {
    const id = await ticket();
    const page = await agentPage("en-US");
    const warning = await warningOn(page, id);
    const said = (await warning.textContent()) ?? "";
    expect(said).toContain("This customer reported the desk's mail as spam");
    expect(await warning.getByRole("button").count()).toBe(0);
    expect(said).toContain("Only an admin can mail this address again");
    expect(said).toContain("Why: they marked the mail as unwanted (spam).");
    // SES's own word stays at hand.
    await warning.getByText("What Amazon SES reported").click();
    await warning.getByText("abuse", { exact: true }).waitFor();
    await page.context().close();
  });

  it("says the same in French", async () => {
    const id = await ticket();
    const page = await agentPage("fr-FR");
    const warning = await warningOn(page, id);
    const said = (await warning.textContent()) ?? "";
    expect(await warning.getByRole("button").count()).toBe(0);
    expect(said).toContain("Seul un administrateur peut réécrire à cette adresse");
    expect(said).toContain("Pourquoi : il a signalé l'e-mail comme indésirable (spam).");
    await page.context().close();
  });

  it("offers an admin the lift", async () => {
    const id = await ticket();
    const warning = await warningOn(session.page, id);
    await warning.getByRole("button", { name: "Mail this address again" }).waitFor();
    expect(await warning.textContent()).not.toContain("Only an admin can");
  });
});
