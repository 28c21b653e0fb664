import type { Browser, Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { issueMagicToken } from "../../core/auth/magic-link.ts";
import { type AdminApi, adminInBrowser, unique } from "./browser.ts";
import { INBOUND, SECRET } from "./desk.ts";

/**
 * Mail from an internationalised domain arrives (and is stored, looked up and answered) in punycode; the people
 * reading the address — agents on the ticket page, the customer in the portal — see it in Unicode.
 */
const baseUrl = inject("baseUrl");
let browser: Browser;
let page: Page;
let problems: string[];
let admin: AdminApi;
adminInBrowser(baseUrl, (session) => ({ browser, page, problems, admin } = session));

describe("internationalised domain names", () => {
  it("are shown in Unicode on the ticket page and in the portal, and kept in ASCII by the API", async () => {
    const stamp = Date.now().toString(36);
    const stored = `jose.${stamp}@xn--socit-esab.fr`;
    const shown = `jose.${stamp}@société.fr`;
    const subject = unique("Facture en double");
    const response = await fetch(`${baseUrl}/api/inbound/email`, {
      method: "POST",
      headers: { authorization: `Bearer ${INBOUND}`, "content-type": "message/rfc822" },
      body: [
        // No display name: the requester's name is their address, as people read it.
        `From: ${stored}`,
        "To: support@desk.localhost",
        `Cc: ana.${stamp}@xn--socit-esab.fr`,
        `Subject: ${subject}`,
        "Authentication-Results: amazonses.com; spf=pass; dkim=pass; dmarc=pass",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "La facture de novembre est arrivée deux fois.",
      ].join("\r\n"),
    });
    expect(response.status).toBe(202);
    let id = "";
    await expect
      .poll(
        async () => {
          id =
            (await admin("GET", `/requesters/${encodeURIComponent(stored)}/tickets`)).json.items[0]?.id ?? "";
          return id;
        },
        { timeout: 20_000, interval: 500 },
      )
      .not.toBe("");
    const ticket = (await admin("GET", `/tickets/${id}`)).json;
    expect(ticket.requester.email).toBe(stored);
    expect(ticket.cc).toEqual([`ana.${stamp}@xn--socit-esab.fr`]);

    await page.goto(`${baseUrl}/app/tickets/${id}`);
    const details = page.getByRole("complementary", { name: "Ticket details" });
    const link = details.getByRole("link", { name: shown, exact: true });
    await link.waitFor();
    // The search behind the link still asks for the stored form.
    expect(await link.getAttribute("href")).toBe(`/app/search?q=${encodeURIComponent(stored)}`);
    await page
      .getByRole("region", { name: "Copied" })
      .getByRole("listitem")
      .filter({ hasText: `ana.${stamp}@société.fr` })
      .waitFor();
    await page.getByText(`From: ${shown}`).first().waitFor();
    expect(await page.locator("main").textContent()).not.toContain("xn--socit-esab");

    // The customer's portal, signed in with a link mailed to the stored address.
    const customer = await browser.newPage();
    await customer.goto(`${baseUrl}/portal.html#magic=${issueMagicToken(stored, new Date(), SECRET)}`);
    await customer.locator("#who").getByText(shown, { exact: true }).waitFor();
    await customer.getByRole("link", { name: subject }).waitFor();
    await customer.close();
    expect(problems).toEqual([]);
  });
});
