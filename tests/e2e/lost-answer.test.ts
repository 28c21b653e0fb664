import type { Browser, Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { adminInBrowser, type apiSession, unique } from "./browser.ts";

/**
 * A reply the desk stored and mailed, whose answer never reached the app (a dropped connection): the app says it
 * was not sent and keeps the draft; the agent sends it again, and the customer gets it once.
 */
const baseUrl = inject("baseUrl");
const mailUrl = inject("mailUrl");
let browser: Browser;
let page: Page;
let problems: string[];
let admin: Awaited<ReturnType<typeof apiSession>>;
adminInBrowser(baseUrl, (session) => ({ browser, page, problems, admin } = session));

const mailsTo = async (address: string) =>
  (
    (await (await fetch(`${mailUrl}/store`)).json()) as {
      emails: { destination: { to: string[] }; body: { text: string } }[];
    }
  ).emails.filter((m) => m.destination.to.some((to) => to.includes(address)));

describe("a reply whose answer was lost", () => {
  it("is stored and mailed once when the agent sends it again", async () => {
    const email = `${unique("lost").replace(/\W+/g, ".")}@client.example`;
    const created = await fetch(`${baseUrl}/api/tickets`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        name: "Robin",
        email,
        subject: unique("Scanner offline"),
        message: "It is off.",
      }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    await page.goto(`${baseUrl}/app/tickets/${id}`);
    const composer = page.locator("#composer-text");
    await composer.fill("Please switch it off and on again.");

    // The desk takes the reply; the answer is lost on the way back.
    await page.route("**/api/tickets/*/replies", async (route) => {
      await route.fetch();
      await route.abort("connectionreset");
    });
    await page.getByRole("button", { name: "Send reply" }).click();
    await page.locator("form.composer").getByRole("alert").waitFor();
    expect(await composer.inputValue()).toBe("Please switch it off and on again.");
    await page.unroute("**/api/tickets/*/replies");

    await page.getByRole("button", { name: "Send reply" }).click();
    await expect.poll(() => composer.inputValue(), { timeout: 10_000 }).toBe("");
    const replies = (await admin("GET", `/tickets/${id}`)).json.timeline.filter(
      (e: { kind: string }) => e.kind === "agent_reply",
    );
    expect(replies).toHaveLength(1);
    await expect
      .poll(async () => (await mailsTo(email)).filter((m) => m.body.text.includes("switch it off")).length, {
        timeout: 20_000,
      })
      .toBe(1);
    // Still one a little later: nothing was waiting to go out twice.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect((await mailsTo(email)).filter((m) => m.body.text.includes("switch it off"))).toHaveLength(1);
    await page.getByText("Please switch it off and on again.").first().waitFor();
    expect(problems).toEqual([]);
  });
});
