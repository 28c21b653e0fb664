import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { accessibilityViolations, apiSession, launch, signIn, unique, watchedPage } from "./browser.ts";
import { ADMIN } from "./desk.ts";

const baseUrl = inject("baseUrl");
let browser: Browser;
let context: BrowserContext;
let page: Page;
let problems: string[];
let admin: Awaited<ReturnType<typeof apiSession>>;

beforeAll(async () => {
  browser = await launch();
  ({ page, problems, context } = await watchedPage(browser));
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseUrl });
  admin = await apiSession(baseUrl, ADMIN.email, ADMIN.password);
  await signIn(page, baseUrl, ADMIN.email, ADMIN.password);
});
afterAll(async () => {
  await browser?.close();
});

/** A ticket an agent logged for a customer (no web-form rate limit), with its first message. */
let callers = 0;
async function logTicket(subject: string, message: string, email = `caller${++callers}@example.com`) {
  const created = await admin("POST", "/agent/tickets", { name: "Casey Caller", email, subject, message });
  expect(created.status).toBe(201);
  return created.json.ticket as { id: string; number: number; subject: string };
}
const open = async (ticket: { id: string; subject: string }) => {
  await page.goto(`${baseUrl}/app/tickets/${ticket.id}`);
  await page.getByRole("heading", { name: new RegExp(ticket.subject) }).waitFor();
};
const panel = () => page.getByRole("complementary");

describe("ticket actions", () => {
  it("merges a duplicate into another ticket after a confirmation; the kept ticket shows its messages", async () => {
    const keep = await logTicket(unique("VPN down"), "The VPN drops every minute");
    const duplicate = await logTicket(unique("VPN again"), "Cannot stay on the VPN");
    await open(duplicate);
    await page.getByRole("button", { name: "Merge into…" }).click();
    await page.getByLabel("Number of the ticket to keep").fill(`#${keep.number}`);
    await page.getByRole("button", { name: "Next" }).click();
    const question = page.getByRole("alertdialog");
    await question.getByText(`Merge #${duplicate.number} into #${keep.number}`).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await question.getByRole("button", { name: "Merge" }).click();

    await panel().getByText(`Merged into #${keep.number}`).waitFor();
    await page.getByRole("combobox", { name: "Status" }).waitFor();
    expect(await page.getByRole("combobox", { name: "Status" }).inputValue()).toBe("closed");
    await page
      .getByRole("link", { name: `#${keep.number}` })
      .first()
      .click();
    await page.getByRole("heading", { name: new RegExp(keep.subject) }).waitFor();
    await panel().getByText(`Merged from #${duplicate.number}`).waitFor();
    await page.getByText("Cannot stay on the VPN").waitFor();
    await page
      .getByRole("link", { name: `From #${duplicate.number}` })
      .first()
      .waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it("splits a customer message into a new ticket, and links and unlinks tickets both ways", async () => {
    const mixed = await logTicket(unique("Two problems"), "My printer jams and my badge fails");
    const other = await logTicket(unique("Badge reader"), "The reader at door 3 is dead");
    await open(mixed);
    await page.getByRole("button", { name: "Split into a new ticket" }).click();
    const notice = page.getByText(/^Split into ticket #\d+$/);
    await notice.waitFor();
    const splitNumber = Number((await notice.textContent())!.replace(/\D/g, ""));
    // The split ticket is linked both ways (it is also among the requester's other tickets).
    await panel()
      .getByRole("region", { name: "Related tickets" })
      .getByRole("link", { name: new RegExp(`^#${splitNumber} `) })
      .waitFor();
    await page.getByText(`Split into #${splitNumber}`).waitFor();

    const links = panel().getByRole("region", { name: "Related tickets" });
    await links.getByRole("textbox").fill(String(other.number));
    await links.getByRole("button", { name: "Link", exact: true }).click();
    await links.getByRole("link", { name: `#${other.number} ${other.subject}` }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    await open(other);
    const back = panel().getByRole("region", { name: "Related tickets" });
    await back.getByRole("link", { name: `#${mixed.number} ${mixed.subject}` }).waitFor();
    await back.getByRole("button", { name: `Remove the link to #${mixed.number}` }).click();
    await back.getByText("None yet.").waitFor();
    await open(mixed);
    expect(await links.getByRole("link", { name: new RegExp(`#${other.number}`) }).count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it("edits tags, hands off to a vendor picked by name, and copies the customer link", async () => {
    const vendor = `acme-${Date.now().toString(36)}`;
    const made = await admin("POST", "/admin/vendors", {
      id: vendor,
      name: "Acme Hardware",
      email: "support@acme.example",
    });
    expect(made.status).toBe(201);
    const ticket = await logTicket(unique("Server fan loud"), "The fan in rack 2 screams");
    await open(ticket);

    const tags = panel().getByRole("region", { name: "Tags" });
    await tags.getByPlaceholder("New tag").fill("hardware");
    await tags.getByRole("button", { name: "Add tag" }).click();
    await tags.getByRole("button", { name: "Remove tag hardware" }).waitFor();
    await tags.getByPlaceholder("New tag").fill("noise");
    await tags.getByRole("button", { name: "Add tag" }).click();
    await tags.getByRole("button", { name: "Remove tag noise" }).waitFor();
    await tags.getByRole("button", { name: "Remove tag hardware" }).click();
    await expect.poll(() => tags.getByRole("button", { name: "Remove tag hardware" }).count()).toBe(0);
    expect((await admin("GET", `/tickets/${ticket.id}`)).json.tags).toEqual(["noise"]);

    const handoff = panel().getByRole("region", { name: "Vendor hand-off" });
    await handoff.getByRole("combobox", { name: "Vendor" }).selectOption({ label: "Acme Hardware" });
    await handoff.getByLabel("What the vendor should do").fill("Replace the fan under warranty");
    await handoff.getByRole("button", { name: "Hand off" }).click();
    await handoff.getByText("With Acme Hardware").waitFor();
    const after = (await admin("GET", `/tickets/${ticket.id}`)).json;
    expect(after).toMatchObject({ tier: "L4", vendor: { id: vendor } });
    // The timeline names the vendor, never its id (the page reloads it after the hand-off).
    await page.reload();
    await page
      .getByRole("list", { name: "Timeline" })
      .getByText(/→ Acme Hardware/)
      .waitFor();
    expect(await page.getByRole("list", { name: "Timeline" }).textContent()).not.toContain(vendor);

    await panel().getByRole("button", { name: "Copy the customer link" }).click();
    await panel()
      .getByText(/^Copied: the customer can follow/)
      .waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toMatch(new RegExp(`^${baseUrl}/ticket\\.html\\?id=${ticket.id}#token=\\S+$`));
    const token = copied.split("#token=")[1]!;
    const portal = await fetch(`${baseUrl}/api/portal/tickets/${ticket.id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(portal.status).toBe(200);
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
