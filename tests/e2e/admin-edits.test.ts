import type { Browser, Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { accessibilityViolations, adminInBrowser, apiSession, signIn, slug, unique } from "./browser.ts";
import { ADMIN } from "./desk.ts";

/** Admin screens: token expiry, the KB category, editing what exists, paging, and the phone layout. */
const baseUrl = inject("baseUrl");
let browser: Browser;
let page: Page;
let problems: string[];
let admin: Awaited<ReturnType<typeof apiSession>>;

adminInBrowser(baseUrl, (session) => ({ browser, page, problems, admin } = session));

const open = async (screen: string, heading: string | RegExp) => {
  await page.goto(`${baseUrl}/app/admin/${screen}`);
  await page.getByRole("heading", { level: 1, name: heading }).waitFor();
};

describe("tokens and the knowledge base", () => {
  it("a token's expiry is the end of the chosen day where the admin is; the agent must be chosen", async () => {
    const context = await browser.newContext({ timezoneId: "Pacific/Auckland" });
    const nz = await context.newPage();
    try {
      await signIn(nz, baseUrl, ADMIN.email, ADMIN.password);
      await nz.goto(`${baseUrl}/app/admin/tokens`);
      const me = (await admin("GET", "/me")).json;
      const name = unique("Nightly export");
      await nz.getByRole("textbox", { name: "Token name" }).fill(name);
      const agent = nz.getByRole("combobox", { name: "Acts as" });
      expect(await agent.locator("option:checked").textContent()).toBe("Choose…");
      expect(await agent.evaluate((select: HTMLSelectElement) => select.validity.valueMissing)).toBe(true);
      await agent.selectOption({ label: me.name });
      expect(await nz.getByRole("combobox", { name: "Scope" }).inputValue()).toBe("write");
      await nz.getByLabel("Expires on (optional)").fill("2099-01-15");
      await nz.getByRole("button", { name: "Issue token" }).click();
      await nz.getByRole("status").filter({ hasText: "Token (shown once): " }).waitFor();
      const token = (await admin("GET", "/admin/api-tokens")).json.items.find(
        (t: { name: string }) => t.name === name,
      );
      // Auckland is UTC+13 in January: the day ends at 10:59:59 UTC.
      expect(token).toMatchObject({ scope: "write", expiresAt: "2099-01-15T10:59:59.000Z" });
      await admin("DELETE", `/admin/api-tokens/${token.id}`);
    } finally {
      await context.close();
    }
  });

  it("an article keeps its category when the list is late or no longer has it", async () => {
    const category = unique("Archived");
    await admin("POST", "/admin/categories", { id: slug(category), name: category });
    const created = await admin("POST", "/kb/articles", {
      title: unique("Old article"),
      body: "Text.",
      locale: "en",
      status: "draft",
      category: slug(category),
    });
    expect(created.status).toBe(201);
    let answer: () => void = () => {};
    const late = new Promise<void>((resolve) => {
      answer = resolve;
    });
    // The list arrives late, and without the article's category.
    await page.route("**/api/categories", async (route) => {
      await late;
      await route.fulfill({ json: { items: [] } });
    });
    try {
      await page.goto(`${baseUrl}/app/kb/${created.json.id}`);
      const save = page.getByRole("button", { name: /Save/ });
      await save.waitFor();
      expect(await save.isDisabled()).toBe(true);
      answer();
      await expect.poll(() => save.isDisabled()).toBe(false);
      const picked = page.getByRole("combobox", { name: "Category" }).locator("option:checked");
      expect(await picked.textContent()).toBe("Its current category (no longer listed)");
      await page.getByRole("textbox", { name: /Markdown/ }).fill("New text.");
      await save.click();
      await page.getByRole("status").filter({ hasText: /Saved/ }).waitFor();
      const article = (await admin("GET", `/kb/articles/${created.json.id}`)).json;
      expect(article).toMatchObject({ body: "New text.", category: slug(category) });
    } finally {
      await page.unroute("**/api/categories");
    }
  });
});

describe("editing what exists", () => {
  it("an agent's name, notice language and mail notices; vendors and canned replies", async () => {
    const name = unique("Eddie Edit");
    const created = await admin("POST", "/admin/agents", {
      name,
      email: `${slug(name).replace(/-/g, "")}@desk.test`,
      password: "a long first password",
      role: "agent",
      teams: [],
    });
    await open("agents", "Agents");
    const row = page.getByRole("row", { name: new RegExp(name) });
    await row.getByText(`Edit ${name}`).click();
    const form = row.getByRole("form", { name: `Edit ${name}` });
    const renamed = `${name} Jr`;
    await form.getByRole("textbox", { name: "Name" }).fill(renamed);
    await form.getByRole("combobox", { name: "Language of their notices" }).selectOption("fr");
    await form.getByRole("checkbox", { name: "Mail notices" }).uncheck();
    await form.getByRole("button", { name: `Save ${name}` }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `${renamed} saved.` })
      .waitFor();
    const agent = (await admin("GET", "/admin/agents")).json.items.find(
      (a: { id: string }) => a.id === created.json.id,
    );
    expect(agent).toMatchObject({ name: renamed, locale: "fr", mailNotices: false });

    const vendor = unique("Fixit");
    const v = await admin("POST", "/admin/vendors", {
      id: slug(vendor),
      name: vendor,
      email: "old@fixit.example",
      responseMinutes: 60,
    });
    expect(v.status).toBe(201);
    await open("vendors", "Vendors (L4)");
    await page.getByText(`Edit ${vendor}`).click();
    const vendorForm = page.getByRole("form", { name: `Edit ${vendor}` });
    await vendorForm.getByRole("textbox", { name: "Support address" }).fill("new@fixit.example");
    await vendorForm.getByRole("button", { name: `Save ${vendor}` }).click();
    await page.getByText(`${vendor} <new@fixit.example> — answers within 60 business minutes`).waitFor();

    const title = unique("Reset done");
    await admin("POST", "/admin/canned-replies", { title, body: "Old text." });
    await open("canned", "Canned replies");
    await page.getByText(`Edit ${title}`).click();
    const cannedForm = page.getByRole("form", { name: `Edit ${title}` });
    await cannedForm.getByRole("textbox", { name: "Text" }).fill("New text.");
    await cannedForm.getByRole("button", { name: `Save ${title}` }).click();
    await cannedForm
      .getByRole("status")
      .filter({ hasText: `${title} saved.` })
      .waitFor();
    const reply = (await admin("GET", "/canned-replies")).json.items.find(
      (c: { title: string }) => c.title === title,
    );
    expect(reply.body).toBe("New text.");
    expect(problems).toEqual([]);
  });

  it("an agent's reply signature: seen, set with the limits of My signature, never over the agent's own change", async () => {
    const name = unique("Sigrid Sign");
    const email = `${slug(name).replace(/-/g, "")}@desk.test`;
    const password = "a long first password";
    const created = await admin("POST", "/admin/agents", { name, email, password, role: "agent", teams: [] });
    expect(created.status).toBe(201);
    await open("agents", "Agents");
    const row = page.getByRole("row", { name: new RegExp(name) });
    const summary = row.locator("details.agent-signature > summary");
    expect(await summary.textContent()).toBe("None");
    await summary.click();
    const field = row.getByRole("textbox", { name: `${name}: signature` });
    const save = row.getByRole("button", { name: `Save ${name}'s signature` });
    // Refused as on the agent's own page, in the same words; nothing saved.
    await field.fill("1\n2\n3\n4\n5\n6\n7");
    await save.click();
    await expect.poll(() => row.getByRole("alert").textContent()).toBe("At most 6 lines.");
    await field.fill("Sigrid\nAcme support");
    await save.click();
    await row
      .getByRole("status")
      .filter({ hasText: `Saved ${name}'s signature.` })
      .waitFor();
    await expect.poll(() => summary.textContent()).toBe("Sigrid");
    const listed = async () =>
      (await admin("GET", "/admin/agents")).json.items.find((a: { id: string }) => a.id === created.json.id);
    expect((await listed()).signature).toBe("Sigrid\nAcme support");
    expect(await accessibilityViolations(page)).toEqual([]);

    // The agent changes theirs while the admin's screen shows the old one: the admin's save is refused, and the
    // screen shows the agent's.
    const agent = await apiSession(baseUrl, email, password);
    expect((await agent("PATCH", "/me", { signature: "Sigrid S.\nBy herself" })).status).toBe(200);
    await field.fill("Overwritten by the admin");
    await save.click();
    await expect
      .poll(() => row.getByRole("alert").textContent())
      .toBe("Someone changed this meanwhile. Look again, then retry.");
    await expect.poll(() => summary.textContent()).toBe("Sigrid S.");
    expect((await listed()).signature).toBe("Sigrid S.\nBy herself");
    expect(problems).toEqual([]);
  });

  it("lists agents past the API's first page", async () => {
    const name = unique("Paige Two");
    await admin("POST", "/admin/agents", {
      name,
      email: `${slug(name).replace(/-/g, "")}@desk.test`,
      password: "a long first password",
      role: "agent",
      teams: [],
    });
    // The API answers one agent a page here (it pages at 100): the screen must follow the cursor.
    await page.route(/\/api\/admin\/agents(\?.*)?$/, async (route) => {
      if (route.request().method() !== "GET") return route.continue();
      const url = new URL(route.request().url());
      const page1 = !url.searchParams.get("cursor");
      url.search = "";
      const all = (await (await route.fetch({ url: url.toString() })).json()).items as unknown[];
      await route.fulfill({
        json: page1 ? { items: all.slice(0, 1), cursor: "second" } : { items: all.slice(1), cursor: null },
      });
    });
    try {
      await open("agents", "Agents");
      await page.getByRole("row", { name: new RegExp(name) }).waitFor();
    } finally {
      await page.unrouteAll();
    }
  });
});

describe("on a phone", () => {
  it("the admin screens fit the width: wide tables scroll in their own region", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const phone = await context.newPage();
    try {
      await signIn(phone, baseUrl, ADMIN.email, ADMIN.password);
      for (const screen of ["agents", "teams", "sla", "tokens", "dead-letters"]) {
        await phone.goto(`${baseUrl}/app/admin/${screen}`);
        await phone.getByRole("heading", { level: 1 }).waitFor();
        await phone.waitForLoadState("networkidle");
        if (process.env.ADMIN_SHOTS) await phone.screenshot({ path: `/tmp/adminfix-${screen}-390.png` });
        // The admin area's own content (the top bar is the app shell's); a table's region may scroll.
        const wide = await phone.evaluate(() =>
          [...document.querySelectorAll(".admin-area, .admin-area *")]
            .filter((e) => !e.closest(".table-scroll") || e.classList.contains("table-scroll"))
            .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
            .slice(0, 5)
            .map((e) => `${e.tagName}.${e.className} ${e.textContent?.slice(0, 30)}`),
        );
        expect({ screen, wide }).toEqual({ screen, wide: [] });
      }
    } finally {
      await context.close();
    }
  });
});

// review2: after a refused (stale) save the field shows the agent's own signature, so a second click cannot put the
// admin's text over it unseen.
describe("an agent's signature the agent changed meanwhile", () => {
  it("is shown in the admin's field once the save is refused, in full", async () => {
    const name = unique("Stella Stale");
    const email = `${slug(name).replace(/-/g, "")}@desk.test`;
    const password = "a long first password";
    const created = await admin("POST", "/admin/agents", { name, email, password, role: "agent", teams: [] });
    expect(created.status).toBe(201);
    await open("agents", "Agents");
    const row = page.getByRole("row", { name: new RegExp(name) });
    await row.locator("details.agent-signature > summary").click();
    const field = row.getByRole("textbox", { name: `${name}: signature` });
    const agent = await apiSession(baseUrl, email, password);
    expect((await agent("PATCH", "/me", { signature: "Stella S.\nBy herself" })).status).toBe(200);
    await field.fill("Typed by the admin");
    await row.getByRole("button", { name: `Save ${name}'s signature` }).click();
    await expect
      .poll(() => row.getByRole("alert").textContent())
      .toBe("Someone changed this meanwhile. Look again, then retry.");
    await expect.poll(() => field.inputValue()).toBe("Stella S.\nBy herself");
    expect(problems).toEqual([]);
  });
});

// review2: each agent's signature disclosure is named after its agent, not only "None" or a first line shared by
// many rows (a screen reader tabbing through the table heard "None" again and again).
describe("the signature disclosures of Admin → Agents", () => {
  it("name their agent, and keep the words they show", async () => {
    const names = [unique("Una Unsigned"), unique("Otto Unsigned")];
    for (const name of names) {
      const email = `${slug(name).replace(/-/g, "")}@desk.test`;
      const body = { name, email, password: "a long first password", role: "agent", teams: [] };
      expect((await admin("POST", "/admin/agents", body)).status).toBe(201);
    }
    await open("agents", "Agents");
    // What the browser itself says the control is called (Chromium's accessibility tree, as screen readers get it).
    const cdp = await page.context().newCDPSession(page);
    const { root } = await cdp.send("DOM.getDocument", { depth: 0 });
    const called = async (accessibleName: string) =>
      (await cdp.send("Accessibility.queryAXTree", { nodeId: root.nodeId, accessibleName })).nodes.length;
    for (const name of names) {
      const summary = page
        .getByRole("row", { name: new RegExp(name) })
        .locator("details.agent-signature > summary");
      expect(await summary.textContent()).toBe("None");
      expect(await called(`${name}: signature, None`)).toBeGreaterThan(0);
    }
    await cdp.detach();
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});
