import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { accessibilityViolations, adminInBrowser, type apiSession, submitForm } from "./browser.ts";
import { INBOUND } from "./desk.ts";

/**
 * A message from someone not on the ticket (held for agents) that came cut short, then whole: agents decide it
 * once, through its complete copy. The cut copy, superseded, is no second decision waiting in the held bar
 * (accepting it there would leave the complete copy held, and the customer would see neither).
 */

const baseUrl = inject("baseUrl");
let browser: Browser;
let page: Page;
let problems: string[];
let admin: Awaited<ReturnType<typeof apiSession>>;

adminInBrowser(baseUrl, (session) => ({ browser, page, problems, admin } = session));

const stamp = Date.now().toString(36);
const stranger = `irene.held.${stamp}@client.example`;
const inbound = async (name: string, inReplyTo: string) => {
  const text = readFileSync(join(import.meta.dirname, "../fixtures/email/desk", name))
    .toString("latin1")
    .replaceAll("irene.morel@client.example", stranger)
    .replaceAll("PR3P195MB0871A2C4E1F09B7D5E3A9C41BD5A2@", `held.${stamp}@`)
    // A reply to the desk's acknowledgement of someone else's ticket.
    .replace("\r\nMessage-ID:", `\r\nIn-Reply-To: ${inReplyTo}\r\nMessage-ID:`);
  const response = await fetch(`${baseUrl}/api/inbound/email`, {
    method: "POST",
    headers: { authorization: `Bearer ${INBOUND}`, "content-type": "message/rfc822" },
    body: Buffer.from(text, "latin1"),
  });
  expect(response.status).toBe(202);
};
type Held = { supersededBy: string | null; held: { acceptedAt: string | null } | null };
const heldOf = async (ticketId: string) =>
  ((await admin("GET", `/tickets/${ticketId}`)).json.timeline as (Held & { kind: string })[]).filter(
    (e) => e.kind === "customer_message" && e.held,
  );

describe("a held message cut short in transit, then delivered whole", () => {
  it("waits for one decision, on its complete copy", async () => {
    const { id } = await submitForm(page, baseUrl, {
      email: `owner.${stamp}@client.example`,
      subject: `Charged twice ${stamp}`,
      message: "Our invoice was charged twice.",
    });
    let ackId = "";
    await expect
      .poll(
        async () => {
          const ticket = (await admin("GET", `/tickets/${id}`)).json;
          ackId = ticket.timeline.find((e: { kind: string }) => e.kind === "auto_mail")?.messageId ?? "";
          return ackId;
        },
        { timeout: 20_000, interval: 500 },
      )
      .not.toBe("");
    await inbound("rw6-relay-retry-cut.eml", ackId);
    await expect.poll(async () => (await heldOf(id)).length, { timeout: 20_000, interval: 500 }).toBe(1);
    await inbound("rw6-relay-retry-complete.eml", ackId);
    await expect
      .poll(async () => (await heldOf(id)).map((e) => Boolean(e.supersededBy)), {
        timeout: 20_000,
        interval: 500,
      })
      .toEqual([true, false]);

    await page.goto(`${baseUrl}/app/tickets/${id}`);
    const bar = page.getByRole("region", {
      name: "From someone not on this ticket: only agents see it, nobody is copied.",
    });
    await bar.waitFor();
    expect(await bar.locator(".notice").count()).toBe(1);
    await bar.getByRole("button", { name: "Accept (copy this sender on the ticket)" }).click();
    await page.getByText("Accepted onto the ticket.").waitFor();
    await bar.waitFor({ state: "detached" });
    const [cut, complete] = await heldOf(id);
    expect(complete!.held!.acceptedAt).not.toBeNull();
    expect(cut!.supersededBy).not.toBeNull();
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
