import type { Page } from "playwright-core";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { issuePortalToken } from "../../core/auth/portal-token.ts";
import {
  type AdminApi,
  accessibilityViolations,
  apiSession,
  browserRecordingErrors,
  unique,
} from "./browser.ts";
import { ADMIN, SECRET } from "./desk.ts";

/**
 * An agent signs their replies: sets the signature in the app ("My signature" in the top bar), sees it under the
 * reply composer (not under a note), sends, and finds it under the reply in the timeline, in the customer's mail
 * and on the customer's page. In English on a desktop, and in French on a 390 px phone.
 */
const baseUrl = inject("baseUrl");
const mailUrl = inject("mailUrl");
const PHONE = { width: 390, height: 844 };
/** Set to a folder to keep a screenshot of each screen checked here. */
const SHOTS = process.env.SIGNATURE_SHOTS;
const browser = browserRecordingErrors();
let admin: AdminApi;

beforeAll(async () => {
  admin = await apiSession(baseUrl, ADMIN.email, ADMIN.password);
});

const shot = async (page: Page, name: string) => {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
};

/** A new agent (no team: triage routes nothing of other files to them) signed in a browser of its own. */
async function agentInBrowser(options: { locale: string; phone?: boolean }) {
  const email = `${unique("signer").replace(/\W+/g, ".")}@desk.localhost`;
  const password = "signature agent password";
  const name = unique("Dana Desk");
  const created = await admin("POST", "/admin/agents", { name, email, password, role: "agent", teams: [] });
  expect(created.status).toBe(201);
  const page = await browser.open({
    locale: options.locale,
    ...(options.phone ? { viewport: PHONE, isMobile: true, hasTouch: true } : {}),
  });
  const french = options.locale.startsWith("fr");
  await page.goto(`${baseUrl}/app`);
  await page.waitForURL(/\/app\/login/);
  await page.getByLabel(french ? "E-mail" : "Email").fill(email);
  await page.getByLabel(french ? "Mot de passe" : "Password").fill(password);
  await page.getByRole("button", { name: french ? "Se connecter" : "Sign in" }).click();
  await page.getByRole("button", { name: french ? "Se déconnecter" : "Sign out" }).waitFor();
  return { page, name };
}

async function customerTicket(email: string, locale: "en" | "fr") {
  const created = await admin("POST", "/agent/tickets", {
    name: "Casey Customer",
    email,
    subject: unique(locale === "fr" ? "Imprimante en panne" : "Printer down"),
    message: locale === "fr" ? "L'imprimante ne marche plus." : "The printer stopped working.",
    locale,
  });
  expect(created.status).toBe(201);
  return created.json.ticket as { id: string; number: number; subject: string };
}

/** The text of the desk's reply to `email`, once the Mail worker has sent it. */
async function mailedReply(email: string) {
  let text = "";
  await expect
    .poll(
      async () => {
        const { emails } = (await (await fetch(`${mailUrl}/store`)).json()) as {
          emails: { subject: string; destination: { to: string[] }; body: { text: string } }[];
        };
        text =
          emails.find(
            (m) => m.subject.startsWith("Re: ") && m.destination.to.some((to) => to.includes(email)),
          )?.body.text ?? "";
        return text;
      },
      { timeout: 30_000, interval: 500 },
    )
    .not.toBe("");
  return text.replace(/\n$/, "");
}

describe("an agent's reply signature", () => {
  it("is set in the app, shown under the reply composer, mailed after '-- ' and shown to the customer", async () => {
    const { page } = await agentInBrowser({ locale: "en-US" });
    const signature = "Dana Desk\nAcme support · +1 555 0100";

    await page.getByRole("link", { name: "My signature" }).click();
    await page.getByRole("heading", { name: "My signature" }).waitFor();
    // Too long: refused, the server's reason in the agent's words, nothing saved.
    await page.getByLabel("Signature text").fill("x".repeat(501));
    await page.getByRole("button", { name: "Save signature" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toBe("At most 500 characters.");
    await page.getByLabel("Signature text").fill(signature);
    await page.getByRole("button", { name: "Save signature" }).click();
    await page.getByRole("status").filter({ hasText: "Signature saved." }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    const email = `signed.${Date.now().toString(36)}@example.com`;
    const ticket = await customerTicket(email, "en");
    await page.goto(`${baseUrl}/app/tickets/${ticket.id}`);
    const composer = page.locator("form.composer");
    await composer.waitFor();
    // Under a reply the signature shows; under a note it does not.
    await expect.poll(() => composer.locator(".composer-signature").textContent()).toContain("Dana Desk");
    await page.getByRole("tab", { name: "Internal note" }).click();
    expect(await composer.locator(".composer-signature").count()).toBe(0);
    await page.getByRole("tab", { name: "Reply" }).click();
    await page.getByLabel("Reply", { exact: true }).fill("Please restart the printer.");
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Send reply" }).click();

    // The timeline shows the reply with its signature set apart, as the customer gets it.
    const reply = page.locator("li.entry.agent_reply").filter({ hasText: "Please restart the printer." });
    await reply.locator(".signature").waitFor();
    expect(await reply.locator(".signature").textContent()).toBe(`-- \n${signature}`);

    expect(await mailedReply(email)).toBe(`Please restart the printer.\n\n-- \n${signature}`);

    const portal = await browser.browser().newPage();
    await portal.goto(
      `${baseUrl}/ticket.html?id=${ticket.id}#token=${issuePortalToken(ticket.id, new Date(), SECRET)}`,
    );
    await portal.getByText("Please restart the printer.").waitFor();
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what the customer reads
    const read = await portal.evaluate(() => document.body.innerText);
    expect(read).toContain(`Please restart the printer.\n\n-- \n${signature}`);
    await portal.close();
  });

  it("in French on a 390 px phone: set, previewed under the composer, nothing wider than the screen", async () => {
    const { page } = await agentInBrowser({ locale: "fr-FR", phone: true });
    await page.getByRole("link", { name: "Ma signature" }).click();
    await page.getByRole("heading", { name: "Ma signature" }).waitFor();
    const signature = "Dominique Dupont-Lefèvre\nCentre de services — Acme France\n+33 1 23 45 67 89";
    await page.getByLabel("Texte de la signature").fill(signature);
    await page.getByRole("button", { name: "Enregistrer la signature" }).click();
    await page.getByRole("status").filter({ hasText: "Signature enregistrée." }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    expect(await accessibilityViolations(page)).toEqual([]);
    await shot(page, "my-signature-fr-phone");

    const ticket = await customerTicket(`signe.${Date.now().toString(36)}@example.com`, "fr");
    await page.goto(`${baseUrl}/app/tickets/${ticket.id}`);
    const preview = page.locator("form.composer .composer-signature");
    await preview.waitFor();
    expect(await preview.textContent()).toContain("Ajoutée sous votre réponse");
    expect(await preview.textContent()).toContain("Centre de services — Acme France");
    await page.getByRole("link", { name: "Modifier ma signature" }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await preview.scrollIntoViewIfNeeded();
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/composer-fr-phone.png` });
  });
});
