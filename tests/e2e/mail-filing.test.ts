import type { Browser, Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { accessibilityViolations, adminInBrowser, type apiSession, submitForm } from "./browser.ts";
import { INBOUND } from "./desk.ts";

const baseUrl = inject("baseUrl");
let browser: Browser;
let page: Page;
let problems: string[];
let admin: Awaited<ReturnType<typeof apiSession>>;

adminInBrowser(baseUrl, (session) => ({ browser, page, problems, admin } = session));

const stamp = () => Date.now().toString(36);
const inbound = async (lines: string[]) => {
  const response = await fetch(`${baseUrl}/api/inbound/email`, {
    method: "POST",
    headers: { authorization: `Bearer ${INBOUND}`, "content-type": "message/rfc822" },
    body: [...lines, "MIME-Version: 1.0", "Content-Type: text/plain", ""].join("\r\n"),
  });
  expect(response.status).toBe(202);
};

describe("mail that needs a person", () => {
  it("an admin files an unfiled message by hand from the Unfiled mail screen", async () => {
    const subject = `No sender ${stamp()}`;
    await inbound([
      'From: "Nobody" <>',
      "To: support@desk.localhost",
      `Subject: ${subject}`,
      "",
      "Who am I?",
    ]);
    await expect
      .poll(
        async () =>
          (await admin("GET", "/admin/unfiled")).json.items.some(
            (u: { subject: string }) => u.subject === subject,
          ),
        {
          timeout: 20_000,
          interval: 500,
        },
      )
      .toBe(true);

    await page.goto(`${baseUrl}/app/admin/unfiled`);
    const item = page.getByRole("listitem", { name: subject });
    await item.getByText("No valid address in Reply-To, From or Sender").waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await item.getByLabel("Requester email").fill("found@client.example");
    await item.getByRole("button", { name: "File as a ticket" }).click();
    await page.getByRole("listitem", { name: subject }).waitFor({ state: "detached" });
    const tickets = (await admin("GET", "/requesters/found%40client.example/tickets")).json.items;
    expect(tickets.map((t: { subject: string }) => t.subject)).toContain(subject);
    expect(problems).toEqual([]);
  });

  it("shows a quarantined message with its reason and only a dismiss button", async () => {
    const subject = `Invoice ${stamp()}`;
    await inbound([
      "From: Mallory <mallory@evil.example>",
      "To: support@desk.localhost",
      `Subject: ${subject}`,
      "X-SES-Virus-Verdict: FAIL",
      "",
      "Open the attachment.",
    ]);
    await expect
      .poll(
        async () =>
          (await admin("GET", "/admin/unfiled")).json.items.some(
            (u: { subject: string }) => u.subject === subject,
          ),
        { timeout: 20_000, interval: 500 },
      )
      .toBe(true);
    await page.goto(`${baseUrl}/app/admin/unfiled`);
    const item = page.getByRole("listitem", { name: subject });
    await item.getByText("Quarantined: it cannot be downloaded or filed.").waitFor();
    await item.getByText("Set aside automatically").waitFor();
    expect(await item.getByRole("link").count()).toBe(0);
    expect(await item.getByRole("button", { name: "File as a ticket" }).count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await item.getByRole("button", { name: "Dismiss" }).click();
    await page.getByRole("listitem", { name: subject }).waitFor({ state: "detached" });
    expect(problems).toEqual([]);
  });

  it("an agent accepts a stranger's mail onto a ticket", async () => {
    const subject = `Held ${stamp()}`;
    const { id } = await submitForm(page, baseUrl, {
      email: "owner@client.example",
      subject,
      message: "Help",
    });
    let ackId: string | undefined;
    await expect
      .poll(
        async () => {
          const ticket = (await admin("GET", `/tickets/${id}`)).json;
          ackId = ticket.timeline.find((e: { kind: string }) => e.kind === "auto_mail")?.messageId;
          return Boolean(ackId);
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBe(true);
    await inbound([
      "From: Stella Stranger <stella@elsewhere.example>",
      "To: support@desk.localhost",
      `Subject: Re: ${subject}`,
      `In-Reply-To: ${ackId}`,
      "",
      "I have the same problem",
    ]);
    await expect
      .poll(
        async () =>
          (await admin("GET", `/tickets/${id}`)).json.timeline.some((e: { held: unknown }) => e.held),
        {
          timeout: 20_000,
          interval: 500,
        },
      )
      .toBe(true);

    await page.goto(`${baseUrl}/app/tickets/${id}`);
    await page.getByRole("button", { name: "Accept (copy this sender on the ticket)" }).click();
    await page.getByText("Accepted onto the ticket.").waitFor();
    expect((await admin("GET", `/tickets/${id}`)).json.cc).toEqual(["stella@elsewhere.example"]);
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
