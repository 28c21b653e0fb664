import type { Browser, Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { accessibilityViolations, adminInBrowser, type apiSession, unique } from "./browser.ts";
import { INBOUND } from "./desk.ts";

const baseUrl = inject("baseUrl");
let browser: Browser;
let page: Page;
let problems: string[];
let admin: Awaited<ReturnType<typeof apiSession>>;

adminInBrowser(baseUrl, (session) => ({ browser, page, problems, admin } = session));

describe("who is copied on a ticket", () => {
  it("shows whom an unverified mail named, and the agent copies them from the ticket page, then stops", async () => {
    const subject = unique("Copier jam");
    const stamp = Date.now().toString(36);
    const response = await fetch(`${baseUrl}/api/inbound/email`, {
      method: "POST",
      headers: { authorization: `Bearer ${INBOUND}`, "content-type": "message/rfc822" },
      body: [
        `From: Nia <nia.${stamp}@nodmarc.example>`,
        "To: support@desk.localhost",
        `Cc: otto.${stamp}@nodmarc.example`,
        `Subject: ${subject}`,
        "Authentication-Results: amazonses.com; spf=pass; dkim=pass; dmarc=none",
        "MIME-Version: 1.0",
        "Content-Type: text/plain",
        "",
        "My manager must approve the repair.",
      ].join("\r\n"),
    });
    expect(response.status).toBe(202);
    const otto = `otto.${stamp}@nodmarc.example`;
    let id = "";
    await expect
      .poll(
        async () => {
          const found = (await admin("GET", `/requesters/nia.${stamp}%40nodmarc.example/tickets`)).json.items;
          id = found[0]?.id ?? "";
          return id;
        },
        { timeout: 20_000, interval: 500 },
      )
      .not.toBe("");

    await page.goto(`${baseUrl}/app/tickets/${id}`);
    await page.getByText(`Not copied: ${otto}. Only the requester's own mail`).waitFor();
    const copied = page.getByRole("region", { name: "Copied" });
    await copied.getByText("Nobody else gets this ticket's mail.").waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    await copied.getByPlaceholder("Email address to copy").fill(otto);
    await copied.getByRole("button", { name: "Copy" }).click();
    await copied.getByRole("listitem").filter({ hasText: otto }).waitFor();
    expect((await admin("GET", `/tickets/${id}`)).json.cc).toEqual([otto]);

    await copied.getByRole("button", { name: `Stop copying ${otto}` }).click();
    await copied.getByText("Nobody else gets this ticket's mail.").waitFor();
    expect((await admin("GET", `/tickets/${id}`)).json.cc).toEqual([]);
    expect(problems).toEqual([]);
  });
});
