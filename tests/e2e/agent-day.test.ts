import type { Browser, BrowserContext, Page, Route } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { accessibilityViolations, apiSession, launch, slug, unique } from "./browser.ts";
import { ADMIN } from "./desk.ts";

/**
 * A day of agents' work, in English on a laptop (1366×768): a front-line agent (L1), a second-line agent (L2) and
 * the admin, with tickets from the web form. Each test is a defect found walking that day (the French phone
 * journey is tests/e2e/journey-fr.test.ts).
 */
const baseUrl = inject("baseUrl");
const LAPTOP = { width: 1366, height: 768 };
let browser: Browser;
const contexts: BrowserContext[] = [];
const problems: string[] = [];
let admin: Awaited<ReturnType<typeof apiSession>>;
let l1: { email: string; password: string; name: string };
let l2: { email: string; password: string; name: string };

async function laptopPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: LAPTOP, locale: "en-GB", timezoneId: "UTC" });
  contexts.push(context);
  const page = await context.newPage();
  page.on("pageerror", (error) => problems.push(`script error on ${page.url()}: ${error.message}`));
  return page;
}

async function signedIn(who: { email: string; password: string }) {
  const page = await laptopPage();
  await page.goto(`${baseUrl}/app`);
  await page.waitForURL(/\/app\/login/);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Sign out" }).waitFor();
  return page;
}

async function makeAgent(teams: string[]) {
  const name = unique("Agent");
  const email = `${name.replace(/\W+/g, ".").toLowerCase()}@desk.localhost`;
  const password = "agent day password";
  const created = await admin("POST", "/admin/agents", { name, email, password, role: "agent", teams });
  expect(created.status).toBe(201);
  return { email, password, name };
}

/** A web-form ticket, as a customer files it. */
async function fileTicket(
  subject: string,
  name = "Casey Customer",
  email = `${unique("caller").replace(/\W+/g, ".")}@client.example`,
) {
  const response = await fetch(`${baseUrl}/api/tickets`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      name,
      email,
      subject,
      message: "Please help.",
    }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; number: number };
}

const focusedTicket = (page: Page) =>
  page.evaluate(() => (document.activeElement as HTMLElement | null)?.textContent ?? "");

beforeAll(async () => {
  browser = await launch();
  admin = await apiSession(baseUrl, ADMIN.email, ADMIN.password);
  l1 = await makeAgent(["service-desk"]);
  l2 = await makeAgent(["applications"]);
});
afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
});

describe("a day of agents' work, on a laptop", () => {
  it("keeps the ticket in focus when another agent's change reorders the queue (x checks that ticket)", async () => {
    const filed = [];
    for (let i = 0; i < 8; i++) filed.push(await fileTicket(unique("Morning request")));
    // Triage moves new tickets too: let it finish, so that the only move below is the other agent's.
    for (const { id } of filed)
      await expect
        .poll(async () => (await admin("GET", `/tickets/${id}`)).json.team, { timeout: 20_000 })
        .toBeTruthy();
    const page = await signedIn(ADMIN);
    await page.goto(`${baseUrl}/app/queue/all`);
    await page.locator("table.tickets tbody tr").nth(7).waitFor();
    await page.locator("body").click({ position: { x: 5, y: 500 } });
    for (let i = 0; i < 3; i++) await page.keyboard.press("j");
    const focused = await focusedTicket(page);
    expect(await page.locator("tr.selected a.subject").textContent()).toBe(focused);

    // Another agent changes a ticket further down: it moves to the top of "last activity".
    const mover = (await page.locator("a.subject").nth(6).getAttribute("href"))!.split("/").pop()!;
    const seen = await admin("GET", `/tickets/${mover}`);
    const moved = await admin(
      "PATCH",
      `/tickets/${mover}`,
      { priority: "urgent" },
      { "if-match": seen.etag! },
    );
    expect(moved.status).toBe(200);
    await expect
      .poll(() => page.locator("a.subject").first().getAttribute("href"), { timeout: 15_000 })
      .toBe(`/app/tickets/${mover}`);

    expect(await focusedTicket(page)).toBe(focused);
    expect(await page.locator("tr.selected a.subject").textContent()).toBe(focused);
    await page.keyboard.press("x");
    const number = /^#(\d+)/.exec(focused)![1];
    await expect
      .poll(() => page.locator("tbody input:checked").evaluateAll((boxes) => boxes.map((b) => b.ariaLabel)))
      .toEqual([`Select #${number}`]);
  });

  it("drops a ticket that left the view from the selection: the bulk bar counts what it would change", async () => {
    const [kept, leaving] = [await fileTicket(unique("Keep me")), await fileTicket(unique("Leaving"))];
    const page = await signedIn(ADMIN);
    await page.goto(`${baseUrl}/app/queue/all?status=new`);
    for (const { number } of [kept, leaving])
      await page.getByLabel(`Select #${number}`, { exact: true }).check();
    const bulk = page.getByRole("region", { name: "Bulk actions" });
    await bulk.getByText("2 selected").waitFor();
    // Another agent puts one on hold: it leaves "new", and the live list drops it.
    const seen = await admin("GET", `/tickets/${leaving.id}`);
    expect(
      (await admin("PATCH", `/tickets/${leaving.id}`, { status: "pending" }, { "if-match": seen.etag! }))
        .status,
    ).toBe(200);
    await bulk.getByText("1 selected").waitFor({ timeout: 15_000 });
    expect(await page.getByLabel(`Select #${kept.number}`, { exact: true }).isChecked()).toBe(true);
  });

  it("says beside the composer why a reply was not sent, and keeps the draft, for any failure", async () => {
    const ticket = await fileTicket(unique("Outlook keeps asking for a password"));
    const page = await signedIn(l1);
    await page.goto(`${baseUrl}/app/tickets/${ticket.id}`);
    const composer = page.locator("#composer-text");
    await composer.fill("Please try signing out of Outlook and in again.");
    const send = page.getByRole("button", { name: "Send reply" });
    const besideComposer = page.locator("form.composer").getByRole("alert");

    await page.route("**/api/tickets/*/replies", (route) => route.abort("failed"));
    await send.click();
    await besideComposer.waitFor();
    expect(await besideComposer.textContent()).toBe(
      "Not sent: your draft is kept. The desk could not be reached: check your connection, then try again.",
    );
    await page.unroute("**/api/tickets/*/replies");

    // A proxy's error page: no words for the agent in it (it said "Bad Gateway").
    await page.route("**/api/tickets/*/replies", (route) =>
      route.fulfill({ status: 502, contentType: "text/html", body: "<h1>Bad Gateway</h1>" }),
    );
    await send.click();
    await expect
      .poll(() => besideComposer.textContent(), { timeout: 10_000 })
      .toBe("Not sent: your draft is kept. The desk could not do this just now. Try again in a moment.");
    await page.unroute("**/api/tickets/*/replies");

    // Another agent answered meanwhile (412): the agent reads it first; the draft waits. The page's poll must not
    // bring the answer in before the click (then there is no 412): it is told "not changed" until the 412 came.
    const ticketRead = (url: URL) => url.pathname === `/api/tickets/${ticket.id}`;
    const pollsSeeNothing = (route: Route) =>
      route.request().headers()["if-none-match"] ? route.fulfill({ status: 304 }) : route.continue();
    await page.route(ticketRead, pollsSeeNothing);
    const other = await apiSession(baseUrl, ADMIN.email, ADMIN.password);
    const latest = await other("GET", `/tickets/${ticket.id}`);
    expect(
      (
        await other(
          "POST",
          `/tickets/${ticket.id}/replies`,
          { body: "Answered" },
          { "if-match": latest.etag! },
        )
      ).status,
    ).toBe(201);
    await send.click();
    await expect
      .poll(() => besideComposer.textContent(), { timeout: 10_000 })
      .toContain("The ticket changed since you opened it");
    await page.unroute(ticketRead, pollsSeeNothing);
    // Where the agent is looking: right above the send button, on the screen.
    const [alertBox, buttonBox] = [await besideComposer.boundingBox(), await send.boundingBox()];
    expect(buttonBox!.y - alertBox!.y).toBeLessThan(120);
    expect(await composer.inputValue()).toBe("Please try signing out of Outlook and in again.");
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByRole("button", { name: "Show the latest and keep my draft" }).click();
    await page.getByText("Answered").waitFor();
    await expect.poll(() => besideComposer.count(), { timeout: 10_000 }).toBe(0);
    await send.click();
    await expect.poll(() => composer.inputValue(), { timeout: 10_000 }).toBe("");
    expect(await besideComposer.count()).toBe(0);
    // The focus stays in the composer (the disabled button had dropped it to the page).
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("composer-text");
    expect(problems).toEqual([]);
  });

  it("forgets what it said about one ticket when the agent opens the next (the page is reused)", async () => {
    const email = `${unique("twice").replace(/\W+/g, ".")}@client.example`;
    const next = await fileTicket(unique("Laptop battery swollen"), "Sam Twice", email);
    const first = await fileTicket(unique("Laptop will not charge"), "Sam Twice", email);
    const page = await signedIn(l1);
    await page.goto(`${baseUrl}/app/tickets/${first.id}`);
    await page.locator("#composer-text").fill("Which charger do you use?");
    await page.route("**/api/tickets/*/replies", (route) =>
      route.fulfill({
        status: 412,
        contentType: "application/json",
        body: '{"error":{"code":"precondition_failed","message":"The ticket changed"}}',
      }),
    );
    await page.getByRole("button", { name: "Send reply" }).click();
    const besideComposer = page.locator("form.composer").getByRole("alert");
    await besideComposer.waitFor();
    await page.locator("div.stale").waitFor();
    await page.unroute("**/api/tickets/*/replies");

    // The requester's other ticket, from the side panel: the same page component shows it.
    await page.getByRole("list", { name: "Their other tickets" }).getByRole("link").first().click();
    await page.getByRole("heading", { name: new RegExp(`^#${next.number} `) }).waitFor();
    await page.locator("#composer-text").waitFor();
    expect(await besideComposer.count()).toBe(0);
    expect(await page.locator("div.stale").count()).toBe(0);
    expect(await page.locator("p.notice").textContent()).toBe("");
    expect(await page.locator("#composer-text").inputValue()).toBe("");
  });

  it("keeps the next ticket on screen when a reply to the one before lands late", async () => {
    const email = `${unique("late").replace(/\W+/g, ".")}@client.example`;
    const other = await fileTicket(unique("Battery swollen"), "Lee Late", email);
    const first = await fileTicket(unique("Will not charge"), "Lee Late", email);
    const page = await signedIn(l1);
    await page.goto(`${baseUrl}/app/tickets/${first.id}`);
    await page.locator("#composer-text").fill("Which charger do you use?");
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route("**/api/tickets/*/replies", async (route) => {
      await held;
      await route.continue();
    });
    await page.getByRole("button", { name: "Send reply" }).click();
    await page.getByRole("list", { name: "Their other tickets" }).getByRole("link").first().click();
    await page.getByRole("heading", { name: new RegExp(`^#${other.number} `) }).waitFor();
    const replied = page.waitForResponse(
      (r) => r.url().includes("/replies") && r.request().method() === "POST",
    );
    release();
    expect((await replied).status()).toBe(201);
    // Whatever the page does with that answer happens at once; this ticket's own next poll comes after it.
    await page.waitForResponse(
      (r) => r.url().includes(`/api/tickets/${other.id}`) && r.request().method() === "GET",
      { timeout: 15_000 },
    );
    expect(await page.getByRole("heading", { name: new RegExp(`^#${first.number} `) }).count()).toBe(0);
    expect(await page.getByRole("heading", { name: new RegExp(`^#${other.number} `) }).count()).toBe(1);
    expect(page.url()).toContain(other.id);
  });

  it("leaves the focus where the agent put it during a send (Escape), not back in the composer", async () => {
    const ticket = await fileTicket(unique("Teams camera black"));
    const page = await signedIn(l1);
    await page.goto(`${baseUrl}/app/tickets/${ticket.id}`);
    const composer = page.locator("#composer-text");
    await composer.fill("Please check the camera privacy switch.");
    // The reply is held until the agent has left the composer with Escape.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let started = () => {};
    const sending = new Promise<void>((resolve) => (started = resolve));
    await page.route("**/api/tickets/*/replies", async (route) => {
      started();
      await held;
      await route.continue();
    });
    await composer.press("Control+Enter");
    await sending;
    // A send that takes long says so (the database may be slow to answer), and stops saying it once done.
    const saying = page.getByRole("status").filter({ hasText: "Sending…" });
    await saying.waitFor();
    await page.keyboard.press("Escape");
    await expect.poll(() => page.evaluate(() => document.activeElement === document.body)).toBe(true);
    release();
    await expect.poll(() => composer.inputValue(), { timeout: 10_000 }).toBe("");
    expect(await saying.count()).toBe(0);
    // Past the frame in which the composer would take the focus back.
    await page.evaluate(
      () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
    );
    expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
    await page.unroute("**/api/tickets/*/replies");
  });

  it("drops the tags' 'changed meanwhile' message once the agent shows the latest", async () => {
    const ticket = await fileTicket(unique("Shared drive full"));
    const page = await signedIn(l1);
    await page.goto(`${baseUrl}/app/tickets/${ticket.id}`);
    const ticketWrite = (url: URL) => url.pathname === `/api/tickets/${ticket.id}`;
    const refuseWrites = (route: Route) =>
      route.request().method() === "PATCH"
        ? route.fulfill({
            status: 412,
            contentType: "application/json",
            body: '{"error":{"code":"precondition_failed","message":"The ticket changed"}}',
          })
        : route.continue();
    await page.route(ticketWrite, refuseWrites);
    const tags = page.locator("section.ticket-tags");
    await tags.getByLabel("New tag").fill("storage");
    await tags.getByRole("button", { name: "Add tag" }).click();
    await tags.getByRole("alert").waitFor();
    expect(await tags.getByRole("alert").textContent()).toContain("Tags not saved.");
    await page.unroute(ticketWrite, refuseWrites);
    await page.getByRole("button", { name: "Show the latest and keep my draft" }).click();
    await expect.poll(() => page.locator("div.stale").count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => tags.getByRole("alert").count(), { timeout: 10_000 }).toBe(0);
  });

  it("says beside the vendor hand-off, in sight, why it failed, and keeps the message", async () => {
    const vendor = slug(unique("Acme ERP"));
    expect(
      (
        await admin("POST", "/admin/vendors", {
          id: vendor,
          name: "Acme ERP support",
          email: "support@acme.example",
          responseMinutes: 240,
        })
      ).status,
    ).toBe(201);
    const ticket = await fileTicket(unique("Invoice module error 500"));
    const page = await signedIn(l2);
    await page.goto(`${baseUrl}/app/tickets/${ticket.id}`);
    const handoff = page.locator("section.vendor-handoff");
    await handoff.locator("select").selectOption(vendor);
    await handoff.getByLabel("What the vendor should do").fill("Please fix the invoice module.");
    await page.route("**/api/tickets/*/vendor", (route) =>
      route.fulfill({
        status: 500,
        contentType: "application/json",
        body: '{"error":{"code":"internal","message":"Something went wrong on our side"}}',
      }),
    );
    await handoff.getByRole("button", { name: "Hand off" }).click();
    const told = handoff.getByRole("alert");
    await told.waitFor();
    expect(await told.textContent()).toBe(
      "Not handed off: your message is kept. The desk could not do this just now. Try again in a moment.",
    );
    expect(await told.evaluate((e) => e.getBoundingClientRect().bottom <= window.innerHeight)).toBe(true);
    expect(await handoff.getByLabel("What the vendor should do").inputValue()).toBe(
      "Please fix the invoice module.",
    );

    await page.unroute("**/api/tickets/*/vendor");
    await handoff.getByRole("button", { name: "Hand off" }).click();
    await handoff.getByText("Acme ERP support", { exact: false }).first().waitFor();
    await expect.poll(() => told.count(), { timeout: 10_000 }).toBe(0);
    await expect
      .poll(async () => (await admin("GET", `/tickets/${ticket.id}`)).json.vendor?.id, { timeout: 10_000 })
      .toBe(vendor);
  });

  it("merges a duplicate from the keyboard: each step has the focus, Escape backs out", async () => {
    const keep = await fileTicket(unique("Printer on floor 3 jammed"));
    const duplicate = await fileTicket(unique("Printer floor 3 again"));
    const page = await signedIn(l1);
    await page.goto(`${baseUrl}/app/tickets/${duplicate.id}`);
    const opener = page.getByRole("button", { name: "Merge into…" });
    await opener.focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe("INPUT");
    await page.keyboard.type(String(keep.number));
    await page.keyboard.press("Enter");
    const question = page.getByRole("alertdialog");
    await question.waitFor();
    // The safe answer has the focus: Enter on it merges nothing.
    await expect.poll(() => focusedTicket(page)).toBe("Cancel");
    await page.keyboard.press("Escape");
    await expect.poll(() => focusedTicket(page)).toBe("Merge into…");
    expect(await question.count()).toBe(0);

    await page.keyboard.press("Enter");
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe("INPUT");
    await page.keyboard.type(String(keep.number));
    await page.keyboard.press("Enter");
    await question.getByRole("button", { name: "Merge", exact: true }).click();
    await page.locator("p.merged-into").waitFor();
    expect((await admin("GET", `/tickets/${duplicate.id}`)).json.mergedInto.id).toBe(keep.id);
  });

  it("finds a caller's ticket by their name from the header search, whose hint is shown whole", async () => {
    const name = `Wilhelmina ${unique("Quarrington").split(" ")[1]}`;
    const ticket = await fileTicket(unique("Docking station dead"), name);
    const page = await signedIn(l2);
    const search = page.getByRole("searchbox", { name: "Search" });
    const hintFits = await search.evaluate((input: HTMLInputElement) => {
      const style = getComputedStyle(input);
      const context = document.createElement("canvas").getContext("2d")!;
      context.font = style.font;
      const room =
        input.clientWidth - Number.parseFloat(style.paddingLeft) - Number.parseFloat(style.paddingRight);
      return context.measureText(input.placeholder).width <= room;
    });
    expect(hintFits).toBe(true);
    // The search index is written by a worker: the ticket is found within a few seconds.
    await expect
      .poll(
        async () => {
          await search.fill(name);
          await search.press("Enter");
          await page.waitForURL(/\/app\/search/);
          return page.getByRole("link", { name: new RegExp(`#${ticket.number}\\b`) }).count();
        },
        { timeout: 20_000, interval: 1_000 },
      )
      .toBe(1);
  });
});
