import type { Browser, Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import {
  accessibilityViolations,
  adminInBrowser,
  type apiSession,
  signIn,
  slug,
  unique,
  watchedPage,
} from "./browser.ts";
import { ADMIN } from "./desk.ts";

const baseUrl = inject("baseUrl");
let browser: Browser;
let page: Page;
let problems: string[];
let admin: Awaited<ReturnType<typeof apiSession>>;

adminInBrowser(baseUrl, (session) => ({ browser, page, problems, admin } = session));

/** 26 Crockford base-32 characters: a ULID (agent, ticket, token id) where a person reads. */
const ULID = /\b[0-9A-HJKMNP-TV-Z]{26}\b/;
/** What a person sees on the page (hidden text too: closed pickers, options): no raw ids, no accessibility violation. */
async function expectReadable() {
  const visible = await page.evaluate(() => document.body.textContent ?? "");
  expect(visible).not.toMatch(ULID);
  expect(await accessibilityViolations(page)).toEqual([]);
}
const open = async (screen: string, heading: string | RegExp) => {
  await page.goto(`${baseUrl}/app/admin/${screen}`);
  await page.getByRole("heading", { level: 1, name: heading }).waitFor();
};
const saved = () => page.getByRole("status").filter({ hasText: "Saved." }).waitFor();

const SCREENS: [string, string][] = [
  ["agents", "Agents"],
  ["teams", "Teams"],
  ["categories", "Categories and rules"],
  ["sla", "SLA and business hours"],
  ["triage", "Triage and VIPs"],
  ["satisfaction", "Satisfaction"],
  ["housekeeping", "Housekeeping"],
  ["vendors", "Vendors (L4)"],
  ["canned", "Canned replies"],
  ["tokens", "API tokens"],
  ["reports", "Report access"],
  ["dead-letters", "Dead letters"],
  ["unfiled", "Unfiled mail"],
];

describe("admin area", () => {
  it("opens from the top bar's Admin link on a home that leads to every admin screen", async () => {
    await page.goto(`${baseUrl}/app`);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
    await page.waitForURL(/\/app\/admin$/);
    await page.getByRole("heading", { level: 1, name: "Administration" }).waitFor();
    const home = page.getByRole("main").getByRole("list");
    for (const [screen, title] of SCREENS)
      expect(await home.getByRole("link", { name: title, exact: true }).getAttribute("href")).toBe(
        `/app/admin/${screen}`,
      );
    await expectReadable();
    if (process.env.ADMIN_SHOTS) await page.screenshot({ path: "/tmp/admin16-home.png", fullPage: true });
    await home.getByRole("link", { name: "Triage and VIPs" }).click();
    await page.waitForURL(/\/app\/admin\/triage$/);
    await page.getByRole("heading", { level: 1, name: "Triage and VIPs" }).waitFor();
  });

  it("renders every admin screen without raw ids or accessibility violations", async () => {
    for (const [screen, title] of SCREENS) {
      await open(screen, title);
      await page.getByRole("navigation", { name: "Administration" }).waitFor();
      await expectReadable();
      if (process.env.ADMIN_SHOTS)
        await page.screenshot({ path: `/tmp/admin16-${screen}.png`, fullPage: true });
    }
    expect(problems).toEqual([]);
  });

  it("speaks French to a French admin", async () => {
    const french = await watchedPage(browser);
    await signIn(french.page, baseUrl, ADMIN.email, ADMIN.password);
    await french.page.evaluate(() => localStorage.setItem("desk.lang", "fr"));
    await french.page.goto(`${baseUrl}/app/admin`);
    await french.page.getByRole("heading", { level: 1, name: "Administration" }).waitFor();
    await french.page.getByRole("link", { name: "Tri et VIP" }).first().click();
    await french.page.getByRole("heading", { level: 1, name: "Tri et VIP" }).waitFor();
    await french.page.getByRole("combobox", { name: /^Équipe des tickets/ }).waitFor();
    expect(await accessibilityViolations(french.page)).toEqual([]);
    await french.context.close();
  });
});

describe("agents and teams", () => {
  it("puts an agent in a team ticked by name; a server error shows once and clears on the next success", async () => {
    const team = unique("Night shift");
    const name = unique("Paula Picker");
    expect((await admin("POST", "/admin/teams", { id: slug(team), name: team })).status).toBe(201);
    const created = await admin("POST", "/admin/agents", {
      name,
      email: `${slug(name).replace(/-/g, "")}@desk.test`,
      password: "a long first password",
      role: "agent",
      teams: [],
    });
    expect(created.status).toBe(201);

    await open("agents", "Agents");
    const row = page.getByRole("row", { name: new RegExp(name) });
    await row.locator(".team-picker summary").click();
    await row.getByRole("checkbox", { name: team }).check();
    await saved();
    await expect
      .poll(
        async () =>
          (await admin("GET", "/admin/agents")).json.items.find((a: { name: string }) => a.name === name)
            .teams,
      )
      .toEqual([slug(team)]);
    await row.locator(".team-picker summary").getByText(team).waitFor();
    await expectReadable();

    // The API refuses a capacity over 500: one error, named by its label; the next good save clears it.
    await row.getByRole("spinbutton", { name: `${name}: capacity` }).fill("900");
    await row.getByRole("spinbutton", { name: `${name}: capacity` }).press("Tab");
    await page
      .getByRole("alert")
      .filter({ hasText: /^Capacity: / })
      .waitFor();
    expect(await page.getByRole("alert").count()).toBe(1);
    await row.getByRole("spinbutton", { name: `${name}: capacity` }).fill("7");
    await row.getByRole("spinbutton", { name: `${name}: capacity` }).press("Tab");
    await saved();
    expect(await page.getByRole("alert").count()).toBe(0);

    await page.reload();
    const again = page.getByRole("row", { name: new RegExp(name) });
    await again.locator(".team-picker summary").getByText(team).waitFor();
    expect(await again.getByRole("spinbutton", { name: `${name}: capacity` }).inputValue()).toBe("7");
  });

  it("lists a team's members by name and warns about a team with no active member", async () => {
    const staffed = unique("Staffed crew");
    const member = unique("Mona Member");
    await admin("POST", "/admin/teams", { id: slug(staffed), name: staffed });
    await admin("POST", "/admin/agents", {
      name: member,
      email: `${slug(member).replace(/-/g, "")}@desk.test`,
      password: "a long first password",
      role: "agent",
      teams: [slug(staffed)],
    });
    const empty = unique("Empty crew");

    await open("teams", "Teams");
    const create = page.getByRole("form", { name: "New team" });
    await create.getByRole("textbox", { name: "Team name" }).fill(empty);
    await create.getByRole("textbox", { name: "Name in French (optional)" }).fill(`${empty} FR`);
    await create.getByRole("button", { name: "Create team" }).click();
    await page.getByRole("status").filter({ hasText: "Team created." }).waitFor();
    await page.reload();
    await page
      .getByRole("note")
      .filter({ hasText: new RegExp(`No active member in .*${empty}`) })
      .waitFor();
    expect(
      await page
        .getByRole("row", { name: new RegExp(empty) })
        .getByText("⚠ nobody")
        .count(),
    ).toBe(1);
    expect(
      await page
        .getByRole("row", { name: new RegExp(staffed) })
        .getByRole("cell", { name: member })
        .count(),
    ).toBe(1);
    expect((await admin("GET", "/teams")).json.items).toContainEqual(
      expect.objectContaining({ name: empty, nameFr: `${empty} FR` }),
    );

    // Renaming: the English name changes, the French one stays when left empty.
    const rename = page.getByRole("form", { name: "Rename a team" });
    await rename.getByRole("combobox", { name: "Team" }).selectOption(slug(empty));
    await rename.getByRole("textbox", { name: "Team name" }).fill(`${empty} renamed`);
    await rename.getByRole("button", { name: "Save the names" }).click();
    await page.getByRole("status").filter({ hasText: "Names saved." }).waitFor();
    await page.getByRole("row", { name: new RegExp(`${empty} renamed`) }).waitFor();
    expect((await admin("GET", "/teams")).json.items).toContainEqual(
      expect.objectContaining({ id: slug(empty), name: `${empty} renamed`, nameFr: `${empty} FR` }),
    );
    await expectReadable();
  });
});

describe("settings screens save and show what they saved", () => {
  it("categories: keyword rules and a new category", async () => {
    const name = unique("Badges");
    await open("categories", "Categories and rules");
    await page.getByRole("textbox", { name: "Category name" }).fill(name);
    await page.getByRole("button", { name: "Create category" }).click();
    await page.getByRole("status").filter({ hasText: "Category created." }).waitFor();
    const form = page.getByRole("form", { name });
    await form.getByRole("textbox", { name: /^Keywords/ }).fill("badge, badge perdu");
    await form.getByRole("textbox", { name: /^Name in French/ }).fill(`${name} (badges)`);
    await form.getByRole("combobox", { name: "Default team" }).selectOption({ label: "Service desk" });
    await form.getByRole("button", { name: `Save ${name}` }).click();
    await form
      .getByRole("status")
      .filter({ hasText: `${name} saved.` })
      .waitFor();
    await page.reload();
    const reloaded = page.getByRole("form", { name });
    expect(await reloaded.getByRole("textbox", { name: /^Keywords/ }).inputValue()).toBe(
      "badge, badge perdu",
    );
    const category = (await admin("GET", "/categories")).json.items.find(
      (c: { name: string }) => c.name === name,
    );
    expect(category).toMatchObject({
      id: slug(name),
      keywords: ["badge", "badge perdu"],
      defaultTeam: "service-desk",
      nameFr: `${name} (badges)`,
    });
    await expectReadable();
  });

  it("SLA: a priority's target", async () => {
    const before = (await admin("GET", "/admin/sla-policies")).json.low;
    try {
      await open("sla", "SLA and business hours");
      const low = page.getByRole("form", { name: "Low priority SLA" });
      await low.getByRole("spinbutton", { name: "First response (min)" }).fill("1234");
      await low.getByRole("button", { name: "Save Low" }).click();
      await low.getByRole("status").filter({ hasText: "Low saved" }).waitFor();
      await page.reload();
      const reloaded = page.getByRole("form", { name: "Low priority SLA" });
      expect(await reloaded.getByRole("spinbutton", { name: "First response (min)" }).inputValue()).toBe(
        "1234",
      );
    } finally {
      await admin("PUT", "/admin/sla-policies/low", before);
    }
  });

  it("triage: VIP requesters and the fallback team, by name", async () => {
    const before = (await admin("GET", "/admin/triage")).json;
    const team = unique("Fallback crew");
    await admin("POST", "/admin/teams", { id: slug(team), name: team });
    try {
      await open("triage", "Triage and VIPs");
      await page.getByRole("textbox", { name: /^VIP requesters/ }).fill("boss@example.com\n@vip.example.com");
      await page.getByRole("combobox", { name: /^Team for tickets/ }).selectOption({ label: team });
      await page.getByRole("button", { name: "Save" }).click();
      await saved();
      await page.reload();
      expect(await page.getByRole("textbox", { name: /^VIP requesters/ }).inputValue()).toBe(
        "boss@example.com\n@vip.example.com",
      );
      const picked = page.getByRole("combobox", { name: /^Team for tickets/ });
      expect(await picked.locator("option:checked").textContent()).toBe(team);
      expect((await admin("GET", "/admin/triage")).json).toMatchObject({
        vips: ["boss@example.com", "@vip.example.com"],
        fallbackTeam: slug(team),
      });
      await expectReadable();
    } finally {
      await admin("PUT", "/admin/triage", before);
    }
  });

  it("satisfaction: the survey delay, with the server's error shown once and cleared by the next save", async () => {
    const before = (await admin("GET", "/admin/housekeeping")).json;
    try {
      await open("satisfaction", "Satisfaction");
      const form = page.getByRole("form", { name: "Satisfaction" });
      // Past the browser's own check, so the server's answer is what the admin sees.
      await form.evaluate((element: HTMLFormElement) => {
        element.noValidate = true;
      });
      const delay = form.getByRole("spinbutton", { name: /^Ask this many minutes/ });
      await delay.fill("99999");
      await form.getByRole("button", { name: "Save" }).click();
      await form
        .getByRole("alert")
        .filter({ hasText: /^Ask this many minutes.*: / })
        .waitFor();
      expect(await page.getByRole("alert").count()).toBe(1);
      await delay.fill("45");
      await form.getByRole("button", { name: "Save" }).click();
      await saved();
      expect(await page.getByRole("alert").count()).toBe(0);
      await page.reload();
      expect(await page.getByRole("spinbutton", { name: /^Ask this many minutes/ }).inputValue()).toBe("45");
      // The shared settings document kept the housekeeping screen's values.
      expect((await admin("GET", "/admin/housekeeping")).json).toEqual({ ...before, csatDelayMinutes: 45 });
      await expectReadable();
    } finally {
      await admin("PUT", "/admin/housekeeping", before);
    }
  });

  it("housekeeping: when solved tickets close", async () => {
    const before = (await admin("GET", "/admin/housekeeping")).json;
    try {
      await open("housekeeping", "Housekeeping");
      await page.getByRole("spinbutton", { name: /^Close a solved ticket/ }).fill("9");
      await page.getByRole("button", { name: "Save" }).click();
      await saved();
      await page.reload();
      expect(await page.getByRole("spinbutton", { name: /^Close a solved ticket/ }).inputValue()).toBe("9");
      expect((await admin("GET", "/admin/housekeeping")).json).toEqual({ ...before, solvedCloseDays: 9 });
    } finally {
      await admin("PUT", "/admin/housekeeping", before);
    }
  });

  it("vendors, canned replies, tokens and report access", async () => {
    const vendor = unique("Acme Printers");
    await open("vendors", "Vendors (L4)");
    await page.getByRole("textbox", { name: "Vendor name" }).fill(vendor);
    await page.getByRole("textbox", { name: "Support address" }).fill("support@acme.example");
    await page.getByRole("spinbutton", { name: /^Contract/ }).fill("240");
    await page.getByRole("button", { name: "Add vendor" }).click();
    await page.getByRole("status").filter({ hasText: "Vendor added." }).waitFor();
    await page.reload();
    await page.getByText(`${vendor} <support@acme.example> — answers within 240 business minutes`).waitFor();

    const title = unique("Printer restarted");
    await open("canned", "Canned replies");
    await page.getByRole("textbox", { name: "Title" }).fill(title);
    await page.getByRole("textbox", { name: "Text" }).fill("Hello {{requester.firstName}}, it works again.");
    await page.getByRole("button", { name: "Add canned reply" }).click();
    await page.getByRole("status").filter({ hasText: "Canned reply added." }).waitFor();
    await page.reload();
    // Asked first: "Cancel" keeps it, "Yes, delete" deletes it.
    await page.getByRole("button", { name: `Delete ${title}` }).click();
    await page.getByText(`Delete ${title}?`).waitFor();
    await page.getByRole("button", { name: "Cancel" }).click();
    await page.getByRole("button", { name: `Delete ${title}` }).click();
    await page.getByRole("button", { name: "Yes, delete" }).click();
    await page.getByRole("button", { name: `Delete ${title}` }).waitFor({ state: "detached" });
    expect(
      (await admin("GET", "/canned-replies")).json.items.some((c: { title: string }) => c.title === title),
    ).toBe(false);

    const me = (await admin("GET", "/me")).json;
    const token = unique("Monitoring");
    await open("tokens", "API tokens");
    await page.getByRole("textbox", { name: "Token name" }).fill(token);
    await page.getByRole("combobox", { name: "Acts as" }).selectOption({ label: me.name });
    await page.getByRole("combobox", { name: "Scope" }).selectOption("read");
    await page.getByRole("button", { name: "Issue token" }).click();
    await page.getByRole("status").filter({ hasText: "Token (shown once): " }).waitFor();
    await page.reload();
    await page.getByText(`${token} — acts as ${me.name}, read (GET only), no expiry`).waitFor();
    await expectReadable();
    await page.getByRole("button", { name: `Revoke ${token}` }).click();
    await page.getByRole("button", { name: "Yes, revoke" }).click();
    await page.getByRole("button", { name: `Revoke ${token}` }).waitFor({ state: "detached" });

    const access = (await admin("GET", "/admin/reports")).json;
    try {
      await open("reports", "Report access");
      await page.getByRole("combobox", { name: "Who sees reports" }).selectOption("all");
      await page.getByRole("button", { name: "Save" }).click();
      await saved();
      await page.reload();
      expect(await page.getByRole("combobox", { name: "Who sees reports" }).inputValue()).toBe("all");
    } finally {
      await admin("PUT", "/admin/reports", access);
    }
    expect(problems).toEqual([]);
  });
});

describe("knowledge base", () => {
  it("picks an article's category from the desk's categories, by title", async () => {
    const category = unique("Printing");
    await admin("POST", "/admin/categories", { id: slug(category), name: category });
    const title = unique("Clear a paper jam");
    await page.goto(`${baseUrl}/app/kb/new`);
    await page.getByRole("textbox", { name: "Title" }).fill(title);
    await page.getByRole("combobox", { name: "Category" }).selectOption({ label: category });
    await page.getByRole("textbox", { name: /Markdown/ }).fill("Open tray 2 and pull gently.");
    await page.getByRole("button", { name: /Save/ }).click();
    await page.getByRole("heading", { level: 1, name: title }).waitFor();
    await page.reload();
    const picked = page.getByRole("combobox", { name: "Category" });
    await expect
      .poll(() => picked.locator("option:checked").textContent(), { timeout: 10_000 })
      .toBe(category);
    const id = new URL(page.url()).pathname.split("/").pop()!;
    expect((await admin("GET", `/kb/articles/${id}`)).json.category).toBe(slug(category));
    await expectReadable();

    await page.goto(`${baseUrl}/app/kb?locale=en&status=draft`);
    await page
      .getByRole("row", { name: new RegExp(title) })
      .getByRole("cell", { name: category })
      .waitFor();
  });
});
