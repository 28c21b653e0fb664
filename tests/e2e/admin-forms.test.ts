import type { Browser, Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { adminInBrowser, type apiSession, slug, unique } from "./browser.ts";

/** The admin forms keep what the admin typed: after a refusal, and while another form on the screen saves. */
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
/** Lets a value the browser would refuse reach the server, whose answer is under test. */
const noBrowserCheck = (form: ReturnType<Page["getByRole"]>) =>
  form.evaluate((element: HTMLFormElement) => {
    element.noValidate = true;
  });

describe("admin forms keep what the admin typed", () => {
  it("SLA: a refused value stays in its field, named by its label; saving one priority keeps the others' edits", async () => {
    const before = (await admin("GET", "/admin/sla-policies")).json;
    const hours = (await admin("GET", "/admin/business-hours")).json;
    try {
      await open("sla", "SLA and business hours");
      const high = page.getByRole("form", { name: "High priority SLA" });
      const low = page.getByRole("form", { name: "Low priority SLA" });
      const hoursForm = page.getByRole("form", { name: "Business hours" });
      await high.getByRole("spinbutton", { name: "Resolution (min)" }).fill("4321");
      await hoursForm.getByRole("textbox", { name: /^Holidays/ }).fill("2031-12-25");
      await noBrowserCheck(low);
      await low.getByRole("spinbutton", { name: "Warn at %" }).fill("150");
      await low.getByRole("button", { name: "Save Low" }).click();
      await low
        .getByRole("alert")
        .filter({ hasText: /^Warn at %: / })
        .waitFor();
      expect(await low.getByRole("spinbutton", { name: "Warn at %" }).inputValue()).toBe("150");

      await low.getByRole("spinbutton", { name: "Warn at %" }).fill("60");
      await low.getByRole("spinbutton", { name: "First response (min)" }).fill("1111");
      await low.getByRole("button", { name: "Save Low" }).click();
      await low.getByRole("status").filter({ hasText: "Low saved" }).waitFor();
      expect(await page.getByRole("alert").count()).toBe(0);
      expect(await low.getByRole("spinbutton", { name: "First response (min)" }).inputValue()).toBe("1111");
      // The other forms were not saved and still show the admin's edits.
      expect(await high.getByRole("spinbutton", { name: "Resolution (min)" }).inputValue()).toBe("4321");
      expect(await hoursForm.getByRole("textbox", { name: /^Holidays/ }).inputValue()).toBe("2031-12-25");
      expect((await admin("GET", "/admin/sla-policies")).json.high).toEqual(before.high);
      expect((await admin("GET", "/admin/sla-policies")).json.low).toMatchObject({
        firstResponseMinutes: 1111,
        warnAtPercent: 60,
      });
      expect(problems).toEqual([]);
    } finally {
      await admin("PUT", "/admin/sla-policies/low", before.low);
      await admin("PUT", "/admin/business-hours", hours);
    }
  });

  it("categories: a refused keyword stays; saving one keeps another's edits; the default team can be cleared", async () => {
    const a = unique("Scanners");
    const b = unique("Plotters");
    for (const name of [a, b])
      expect(
        (await admin("POST", "/admin/categories", { id: slug(name), name, defaultTeam: "service-desk" }))
          .status,
      ).toBe(201);
    await open("categories", "Categories and rules");
    const formA = page.getByRole("form", { name: a });
    const formB = page.getByRole("form", { name: b });
    await formB.getByRole("textbox", { name: /^Keywords/ }).fill("plotter, traceur");
    // A one-letter keyword is refused by the server ("keywords.0"): the label names it, the text stays.
    await formA.getByRole("textbox", { name: /^Keywords/ }).fill("x");
    await formA.getByRole("button", { name: `Save ${a}` }).click();
    await formA
      .getByRole("alert")
      .filter({ hasText: /^Keywords \(comma-separated, English and French\): / })
      .waitFor();
    expect(await formA.getByRole("textbox", { name: /^Keywords/ }).inputValue()).toBe("x");

    await formA.getByRole("textbox", { name: /^Keywords/ }).fill("scanner");
    await formA.getByRole("combobox", { name: "Default team" }).selectOption({ label: "None" });
    await formA.getByRole("button", { name: `Save ${a}` }).click();
    await formA
      .getByRole("status")
      .filter({ hasText: `${a} saved.` })
      .waitFor();
    expect(await formB.getByRole("textbox", { name: /^Keywords/ }).inputValue()).toBe("plotter, traceur");
    const saved = (await admin("GET", "/categories")).json.items;
    expect(saved.find((c: { name: string }) => c.name === a)).toMatchObject({
      keywords: ["scanner"],
      defaultTeam: null,
    });
    expect(saved.find((c: { name: string }) => c.name === b)).toMatchObject({
      keywords: [],
      defaultTeam: "service-desk",
    });
    await page.reload();
    expect(
      await page
        .getByRole("form", { name: a })
        .getByRole("combobox", { name: "Default team" })
        .locator("option:checked")
        .textContent(),
    ).toBe("None");
  });

  it("categories: ids from names that are reserved, not Latin, or nearly taken", async () => {
    await open("categories", "Categories and rules");
    const create = async (name: string) => {
      await page.getByRole("textbox", { name: "Category name" }).fill(name);
      await page.getByRole("button", { name: "Create category" }).click();
      await page.getByRole("form", { name }).waitFor();
      const items = (await admin("GET", "/categories")).json.items as { id: string; name: string }[];
      return items.find((c) => c.name === name)!.id;
    };
    expect(await create("Général")).toMatch(/^general-\d+$/);
    expect(await create(unique("Ремонт").replace(/[a-z0-9 ]/g, ""))).toMatch(/^x-[a-z0-9]+$/);
    const first = unique("Badge Reader");
    const firstId = await create(first);
    expect(await create(first.replace(" ", "-"))).toBe(`${firstId}-2`);
    expect(await page.getByRole("alert").count()).toBe(0);
  });

  it("triage: training the classifier keeps unsaved settings", async () => {
    const before = (await admin("GET", "/admin/triage")).json;
    await open("triage", "Triage and VIPs");
    const vips = page.getByRole("textbox", { name: /^VIP requesters/ });
    await vips.fill("ceo@example.com");
    await page.getByRole("button", { name: "Train now" }).click();
    await page.getByRole("status").filter({ hasText: "Trained." }).waitFor();
    expect(await vips.inputValue()).toBe("ceo@example.com");
    expect((await admin("GET", "/admin/triage")).json).toEqual(before);
  });

  it("triage: a fallback team the list does not show stays chosen when other settings are saved", async () => {
    const before = (await admin("GET", "/admin/triage")).json;
    const team = unique("Hidden crew");
    await admin("POST", "/admin/teams", { id: slug(team), name: team });
    expect((await admin("PUT", "/admin/triage", { ...before, fallbackTeam: slug(team) })).status).toBe(200);
    // The team list answers without it (as for a team the list no longer has).
    await page.route("**/api/teams", async (route) => {
      const all = (await (await route.fetch()).json()).items as { id: string }[];
      await route.fulfill({ json: { items: all.filter((t) => t.id !== slug(team)) } });
    });
    try {
      await open("triage", "Triage and VIPs");
      const fallback = page.getByRole("combobox", { name: /^Team for tickets/ });
      expect(await fallback.locator("option:checked").textContent()).toBe(
        "The current team (no longer listed)",
      );
      await page.getByRole("textbox", { name: /^VIP requesters/ }).fill("chief@example.com");
      await page.getByRole("button", { name: "Save" }).click();
      await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
      expect((await admin("GET", "/admin/triage")).json).toMatchObject({
        vips: ["chief@example.com"],
        fallbackTeam: slug(team),
      });
    } finally {
      await page.unroute("**/api/teams");
      await admin("PUT", "/admin/triage", before);
    }
  });

  it("a form sends one request however fast it is submitted twice", async () => {
    const title = unique("Twice");
    await open("canned", "Canned replies");
    await page.getByRole("textbox", { name: "Title" }).fill(title);
    await page.getByRole("textbox", { name: "Text" }).fill("Once only.");
    const posts: string[] = [];
    page.on("request", (request) => {
      if (request.method() === "POST" && request.url().endsWith("/api/admin/canned-replies"))
        posts.push(request.url());
    });
    await page.getByRole("textbox", { name: "Title" }).press("Enter");
    await page.getByRole("textbox", { name: "Title" }).press("Enter");
    await page.getByRole("status").filter({ hasText: "Canned reply added." }).waitFor();
    const items = (await admin("GET", "/canned-replies")).json.items as { title: string }[];
    expect(items.filter((c) => c.title === title)).toHaveLength(1);
    expect(posts).toHaveLength(1);
  });
});

describe("agents and teams", () => {
  it("two teams ticked quickly are both kept; an emptied capacity is not saved", async () => {
    const teams = [unique("Early"), unique("Late")];
    for (const team of teams) await admin("POST", "/admin/teams", { id: slug(team), name: team });
    const name = unique("Quinn Quick");
    await admin("POST", "/admin/agents", {
      name,
      email: `${slug(name).replace(/-/g, "")}@desk.test`,
      password: "a long first password",
      role: "agent",
      teams: [],
      capacity: 6,
    });
    await open("agents", "Agents");
    const row = page.getByRole("row", { name: new RegExp(name) });
    await row.locator(".team-picker summary").click();
    // The first change's request is held until the second tick was tried: sent in the other order, the first
    // (one team) would overwrite the second (both teams).
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let first = true;
    await page.route("**/api/admin/agents/*", async (route) => {
      if (route.request().method() === "PATCH" && first) {
        first = false;
        await held;
      }
      await route.continue();
    });
    await row.getByRole("checkbox", { name: teams[0] }).check();
    const second = row.getByRole("checkbox", { name: teams[1] }).check();
    await page.waitForTimeout(300);
    release();
    await second;
    // Every request has landed: the server's state is final.
    await page.waitForLoadState("networkidle");
    await page.unroute("**/api/admin/agents/*");
    const saved = async () =>
      (await admin("GET", "/admin/agents")).json.items.find((a: { name: string }) => a.name === name);
    // The second change waits for the first (one request at a time per agent): poll until it has landed.
    await expect
      .poll(async () => (await saved()).teams.sort(), { timeout: 10_000 })
      .toEqual(teams.map(slug).sort());
    await row.locator(".team-picker summary").getByText(`${teams[0]}, ${teams[1]}`).waitFor();

    const capacity = row.getByRole("spinbutton", { name: `${name}: capacity` });
    const before = (await saved()).capacity;
    await capacity.fill("");
    await capacity.press("Tab");
    await page.waitForLoadState("networkidle");
    expect(await capacity.inputValue()).toBe(String(before));
    expect((await saved()).capacity).toBe(before);
  });

  it("a team's tier can be cleared", async () => {
    const team = unique("Tiered");
    await admin("POST", "/admin/teams", { id: slug(team), name: team, tier: "L2" });
    await open("teams", "Teams");
    await page.getByRole("combobox", { name: `${team}: tier` }).selectOption({ label: "No tier" });
    await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    const saved = (await admin("GET", "/teams")).json.items.find((t: { name: string }) => t.name === team);
    expect(saved.tier).toBeNull();
  });
});
