import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import { ADMIN } from "./desk.ts";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** Debian's Chromium, headless (see ../shared/STACK.md); never a downloaded browser. */
export const launch = (): Promise<Browser> =>
  chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });

/** A page that records script errors, dialogs (alert from an XSS) and CSP violations. */
export async function watchedPage(browser: Browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`script error: ${error.message}`));
  page.on("dialog", async (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    await dialog.dismiss();
  });
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/.test(message.text()))
      problems.push(`csp: ${message.text()}`);
  });
  return { page, problems, context };
}

export async function signIn(page: Page, baseUrl: string, email: string, password: string) {
  await page.goto(`${baseUrl}/app`);
  await page.waitForURL(/\/app\/login/);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Sign out" }).waitFor();
}

/** Submits the public web form like a customer; returns the ticket id and portal token from the thank-you. */
export async function submitForm(
  page: Page,
  baseUrl: string,
  ticket: { email: string; subject: string; message: string },
) {
  await page.goto(`${baseUrl}/`);
  await page.getByLabel("Your name").fill("Casey Customer");
  await page.getByLabel("Email").fill(ticket.email);
  await page.getByLabel("Subject").fill(ticket.subject);
  await page.getByLabel("How can we help?").fill(ticket.message);
  const created = page.waitForResponse(
    (r) => r.url().endsWith("/api/tickets") && r.request().method() === "POST",
  );
  await page.getByRole("button", { name: "Send" }).click();
  const response = await created;
  expect(response.status()).toBe(201);
  return (await response.json()) as { id: string; number: number; portalToken: string };
}

/** axe-core's WCAG A/AA rules on the current page (run through the debugger, so the app's CSP stays strict). */
export async function accessibilityViolations(page: Page) {
  await page.evaluate(`${axeSource};0`);
  const result = (await page.evaluate(() =>
    (window as unknown as { axe: { run: (o: object) => Promise<unknown> } }).axe.run({
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa"] },
    }),
  )) as { violations: { id: string; help: string; nodes: { target: string[] }[] }[] };
  return result.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`,
  );
}

/** The API as another client (an agent in another browser, a customer's mail program). */
export async function apiSession(baseUrl: string, email: string, password: string) {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${baseUrl}/api${path}`, {
      method,
      headers: { cookie, "x-csrf-token": csrfToken, "content-type": "application/json", ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return {
      status: response.status,
      etag: response.headers.get("etag"),
      json: await response.json().catch(() => null),
    };
  };
}

let made = 0;
/** A name no other test (nor an earlier run on the same desk) has used: one desk serves every browser test. */
export const unique = (what: string) => `${what} ${Date.now().toString(36)}${++made}`;
/** The id the admin screens make from a Latin name (web/app/src/pages/admin/form.tsx). */
export const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, "-");

/** A browser of the file's own: launched in the file's beforeAll (then handed to `use`), closed in its afterAll. */
export function ownBrowser(use: (browser: Browser) => void | Promise<void>) {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launch();
    await use(browser);
  });
  afterAll(async () => {
    await browser?.close();
  });
}

/**
 * A browser of the file's own whose pages record their script errors: `open` gives each a context of its own, and
 * the file's afterAll closes them, then the browser, and expects no script error on any page.
 */
export function browserRecordingErrors() {
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    expect(problems).toEqual([]);
  });
  return {
    open: async (options: BrowserContextOptions): Promise<Page> => {
      const context = await browser!.newContext(options);
      contexts.push(context);
      const page = await context.newPage();
      page.on("pageerror", (error) => problems.push(`script error on ${page.url()}: ${error.message}`));
      return page;
    },
    /** The browser itself, for a page whose errors nobody records. */
    browser: () => browser!,
  };
}

export type AdminApi = Awaited<ReturnType<typeof apiSession>>;
/** A browser of the file's own (`ownBrowser`) and the first admin through the API, handed to `use` in beforeAll. */
export function browserAndAdmin(
  baseUrl: string,
  use: (session: { browser: Browser; admin: AdminApi }) => void,
) {
  ownBrowser(async (browser) =>
    use({ browser, admin: await apiSession(baseUrl, ADMIN.email, ADMIN.password) }),
  );
}

export type AdminInBrowser = {
  browser: Browser;
  page: Page;
  problems: string[];
  admin: AdminApi;
};
/**
 * The first admin, signed in both in a browser of the file's own and through the API: registers the file's
 * beforeAll (which hands the session to `use`) and its afterAll (closing the browser).
 */
export function adminInBrowser(baseUrl: string, use: (session: AdminInBrowser) => void) {
  ownBrowser(async (browser) => {
    const { page, problems } = await watchedPage(browser);
    const admin = await apiSession(baseUrl, ADMIN.email, ADMIN.password);
    await signIn(page, baseUrl, ADMIN.email, ADMIN.password);
    use({ browser, page, problems, admin });
  });
}
