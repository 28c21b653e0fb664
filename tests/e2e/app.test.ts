import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  accessibilityViolations,
  apiSession,
  launch,
  signIn,
  submitForm,
  unique,
  watchedPage,
} from "./browser.ts";
import { ADMIN, INBOUND } from "./desk.ts";

const baseUrl = inject("baseUrl");
let browser: Browser;
let page: Page;
let problems: string[];
let admin: Awaited<ReturnType<typeof apiSession>>;

beforeAll(async () => {
  browser = await launch();
  ({ page, problems } = await watchedPage(browser));
  admin = await apiSession(baseUrl, ADMIN.email, ADMIN.password);
});
afterAll(async () => {
  await browser?.close();
});

const openTicket = async (subject: string) => {
  await page.goto(`${baseUrl}/app/queue/all`);
  await page.getByRole("link", { name: new RegExp(subject) }).click();
  await page.getByRole("heading", { name: new RegExp(subject) }).waitFor();
};

describe("working a ticket", () => {
  it("signs in, finds a web-form ticket, replies, adds a note and changes the status", async () => {
    const subject = unique("Printer jammed");
    await submitForm(page, baseUrl, {
      email: "casey@example.com",
      subject,
      message: "Paper stuck on floor 2",
    });
    await signIn(page, baseUrl, ADMIN.email, ADMIN.password);
    await page.goto(`${baseUrl}/app/queue/all`);
    await page.getByRole("link", { name: new RegExp(subject) }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    await openTicket(subject);
    await page.getByRole("textbox", { name: "Reply" }).fill("We are on our way.");
    await page.getByRole("button", { name: "Send reply" }).click();
    await page.getByText("We are on our way.").waitFor();
    await page.getByRole("tab", { name: "Internal note" }).click();
    await page.getByRole("textbox", { name: "Internal note" }).fill("Toner is low as well");
    await page.getByRole("button", { name: "Add note" }).click();
    await page.getByText("Toner is low as well").waitFor();
    await page.getByRole("combobox", { name: "Status" }).selectOption("pending");
    await expect.poll(() => page.getByText("Status: Open → Pending").count()).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it("moves a ticket to another category and escalates it with a reason", async () => {
    const subject = unique("Database locked");
    await submitForm(page, baseUrl, { email: "dba@example.com", subject, message: "Rows locked since noon" });
    await openTicket(subject);
    const category = page.getByRole("combobox", { name: "Category" });
    const choice = await category.locator("option").nth(1).getAttribute("value");
    const choiceName = await category.locator("option").nth(1).textContent();
    await category.selectOption(choice!);
    await expect.poll(() => category.inputValue()).toBe(choice);
    // The timeline names the category (not its id).
    await page.getByText(`Category: — → ${choiceName}`).waitFor();
    await page.getByRole("combobox", { name: "To tier" }).selectOption("L2");
    await page.getByRole("combobox", { name: "Reason" }).selectOption("customer_request");
    await page.getByRole("button", { name: "Escalate" }).click();
    await page.getByText("Tier: L2 (Customer asked for it)").waitFor();
    await expect.poll(() => page.getByText("Tier: L1 → L2").count()).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it("shows the customer's answer without a reload", async () => {
    const subject = unique("Screen flickers");
    const { id, portalToken } = await submitForm(page, baseUrl, {
      email: "flicker@example.com",
      subject,
      message: "It flickers",
    });
    await openTicket(subject);
    const answer = await fetch(`${baseUrl}/api/portal/tickets/${id}/messages`, {
      method: "POST",
      headers: { authorization: `Bearer ${portalToken}`, "content-type": "application/json" },
      body: JSON.stringify({ message: "It happens every morning at nine" }),
    });
    expect(answer.status).toBe(201);
    await page.getByText("It happens every morning at nine").waitFor({ timeout: 15_000 });
  });

  it("keeps the draft and offers the latest when someone else changed the same field (412), merges other fields", async () => {
    const subject = unique("Stale write");
    const { id } = await submitForm(page, baseUrl, { email: "stale@example.com", subject, message: "Hello" });
    await openTicket(subject);
    await page.getByRole("textbox", { name: "Reply" }).fill("My careful draft");
    // Another agent changes the status; this page still holds the older version and changes the status too.
    const other = async (body: Record<string, unknown>) => {
      const current = await admin("GET", `/tickets/${id}`);
      expect((await admin("PATCH", `/tickets/${id}`, body, { "if-match": current.etag! })).status).toBe(200);
    };
    await other({ status: "pending" });
    await page.getByRole("combobox", { name: "Status" }).selectOption("on_hold");
    await page.getByRole("alert").filter({ hasText: "changed while you were working" }).waitFor();
    expect(await page.getByRole("textbox", { name: "Reply" }).inputValue()).toBe("My careful draft");
    await page.getByRole("button", { name: "Show the latest and keep my draft" }).click();
    await expect.poll(() => page.getByRole("combobox", { name: "Status" }).inputValue()).toBe("pending");
    expect(await page.getByRole("textbox", { name: "Reply" }).inputValue()).toBe("My careful draft");
    // Someone changes the priority; this page's status change touches another field: both stand, no prompt.
    await other({ priority: "high" });
    await page.getByRole("combobox", { name: "Status" }).selectOption("on_hold");
    await expect.poll(() => page.getByText("Status: Pending → On hold").count()).toBe(1);
    await expect.poll(() => page.getByRole("combobox", { name: "Priority" }).inputValue()).toBe("high");
    expect(await page.getByRole("alert").filter({ hasText: "changed while you were working" }).count()).toBe(
      0,
    );
  });

  it("works from the keyboard alone: j/k, Enter, r, Ctrl+Enter, s and ?", async () => {
    const subject = unique("Keyboard only");
    await submitForm(page, baseUrl, { email: "keys@example.com", subject, message: "Hello" });
    await page.goto(`${baseUrl}/app/queue/all`);
    await page.getByRole("link", { name: new RegExp(subject) }).waitFor();
    await page.keyboard.press("j");
    await page.keyboard.press("k");
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent ?? ""))
      .toContain(subject);
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: new RegExp(subject) }).waitFor();
    await page.keyboard.press("r");
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("composer-text");
    await page.keyboard.type("Answered from the keyboard");
    await page.keyboard.press("Control+Enter");
    await page.getByText("Answered from the keyboard").first().waitFor();
    await page.keyboard.press("Escape");
    await page.keyboard.press("s");
    // `s` waits behind an Undo toast (5 s) before it solves.
    await expect
      .poll(() => page.getByRole("combobox", { name: "Status" }).inputValue(), { timeout: 10_000 })
      .toBe("solved");
    await page.keyboard.press("?");
    await page.getByRole("dialog", { name: "Keyboard shortcuts" }).waitFor();
    await page.keyboard.press("Escape");
    await expect.poll(() => page.getByRole("dialog").count()).toBe(0);
  });

  it("sends an agent whose session ended to sign in, then back where they were", async () => {
    const subject = unique("Expired session");
    const { id } = await submitForm(page, baseUrl, {
      email: "expired@example.com",
      subject,
      message: "Hello",
    });
    await openTicket(subject);
    await page.context().clearCookies();
    await page.waitForURL(/\/app\/login\?expired=1/, { timeout: 15_000 });
    await page.getByText("Your session ended").waitFor();
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password").fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(new RegExp(`/app/tickets/${id}`));
    await page.getByRole("heading", { name: new RegExp(subject) }).waitFor();
  });
});

describe("working together", () => {
  it("inserts a canned reply with the placeholders filled, and shows who else is on the ticket", async () => {
    const canned = await admin("POST", "/admin/canned-replies", {
      title: "Printer restart",
      body: "Hello {{requester.firstName}}, about #{{ticket.number}}: please restart the printer.",
    });
    expect(canned.status).toBe(201);
    const subject = unique("Canned");
    const { id, number } = await submitForm(page, baseUrl, {
      email: "canned@example.com",
      subject,
      message: "Help",
    });
    const other = await apiSession(baseUrl, ADMIN.email, ADMIN.password);
    const agent = await other("POST", "/admin/agents", {
      name: "Olga Other",
      email: `${unique("olga").replace(/\W/g, "")}@desk.test`,
      password: "olga password 123",
    });
    const olga = await apiSession(baseUrl, agent.json.email, "olga password 123");
    await olga("PUT", `/tickets/${id}/presence`, { state: "replying" });
    await openTicket(subject);
    await page.getByText("Olga Other is writing a reply").waitFor();
    await page.getByLabel("Insert canned reply").selectOption({ label: "Printer restart" });
    expect(await page.getByRole("textbox", { name: "Reply" }).inputValue()).toBe(
      `Hello Casey, about #${number}: please restart the printer.`,
    );
  });

  it("changes the priority of the selected tickets in one go", async () => {
    const first = unique("Bulk one");
    const second = unique("Bulk two");
    await submitForm(page, baseUrl, { email: "bulk1@example.com", subject: first, message: "One" });
    await submitForm(page, baseUrl, { email: "bulk2@example.com", subject: second, message: "Two" });
    await page.goto(`${baseUrl}/app/queue/all`);
    await page.getByRole("link", { name: new RegExp(second) }).waitFor();
    for (const subject of [first, second]) {
      const row = page.getByRole("row").filter({ hasText: subject });
      await row.getByRole("checkbox").check();
    }
    await page.getByLabel("Set priority of selected").selectOption("urgent");
    await page.getByText("2 updated.").waitFor();
    for (const subject of [first, second]) {
      await expect
        .poll(() => page.getByRole("row").filter({ hasText: subject }).getByText("Urgent").count())
        .toBe(1);
    }
  });
});

describe("administration", () => {
  it("lets an admin create an agent who can then sign in", async () => {
    const email = `${unique("new").replace(/\W/g, "")}@desk.test`;
    // The top bar's Admin link opens the admin area (its home, see admin-screens.test.ts), not the queue.
    await page.goto(`${baseUrl}/app`);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
    await page.waitForURL(/\/app\/admin$/);
    await page
      .getByRole("navigation", { name: "Administration" })
      .getByRole("link", { name: "Agents" })
      .click();
    await page.getByRole("heading", { name: "Agents" }).waitFor();
    await page.getByLabel("Name", { exact: true }).fill("Nora New");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("First password").fill("a long first password");
    await page.getByRole("button", { name: "Create agent" }).click();
    await page.getByRole("cell", { name: email }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    const other = await watchedPage(browser);
    await signIn(other.page, baseUrl, email, "a long first password");
    await other.page.locator("header .me").getByText("Nora New").waitFor();
    await other.context.close();
  });
});

describe("reports", () => {
  it("shows a report as a chart and a table, with CSV and a drill-down to the tickets behind a figure", async () => {
    await page.goto(`${baseUrl}/app/reports?name=volume&groupBy=channel`);
    await page.getByRole("heading", { name: "Reports" }).waitFor();
    // Keys and columns read as words: the channel "web" is "Web form".
    await page.getByRole("cell", { name: "Web form" }).first().waitFor();
    const csv = await page.getByRole("link", { name: "Download CSV" }).getAttribute("href");
    expect(csv).toContain("/api/reports/volume?");
    expect(csv).toContain("format=csv");
    await page.getByRole("link", { name: "Open the tickets behind these figures" }).click();
    await page.waitForURL(/\/app\/queue\/all\?channel=/);
    await page.goBack();
    await page.getByRole("combobox", { name: /^Report/ }).selectOption("response-times");
    await page.getByRole("columnheader", { name: "Median first response", exact: true }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole("link", { name: "Web form" }).first().click();
    await page.waitForURL(/\/app\/queue\/all\?channel=web/);
    await page.getByRole("heading", { name: /All open/ }).waitFor();
  });

  it("rolls figures up by week, lists escalations and comments, and lets an admin choose who sees reports", async () => {
    // The answer per day (asked first) comes back after the answer per week: the table must keep the weeks.
    let dayAnswered!: () => void;
    const dayAnswer = new Promise<void>((resolve) => (dayAnswered = resolve));
    await page.route(/\/api\/reports\/volume\?.*period=day/, async (route) => {
      const response = await route.fetch();
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await route.fulfill({ response });
      dayAnswered();
    });
    await page.goto(`${baseUrl}/app/reports?name=volume&groupBy=all`);
    await page.getByRole("combobox", { name: "Per" }).selectOption("week");
    const week = page.getByRole("cell", { name: /^\d{4}-W\d{2}$/ }).first();
    await week.waitFor();
    await dayAnswer;
    await page.unrouteAll();
    await expect.poll(() => week.count()).toBe(1);
    // Days show as the agent writes dates ("Dec 6, 2026"): none may be left among the weeks.
    expect(await page.getByRole("cell", { name: /^[A-Z][a-z]{2} \d{1,2}, \d{4}$/ }).count()).toBe(0);
    await page.getByRole("combobox", { name: /^Report/ }).selectOption("escalations");
    await page
      .getByRole("columnheader", { name: "Needs more expertise" })
      .or(page.getByText(/No figures/))
      .first()
      .waitFor();
    await page.getByRole("combobox", { name: /^Report/ }).selectOption("comments");
    await page.waitForURL(/name=comments/);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.goto(`${baseUrl}/app/admin/reports`);
    const who = page.getByRole("combobox", { name: "Who sees reports" });
    await who.selectOption("own");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("Saved.").waitFor();
    expect((await admin("GET", "/admin/reports")).json.agentAccess).toBe("own");
    await who.selectOption("teams");
    await page.getByRole("button", { name: "Save" }).click();
    await expect.poll(async () => (await admin("GET", "/admin/reports")).json.agentAccess).toBe("teams");
    expect(problems).toEqual([]);
  });
});

describe("hostile input", () => {
  const vectors = [
    `<script>window.__pwned=1</script>`,
    `<img src=x onerror="window.__pwned=2">`,
    `<svg/onload=window.__pwned=3>`,
    `<IMG SRC=JaVaScRiPt:window.__pwned=4>`,
    `<iframe src="javascript:parent.__pwned=5"></iframe>`,
    `<body onload=window.__pwned=6>`,
    `"><script>window.__pwned=7</script>`,
    `<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned=8>`,
    `<a href="jav&#x09;ascript:window.__pwned=9">x</a>`,
    `<div style="background:url(javascript:window.__pwned=10)">x</div>`,
    `<object data="data:text/html,<script>parent.__pwned=11</script>"></object>`,
  ].join("\n");

  it("runs no script from a form submission or a mail, in the queue, the ticket or the original mail", async () => {
    const formSubject = unique(`<img src=x onerror=window.__pwned=99> Form XSS`);
    await submitForm(page, baseUrl, { email: "xss@example.com", subject: formSubject, message: vectors });
    const mailSubject = unique("Mail XSS");
    const raw = [
      "From: Mallory <mallory@example.com>",
      "To: support@desk.localhost",
      `Subject: ${mailSubject}`,
      `Message-ID: <${Date.now()}@evil.example>`,
      "MIME-Version: 1.0",
      'Content-Type: multipart/alternative; boundary="b"',
      "",
      "--b",
      "Content-Type: text/plain; charset=utf-8",
      "",
      vectors,
      "--b",
      "Content-Type: text/html; charset=utf-8",
      "",
      `<html><body><p>Hello</p>${vectors}</body></html>`,
      "--b--",
      "",
    ].join("\r\n");
    const inbound = await fetch(`${baseUrl}/api/inbound/email`, {
      method: "POST",
      headers: { authorization: `Bearer ${INBOUND}`, "content-type": "message/rfc822" },
      body: raw,
    });
    expect(inbound.status).toBe(202);

    // The mail is filed by the inbound worker a moment later: reload the queue until it is there.
    await expect
      .poll(
        async () => {
          await page.goto(`${baseUrl}/app/queue/all`);
          await page.getByRole("link", { name: /Form XSS/ }).waitFor();
          return page.getByRole("link", { name: new RegExp(mailSubject) }).count();
        },
        { timeout: 20_000, interval: 1_000 },
      )
      .toBe(1);
    await page.getByRole("link", { name: /Form XSS/ }).click();
    await page.getByText("window.__pwned=2").first().waitFor();
    await page.goto(`${baseUrl}/app/queue/all`);
    await page.getByRole("link", { name: new RegExp(mailSubject) }).click();
    await page.getByRole("button", { name: "Show the original mail" }).first().click();
    await page.locator("iframe.mail-html").waitFor();
    await page.waitForTimeout(1000);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(problems.filter((p) => !p.startsWith("csp"))).toEqual([]);
  });
});
