import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { accessibilityViolations, apiSession, launch, signIn, unique, watchedPage } from "./browser.ts";
import { ADMIN } from "./desk.ts";

/**
 * Every field of the agent app held to a server limit says so as one types past it, keeps all of what was typed
 * and sends nothing (web/app/src/components/LimitedField.tsx), where a maxlength used to cut it without a word.
 */
const baseUrl = inject("baseUrl");
let browser: Browser;
let page: Page;
let problems: string[];
let admin: Awaited<ReturnType<typeof apiSession>>;
/** Writes the page sent (method and path), to check that an overlong field sent none. */
let writes: string[];

beforeAll(async () => {
  browser = await launch();
  ({ page, problems } = await watchedPage(browser));
  admin = await apiSession(baseUrl, ADMIN.email, ADMIN.password);
  writes = [];
  page.on("request", (r) => {
    if (r.method() !== "GET" && r.url().includes("/api/"))
      writes.push(`${r.method()} ${new URL(r.url()).pathname}`);
  });
  await signIn(page, baseUrl, ADMIN.email, ADMIN.password);
});
afterAll(async () => {
  await browser?.close();
});

/** Fills `field` with `length` characters, and checks it says so, keeps them all and is refused by its form. */
async function overfill(scope: Page | Locator, field: Locator, length: number, said: string | RegExp) {
  await field.fill("x".repeat(length));
  await scope.getByRole("alert").getByText(said).waitFor();
  expect((await field.inputValue()).length).toBe(length);
  expect(await field.getAttribute("aria-invalid")).toBe("true");
  expect(await field.evaluate((el: HTMLInputElement) => el.validity.valid)).toBe(false);
}

/** Submits with `button` and checks nothing left: the browser's own check refuses a field over its limit. */
async function sendsNothing(button: Locator) {
  const before = writes.length;
  await button.click();
  // A write would be on its way by the time the page answers the next evaluation round trip.
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 200)));
  expect(writes.slice(before)).toEqual([]);
}

describe("the agent app's fields held to the server's limits", () => {
  it("new ticket, knowledge-base title and admin names: said, kept whole, not sent", async () => {
    await page.goto(`${baseUrl}/app/new`);
    await overfill(page, page.getByLabel("Customer's name"), 250, "Too long: 250 characters, at most 200.");
    await page.getByLabel("Customer's email").fill("long.name@example.com");
    await overfill(page, page.getByLabel("Subject"), 300, "Too long: 300 characters, at most 200.");
    await page.getByLabel("What they asked").fill("Hello");
    expect(await accessibilityViolations(page)).toEqual([]);
    await sendsNothing(page.getByRole("button", { name: "Create ticket" }));
    // Back under the limit, the words go and the ticket is created.
    await page.getByLabel("Customer's name").fill("Nora Long");
    await page.getByLabel("Subject").fill(unique("Long subject fixed"));
    expect(await page.getByRole("alert").count()).toBe(0);
    await page.getByRole("button", { name: "Create ticket" }).click();
    await page.waitForURL(/\/app\/tickets\//);

    await page.goto(`${baseUrl}/app/kb/new`);
    await overfill(
      page,
      page.getByLabel("Title", { exact: true }),
      201,
      "Too long: 201 characters, at most 200.",
    );
    await sendsNothing(page.getByRole("button", { name: "Save article" }));

    // An agent's name, as the admin invites them (the server's AgentInput, 100 characters like a team's).
    await page.goto(`${baseUrl}/app/admin/agents`);
    const invite = page.getByRole("form", { name: "Invite an agent" });
    await overfill(
      invite,
      invite.getByLabel("Name", { exact: true }),
      150,
      "Too long: 150 characters, at most 100.",
    );
    await invite
      .getByLabel("Email", { exact: true })
      .fill(`long-agent-${Date.now().toString(36)}@example.com`);
    await invite.getByLabel("First password").fill("a-long-enough-password");
    await sendsNothing(invite.getByRole("button", { name: "Create agent" }));

    await page.goto(`${baseUrl}/app/admin/teams`);
    const create = page.getByRole("form", { name: "New team" });
    await overfill(create, create.getByLabel("Team name"), 150, "Too long: 150 characters, at most 100.");
    await sendsNothing(create.getByRole("button", { name: "Create team" }));
    expect(problems).toEqual([]);
  });

  it("canned replies, API token names and the knowledge base's text: said, kept whole, not sent", async () => {
    await page.goto(`${baseUrl}/app/admin/canned`);
    const canned = page.getByRole("form", { name: "New canned reply" });
    await overfill(canned, canned.getByLabel("Title"), 120, "Too long: 120 characters, at most 100.");
    await overfill(canned, canned.getByLabel("Text"), 20_001, "Too long: 20,001 characters, at most 20,000.");
    await sendsNothing(canned.getByRole("button", { name: "Add canned reply" }));

    await page.goto(`${baseUrl}/app/admin/tokens`);
    const token = page.getByRole("form", { name: "New API token" });
    await overfill(token, token.getByLabel("Token name"), 101, "Too long: 101 characters, at most 100.");
    expect(problems).toEqual([]);
  });

  it("pasted past the limit and sent at once (Enter in the same moment): still refused, nothing sent", async () => {
    await page.goto(`${baseUrl}/app/new`);
    await page.getByLabel("Customer's name").fill("Quick Paster");
    await page.getByLabel("Customer's email").fill("quick.paster@example.com");
    await page.getByLabel("What they asked").fill("Hello");
    const subject = page.getByLabel("Subject");
    const before = writes.length;
    // A paste then Enter before the next frame: the field's validity must already say "too long".
    const sent = await subject.evaluate((el: HTMLInputElement) => {
      el.value = "x".repeat(300);
      el.dispatchEvent(new Event("input", { bubbles: true }));
      let submitted = false;
      el.form!.addEventListener("submit", () => (submitted = true), { once: true });
      el.form!.requestSubmit();
      return submitted;
    });
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 200)));
    expect(sent).toBe(false);
    expect(writes.slice(before)).toEqual([]);
    await page.getByRole("alert").getByText("Too long: 300 characters, at most 200.").waitFor();
  });

  it("vendor hand-off: a 12,000-character brief is said, kept whole and not sent", async () => {
    const vendor = `limits-${Date.now().toString(36)}`;
    expect(
      (
        await admin("POST", "/admin/vendors", {
          id: vendor,
          name: "Limits Vendor",
          email: "v@vendor.example",
        })
      ).status,
    ).toBe(201);
    const created = await admin("POST", "/agent/tickets", {
      name: "Casey Caller",
      email: "casey.limits@example.com",
      subject: unique("Printer jammed"),
      message: "It jams on every page.",
    });
    expect(created.status).toBe(201);
    await page.goto(`${baseUrl}/app/tickets/${created.json.ticket.id}`);
    const handoff = page.getByRole("complementary").getByRole("region", { name: "Vendor hand-off" });
    await handoff.getByRole("combobox", { name: "Vendor" }).selectOption({ label: "Limits Vendor" });
    const brief = handoff.getByLabel("What the vendor should do");
    await overfill(handoff, brief, 12_000, "Too long: 12,000 characters, at most 10,000.");
    await sendsNothing(handoff.getByRole("button", { name: "Hand off" }));
    expect((await admin("GET", `/tickets/${created.json.ticket.id}`)).json.vendor ?? null).toBe(null);
  });

  it("in French: the desk's name says its limit in French, and nothing is saved", async () => {
    await page.evaluate(() => localStorage.setItem("desk.lang", "fr"));
    try {
      await page.goto(`${baseUrl}/app/admin`);
      await overfill(
        page,
        page.getByLabel("Nom du centre"),
        120,
        "Trop long\u00a0: 120 caractères, 80 au plus.",
      );
      await sendsNothing(page.getByRole("button", { name: "Enregistrer le nom" }));
    } finally {
      await page.evaluate(() => localStorage.removeItem("desk.lang"));
    }
  });
});
