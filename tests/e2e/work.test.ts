import type { Browser, Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { accessibilityViolations, adminInBrowser, type apiSession, submitForm, unique } from "./browser.ts";

/** Issue 16, never lose work: drafts, undo of `s`, `u` back to the same queue, files from the app and the form. */
const baseUrl = inject("baseUrl");
let browser: Browser;
let page: Page;
let problems: string[];
let admin: Awaited<ReturnType<typeof apiSession>>;

adminInBrowser(baseUrl, (session) => ({ browser, page, problems, admin } = session));

const composer = () => page.locator("#composer-text");
const statusOf = async (id: string) => (await admin("GET", `/tickets/${id}`)).json.status as string;
/** A web-form ticket, opened in the app (the form is filled in a second page: the agent stays signed in). */
async function openNewTicket(what: string, email = "worker@example.com") {
  const subject = unique(what);
  const customer = await browser.newPage();
  const created = await submitForm(customer, baseUrl, {
    email,
    subject,
    message: "Help",
  });
  await customer.close();
  await page.goto(`${baseUrl}/app/tickets/${created.id}`);
  await page.getByRole("heading", { name: new RegExp(subject) }).waitFor();
  return { ...created, subject };
}
const file = (name: string, text: string, mimeType = "text/plain") => ({
  name,
  mimeType,
  buffer: Buffer.from(text),
});
/** Drops files on an element as a browser does: a DataTransfer with Files, dragover then drop. */
async function dropFiles(selector: string, files: { name: string; text: string }[]) {
  await page.evaluate(
    ({ selector, files }) => {
      const target = document.querySelector(selector)!;
      const data = new DataTransfer();
      for (const f of files) data.items.add(new File([f.text], f.name, { type: "text/plain" }));
      target.dispatchEvent(
        new DragEvent("dragover", { bubbles: true, cancelable: true, dataTransfer: data }),
      );
      target.dispatchEvent(new DragEvent("drop", { bubbles: true, cancelable: true, dataTransfer: data }));
    },
    { selector, files },
  );
}

describe("never losing work", () => {
  it("keeps a draft and its mode through a reload, `u` and Back, and clears it once sent", async () => {
    const ticket = await openNewTicket("Draft keeper");
    await composer().fill("Half-written answer");
    await page.reload();
    await composer().waitFor();
    await expect.poll(() => composer().inputValue(), { timeout: 5_000 }).toBe("Half-written answer");
    await page.getByText("Draft restored.").waitFor();

    await page.getByRole("tab", { name: "Internal note" }).click();
    await composer().fill("A note in progress");
    await composer().press("Escape");
    await page.keyboard.press("u");
    await page.waitForURL(/\/app(\/queue\/\w+)?(\?|$)/);
    await page.goBack();
    await page.getByRole("heading", { name: new RegExp(ticket.subject) }).waitFor();
    await composer().waitFor();
    await expect.poll(() => composer().inputValue(), { timeout: 5_000 }).toBe("A note in progress");
    expect(await page.getByRole("tab", { name: "Internal note" }).getAttribute("aria-selected")).toBe("true");
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByRole("button", { name: "Add note" }).click();
    await page.locator(".timeline").getByText("A note in progress").waitFor();
    await expect.poll(() => composer().inputValue()).toBe("");
    await page.reload();
    await page.getByRole("heading", { name: new RegExp(ticket.subject) }).waitFor();
    expect(await composer().inputValue()).toBe("");
    const kept = await page.evaluate(() =>
      Object.keys(localStorage).filter((k) => k.startsWith("desk.draft.")),
    );
    expect(kept.filter((k) => k.endsWith(ticket.id))).toEqual([]);
    expect(problems).toEqual([]);
  });

  it("waits with Undo before solving by keyboard: undone leaves the ticket unsolved, else it is solved", async () => {
    const ticket = await openNewTicket("Undo solve");
    await page.keyboard.press("s");
    const toast = page.locator(".undo-toast");
    await toast.getByText(`Ticket #${ticket.number} will be marked solved.`).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await toast.getByRole("button", { name: /Undo/ }).click();
    await page.getByText("Not solved: nothing was changed.").waitFor();
    await page.waitForTimeout(6_000);
    expect(await statusOf(ticket.id)).not.toBe("solved");
    expect(await page.getByRole("combobox", { name: "Status" }).inputValue()).not.toBe("solved");

    // `z` undoes as well, and without Undo the solve goes through once the toast is gone, even after leaving.
    await page.keyboard.press("s");
    await toast.getByRole("button", { name: /Undo/ }).waitFor();
    await page.keyboard.press("z");
    await page.waitForTimeout(5_500);
    expect(await statusOf(ticket.id)).not.toBe("solved");
    await page.keyboard.press("s");
    await toast.getByRole("button", { name: /Undo/ }).waitFor();
    await page.keyboard.press("u");
    await expect.poll(() => statusOf(ticket.id), { timeout: 10_000 }).toBe("solved");
  });

  it("goes back with `u` to the queue with the view and filters the agent had", async () => {
    const ticket = await openNewTicket("Filtered queue");
    const queue = "/app/queue/all?status=new&channel=web&sort=sla";
    await page.goto(`${baseUrl}${queue}`);
    await page.getByRole("link", { name: new RegExp(ticket.subject) }).click();
    await page.getByRole("heading", { name: new RegExp(ticket.subject) }).waitFor();
    await page.keyboard.press("u");
    await page.waitForURL((url) => url.pathname + url.search === queue);
    expect(await page.getByRole("combobox", { name: "Status" }).inputValue()).toBe("new");
    await page.getByRole("link", { name: new RegExp(ticket.subject) }).click();
    await page.getByRole("link", { name: "Back to the queue" }).click();
    await page.waitForURL((url) => url.pathname + url.search === queue);
  });
});

describe("files", () => {
  it("attaches files to a reply from the file button and by dropping them, with limits", async () => {
    const ticket = await openNewTicket("Reply with files");
    await page.locator("#composer-files").setInputFiles([file("steps.txt", "1. Restart\n2. Retry")]);
    const chosen = page.getByRole("list", { name: "Files to send" });
    await chosen.getByText("steps.txt").waitFor();
    await dropFiles("form.composer", [{ name: "dropped.log", text: "dropped bytes" }]);
    await chosen.getByText("dropped.log").waitFor();
    await dropFiles(
      "form.composer",
      Array.from({ length: 9 }, (_, i) => ({ name: `${i}.txt`, text: "x" })),
    );
    await page.getByRole("alert").getByText("At most 10 files per message.").waitFor();
    expect(await chosen.locator("li").count()).toBe(2);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Remove steps.txt" }).click();
    await page.locator("#composer-files").setInputFiles([file("steps.txt", "1. Restart\n2. Retry")]);
    await composer().fill("Two files attached");
    await page.getByRole("button", { name: "Send reply" }).click();
    const timeline = page.locator(".timeline");
    await timeline.getByRole("link", { name: "dropped.log" }).waitFor();
    await timeline.getByRole("link", { name: "steps.txt" }).waitFor();
    expect(await chosen.count()).toBe(0);
    const reply = (await admin("GET", `/tickets/${ticket.id}`)).json.timeline.find(
      (e: { body: string }) => e.body === "Two files attached",
    );
    expect(reply.attachments.map((a: { name: string }) => a.name)).toEqual(["dropped.log", "steps.txt"]);
  });

  it("takes a screenshot on the web form, refuses a program in the customer's language, and shows it in the app", async () => {
    const customer = await browser.newPage();
    await customer.goto(`${baseUrl}/?lang=fr`);
    await customer.getByLabel("Joindre des fichiers (facultatif)").setInputFiles([file("setup.exe", "MZ")]);
    await customer.getByText(/^setup\.exe\u00a0: ce type de fichier n'est pas accepté/).waitFor();
    await customer.goto(`${baseUrl}/?lang=en`);
    const subject = unique("Screenshot attached");
    await customer.getByLabel("Your name").fill("Sam Screenshot");
    await customer.getByLabel("Email").fill("screens@example.com");
    await customer.getByLabel("Subject").fill(subject);
    await customer.getByLabel("How can we help?").fill("The error is in the picture");
    await customer
      .getByLabel("Attach files (optional)")
      .setInputFiles([file("error.png", "\x89PNG fake", "image/png"), file("app.log", "stack trace")]);
    expect(await accessibilityViolations(customer)).toEqual([]);
    const created = customer.waitForResponse((r) => r.url().endsWith("/api/tickets"));
    await customer.getByRole("button", { name: "Send" }).click();
    const { id } = await (await created).json();
    await customer.close();
    await page.goto(`${baseUrl}/app/tickets/${id}`);
    await page.getByRole("heading", { name: new RegExp(subject) }).waitFor();
    await page.locator(".timeline").getByRole("link", { name: "error.png" }).waitFor();
    await page.locator(".timeline").getByRole("link", { name: "app.log" }).waitFor();
  });

  it("ignores files dropped beside the drop zone on the new-ticket page, instead of leaving it", async () => {
    await page.goto(`${baseUrl}/app/new`);
    await page.getByRole("heading", { name: "New ticket" }).waitFor();
    const ignored = await page.evaluate(() => {
      const data = new DataTransfer();
      data.items.add(new File(["x"], "stray.txt", { type: "text/plain" }));
      const drop = new DragEvent("drop", { bubbles: true, cancelable: true, dataTransfer: data });
      document.querySelector("header.top")!.dispatchEvent(drop);
      return drop.defaultPrevented;
    });
    expect(ignored).toBe(true);
  });

  it("logs a walk-in ticket from the top bar, with a file and without the choices left to triage", async () => {
    await page.goto(`${baseUrl}/app`);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "New ticket" }).click();
    await page.getByRole("heading", { name: "New ticket" }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    const subject = unique("Walk-in laptop");
    await page.getByLabel("Customer's name").fill("Wanda Walkin");
    await page.getByLabel("Customer's email").fill("wanda@example.com");
    await page.getByLabel("How it came in").selectOption("walk_in");
    await page.getByLabel("Subject").fill(subject);
    await page.getByLabel("What they asked").fill("Cracked screen, brought the laptop");
    await page.locator("#new-ticket-files").setInputFiles([file("photo.jpg", "jpeg bytes", "image/jpeg")]);
    const created = page.waitForResponse((r) => r.url().endsWith("/api/agent/tickets"));
    await page.getByRole("button", { name: "Create ticket" }).click();
    const response = await created;
    expect(response.status()).toBe(201);
    const sent = JSON.parse(response.request().postData()!);
    expect(Object.keys(sent).sort()).toEqual(
      ["attachments", "channel", "email", "locale", "message", "name", "subject"].sort(),
    );
    await page.getByRole("heading", { name: new RegExp(subject) }).waitFor();
    await page.locator(".timeline").getByRole("link", { name: "photo.jpg" }).waitFor();
    expect((await response.json()).ticket.channel).toBe("walk_in");
    expect(problems).toEqual([]);
  });
});

describe("a delayed solve keeps to the version the agent saw", () => {
  const toast = () => page.locator(".undo-toast:not(.undo-failed)");
  const refused = (number: number) =>
    page
      .getByRole("alert")
      .getByText(`Ticket #${number} was not solved: it changed while the solve was waiting.`);

  it("refuses the solve when the customer wrote during the wait, even once the page has the new message", async () => {
    const ticket = await openNewTicket("Reply during undo", "stale-reply@example.com");
    await page.keyboard.press("s");
    await toast().getByRole("button", { name: /Undo/ }).waitFor();
    const reply = await fetch(`${baseUrl}/api/portal/tickets/${ticket.id}/messages`, {
      method: "POST",
      headers: { authorization: `Bearer ${ticket.portalToken}`, "content-type": "application/json" },
      body: JSON.stringify({ message: "Wait, it broke again" }),
    });
    expect(reply.status).toBe(201);
    // The page's own write reloads the ticket as a poll would: its version now includes the customer's message.
    await page.getByRole("combobox", { name: "Priority" }).selectOption("high");
    await page.locator(".timeline").getByText("Wait, it broke again").waitFor();
    await refused(ticket.number).waitFor({ timeout: 10_000 });
    await page.getByText("This ticket changed while you were working on it.").waitFor();
    expect(await statusOf(ticket.id)).not.toBe("solved");
    expect(problems).toEqual([]);
  });

  it("says so on the next page when a solve sent after leaving is refused", async () => {
    const ticket = await openNewTicket("Refused after leaving", "stale-leave@example.com");
    await page.keyboard.press("s");
    await toast().getByRole("button", { name: /Undo/ }).waitFor();
    // Another agent sets it pending (retried on 412: triage and the acknowledgement may still be writing).
    let moved = 0;
    for (let attempt = 0; attempt < 5 && moved !== 200; attempt++) {
      const { etag } = await admin("GET", `/tickets/${ticket.id}`);
      moved = (await admin("PATCH", `/tickets/${ticket.id}`, { status: "pending" }, { "if-match": etag! }))
        .status;
    }
    expect(moved).toBe(200);
    await page.keyboard.press("u");
    await page.waitForURL(/\/app(\/queue\/\w+)?(\?|$)/);
    await refused(ticket.number).waitFor({ timeout: 10_000 });
    expect(await statusOf(ticket.id)).toBe("pending");
    await page.getByRole("button", { name: "Dismiss" }).click();
    await expect.poll(() => refused(ticket.number).count()).toBe(0);
  });

  it("drops the waiting solve when the agent picks a status meanwhile, and z then says nothing was undone", async () => {
    const ticket = await openNewTicket("Undo race", "stale-status@example.com");
    await page.keyboard.press("s");
    await toast().getByRole("button", { name: /Undo/ }).waitFor();
    await page.getByRole("combobox", { name: "Status" }).selectOption("pending");
    await expect.poll(() => toast().count()).toBe(0);
    await page.keyboard.press("z");
    await page.waitForTimeout(5_500);
    expect(await page.getByText("Not solved: nothing was changed.").count()).toBe(0);
    expect(await statusOf(ticket.id)).toBe("pending");
  });
});
