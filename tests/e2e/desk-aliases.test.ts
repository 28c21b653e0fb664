import type { Page } from "playwright-core";
import { afterAll, describe, expect, inject, it } from "vitest";
import { adminInBrowser, type apiSession } from "./browser.ts";

/** An admin lists the desk's other addresses on the admin home; an agent cannot open a ticket for one. */
const baseUrl = inject("baseUrl");
let page: Page;
let problems: string[];
let admin: Awaited<ReturnType<typeof apiSession>>;

adminInBrowser(baseUrl, (session) => ({ page, problems, admin } = session));
// One desk serves every browser test: put the list back.
afterAll(async () => {
  await admin?.("PUT", "/admin/desk", { name: null, nameFr: null, aliases: [] });
});

describe("the desk's other addresses", () => {
  it("are listed one per line, a refusal said in the admin's words, and kept once saved", async () => {
    await page.goto(`${baseUrl}/app/admin`);
    const form = page.getByRole("form", { name: "Desk" });
    const list = form.getByRole("textbox", { name: "The desk's other addresses (one per line)" });
    await list.fill("Billing@desk.localhost\nsupport@desk.localhost");
    await form.getByRole("button", { name: "Save the name" }).click();
    await form
      .getByRole("alert")
      .getByText("support@desk.localhost is the desk's sending address (DESK_MAIL_FROM)", { exact: false })
      .waitFor();
    await list.fill("Billing@desk.localhost\nsales@desk.localhost");
    await form.getByRole("button", { name: "Save the name" }).click();
    await form.getByRole("status").filter({ hasText: "Name saved" }).waitFor();
    expect((await admin("GET", "/admin/desk")).json.aliases).toEqual([
      "billing@desk.localhost",
      "sales@desk.localhost",
    ]);
    await page.reload();
    expect(await list.inputValue()).toBe("billing@desk.localhost\nsales@desk.localhost");

    await page.goto(`${baseUrl}/app/new`);
    await page.getByLabel("Customer's name").fill("Billing");
    await page.getByLabel("Customer's email").fill("billing@desk.localhost");
    await page.getByLabel("Subject").fill("Phone call");
    await page.getByLabel("What they asked").fill("About an invoice.");
    await page.getByRole("button", { name: "Create ticket" }).click();
    await page
      .getByRole("alert")
      .getByText("billing@desk.localhost is one of the desk's own addresses", { exact: false })
      .waitFor();
    expect(problems).toEqual([]);
  });
});
