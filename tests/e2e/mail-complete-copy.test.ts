import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { accessibilityViolations, adminInBrowser, type apiSession } from "./browser.ts";
import { INBOUND } from "./desk.ts";

/**
 * The agent's ticket page after a message came cut short, then whole (tests/fixtures/email/desk/rw6-relay-retry-*.eml):
 * the cut copy folded under its note, the complete one after it, marked as such.
 */

const baseUrl = inject("baseUrl");
let browser: Browser;
let page: Page;
let problems: string[];
let admin: Awaited<ReturnType<typeof apiSession>>;

adminInBrowser(baseUrl, (session) => ({ browser, page, problems, admin } = session));

const address = `irene.${Date.now().toString(36)}@client.example`;
const fixture = (name: string) =>
  readFileSync(join(import.meta.dirname, "../fixtures/email/desk", name))
    .toString("latin1")
    .replaceAll("irene.morel@client.example", address)
    .replaceAll("PR3P195MB0871A2C4E1F09B7D5E3A9C41BD5A2@", `${address.split("@")[0]}@`);
const inbound = async (name: string) => {
  const response = await fetch(`${baseUrl}/api/inbound/email`, {
    method: "POST",
    headers: { authorization: `Bearer ${INBOUND}`, "content-type": "message/rfc822" },
    body: Buffer.from(fixture(name), "latin1"),
  });
  expect(response.status).toBe(202);
};
const messagesOf = async (ticketId: string) =>
  (await admin("GET", `/tickets/${ticketId}`)).json.timeline.filter(
    (e: { kind: string }) => e.kind === "customer_message",
  ) as { supersededBy: string | null }[];

describe("a message cut short in transit, then delivered whole", () => {
  it("shows the cut copy folded under its note and the complete copy after it", async () => {
    await inbound("rw6-relay-retry-cut.eml");
    let ticketId = "";
    await expect
      .poll(
        async () => {
          const items = (await admin("GET", `/requesters/${encodeURIComponent(address)}/tickets`)).json.items;
          ticketId = items[0]?.id ?? "";
          return ticketId;
        },
        { timeout: 20_000, interval: 500 },
      )
      .not.toBe("");
    await inbound("rw6-relay-retry-complete.eml");
    await expect
      .poll(async () => (await messagesOf(ticketId)).map((m) => Boolean(m.supersededBy)), {
        timeout: 20_000,
        interval: 500,
      })
      .toEqual([true, false]);

    await page.goto(`${baseUrl}/app/tickets/${ticketId}`);
    const note = page.getByText(
      "This copy was cut short in transit; the complete message came later and follows.",
    );
    await note.waitFor();
    await page
      .getByText("The complete copy of the message above, which had been cut short in transit.")
      .waitFor();
    // The cut copy's words stay folded until asked for; the complete copy's are shown.
    const cut = page.locator("details.superseded-body");
    expect(await cut.getAttribute("open")).toBeNull();
    const complete = page.locator("li.entry", { has: page.locator("p.completes") });
    await complete.getByText("Please refund the second charge to the same card.").waitFor();
    expect(await page.getByRole("link", { name: "statement-2026-12.pdf" }).count()).toBe(2);
    await page.screenshot({
      path: join(import.meta.dirname, "../../.data/e2e-complete-copy.png"),
      fullPage: true,
    });
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
