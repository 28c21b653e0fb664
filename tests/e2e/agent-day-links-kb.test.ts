import { describe, expect, inject, it } from "vitest";
import { type AdminInBrowser, accessibilityViolations, adminInBrowser, unique } from "./browser.ts";

/**
 * Two gaps a side-by-side run with an established help desk found in the agent's day: a help-center article could
 * not be linked from the composer (agents copied addresses from another tab), and a URL a customer wrote was
 * plain text. Here an agent searches the published articles from the composer, inserts one at the cursor in the
 * ticket's language, sends the reply, and follows the customer's link — on a laptop and on a phone (390 px).
 */
const baseUrl = inject("baseUrl");
let s: AdminInBrowser;
adminInBrowser(baseUrl, (session) => {
  s = session;
});

const PHONE = { width: 390, height: 844 };
const RLO = "\u202e";

/**
 * Articles through the API, as a writer publishes them: an English one and its French translation (one article in
 * two languages), a draft, and an English article without translation.
 */
async function publishArticles(word: string) {
  const en = await s.admin("POST", "/kb/articles", {
    title: `Reset your ${word} password`,
    body: `Open **Settings**, then choose *Reset password*. The ${word} app mails you a link.`,
    locale: "en",
    keywords: [word],
    status: "published",
  });
  expect(en.status).toBe(201);
  const fr = await s.admin("POST", "/kb/articles", {
    title: `Réinitialiser votre mot de passe ${word}`,
    body: `Ouvrez **Réglages**, puis choisissez *Réinitialiser le mot de passe*. L'application ${word} vous envoie un lien.`,
    locale: "fr",
    keywords: [word],
    status: "published",
    translationOf: en.json.id,
  });
  expect(fr.status).toBe(201);
  const draft = await s.admin("POST", "/kb/articles", {
    title: `Draft about ${word} refunds`,
    body: `Not ready: ${word} refunds.`,
    locale: "fr",
    keywords: [word],
    status: "draft",
  });
  expect(draft.status).toBe(201);
  // Written in English only: a French ticket's search lists it too, marked as English.
  const only = await s.admin("POST", "/kb/articles", {
    title: `Export your ${word} data`,
    body: `Open **Settings**, then choose *Export*. The ${word} app mails you a file.`,
    locale: "en",
    keywords: [word],
    status: "published",
  });
  expect(only.status).toBe(201);
  return { en: en.json as { id: string; url: string }, fr: fr.json as { id: string; url: string } };
}

async function fileFrenchTicket(message: string) {
  const response = await fetch(`${baseUrl}/api/tickets`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      name: "Camille Client",
      email: `${unique("camille").replace(/\W+/g, ".")}@client.example`,
      subject: unique("Mot de passe oublié"),
      message,
      locale: "fr",
    }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string };
}

describe("the agent's day: help-center links from the composer, clickable links in messages", () => {
  it("inserts a published article at the cursor in the ticket's language, sends it, and links the customer's URL", async () => {
    const word = `zorblax${Date.now().toString(36)}`;
    const articles = await publishArticles(word);
    const shop = "https://shop.example/commande/42?suivi=1";
    const ticket = await fileFrenchTicket(
      `Bonjour, ma commande ${shop}. ne s'ouvre pas (voir https://shop.example/aide).\n` +
        `Autres : javascript:alert(1) data:text/html,<b>x</b> ${RLO}https://evil.example${RLO}gpj.exe ` +
        "https://zero.example\u200bwidth ou écrivez à mailto:camille@client.example.",
    );
    const { page, problems } = s;
    await page.goto(`${baseUrl}/app/tickets/${ticket.id}`);

    // The customer's URLs are links showing their own target, opened apart from the desk's tab.
    const message = page.locator("li.entry.customer_message").first();
    const link = message.getByRole("link", { name: shop, exact: true });
    await link.waitFor();
    expect(await link.getAttribute("href")).toBe(shop);
    expect(await link.getAttribute("target")).toBe("_blank");
    expect(await link.getAttribute("rel")).toBe("noopener noreferrer nofollow");
    const hrefs = await message
      .locator(".body a")
      .evaluateAll((links) => links.map((a) => [a.getAttribute("href"), a.textContent]));
    expect(hrefs).toEqual([
      [shop, shop],
      ["https://shop.example/aide", "https://shop.example/aide"],
      // The desk drops direction overrides from what customers write (the text read "exe.gpj" backwards).
      ["https://evil.examplegpj.exe", "https://evil.examplegpj.exe"],
      // A zero-width space ends the address: what is after it is not part of where the link goes.
      ["https://zero.example", "https://zero.example"],
      ["mailto:camille@client.example", "mailto:camille@client.example"],
    ]);
    // Nothing the customer wrote became markup: the hostile schemes are text in the message.
    expect(await message.locator(".body").textContent()).toContain(
      "javascript:alert(1) data:text/html,<b>x</b>",
    );
    expect(await message.locator(".body b, .body script").count()).toBe(0);

    // The agent writes, puts the caret on the empty line, and inserts the article with the keyboard only.
    const field = page.getByLabel("Reply", { exact: true });
    await field.fill("Bonjour Camille,\n\n\nCordialement");
    await field.evaluate((area: HTMLTextAreaElement) => area.setSelectionRange(18, 18));
    const open = page.getByRole("button", { name: "Insert article" });
    await open.focus();
    await page.keyboard.press("Enter");
    const panel = page.getByRole("region", { name: "Help-center articles" });
    const search = panel.getByLabel("Search published articles");
    await expect.poll(() => search.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type(word);
    await panel.getByRole("status").getByText("2 articles found.").waitFor();
    // Published only, one row per article: the translated one in the ticket's language (not its English original
    // too), then the English-only one; no draft.
    const titles = await panel.locator(".kb-hit").allTextContents();
    expect(titles).toEqual([`Réinitialiser votre mot de passe ${word}`, `Export your ${word} data`]);
    expect(await panel.getByText("English").count()).toBe(1);
    // A screen reader on a result hears its language too, not only its title and snippet.
    const descriptions = await panel.locator(".kb-hit").evaluateAll((hits) =>
      hits.map((hit) =>
        (hit.getAttribute("aria-describedby") ?? "")
          .split(/\s+/)
          .map((id) => document.getElementById(id)?.textContent ?? "")
          .join(" "),
      ),
    );
    expect(descriptions[0]).not.toContain("English");
    expect(descriptions[1]).toMatch(/^English Open Settings/);
    expect(await accessibilityViolations(page)).toEqual([]);
    // Down once: the article, in French.
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    const line = `Réinitialiser votre mot de passe ${word}\u00a0: ${articles.fr.url}`;
    await expect.poll(() => field.inputValue()).toBe(`Bonjour Camille,\n\n${line}\nCordialement`);
    await page
      .getByText(`Inserted the link to “Réinitialiser votre mot de passe ${word}” (French).`)
      .waitFor();
    expect(await panel.count()).toBe(0);
    // Back in the reply, the caret just after the link: the agent types on.
    expect(
      await field.evaluate((area: HTMLTextAreaElement) => [
        document.activeElement === area,
        area.selectionStart,
      ]),
    ).toEqual([true, 18 + line.length]);
    expect(articles.fr.url).toMatch(new RegExp(`^${baseUrl}/fr/help/articles/`));
    expect((await fetch(articles.fr.url)).status).toBe(200);

    await page.getByRole("button", { name: "Send reply" }).click();
    const reply = page.locator("li.entry.agent_reply").last();
    const articleLink = reply.getByRole("link", { name: articles.fr.url, exact: true });
    await articleLink.waitFor();
    expect(await articleLink.getAttribute("target")).toBe("_blank");
    // An agent's link is not a deflection: the customer asked and was answered by a person.
    expect((await s.admin("GET", `/kb/articles/${articles.en.id}`)).json.deflections).toBe(0);
    expect((await s.admin("GET", `/kb/articles/${articles.fr.id}`)).json.deflections).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it("works on a phone (390 px), in French, without scrolling sideways", async () => {
    const word = `quixot${Date.now().toString(36)}`;
    await publishArticles(word);
    const ticket = await fileFrenchTicket(
      "Le lien https://shop.example/une/tres/longue/adresse/qui/ne/tient/pas/sur/un/telephone?avec=des&parametres=1 ne marche pas.",
    );
    const context = await s.browser.newContext({
      viewport: PHONE,
      locale: "fr-FR",
      storageState: await s.page.context().storageState(),
    });
    const phone = await context.newPage();
    const errors: string[] = [];
    phone.on("pageerror", (error) => errors.push(error.message));
    await phone.goto(`${baseUrl}/app/tickets/${ticket.id}`);
    await phone.locator("li.entry.customer_message .body a").first().waitFor();
    await phone.getByRole("button", { name: "Insérer un article" }).click();
    const panel = phone.getByRole("region", { name: "Articles du centre d’aide" });
    await panel.getByLabel("Chercher dans les articles publiés").fill(word);
    await panel.getByRole("status").getByText("2 articles trouvés.").waitFor();
    await panel.getByText("anglais", { exact: true }).waitFor();
    if (process.env.KB_SHOTS) {
      await phone.screenshot({ path: "/tmp/h-app-kb-390.png", fullPage: true });
      await phone.locator("form.composer").screenshot({ path: "/tmp/h-app-kb-composer-390.png" });
      await phone
        .locator("li.entry.customer_message")
        .first()
        .screenshot({ path: "/tmp/h-app-kb-message-390.png" });
    }
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    expect(await accessibilityViolations(phone)).toEqual([]);
    await panel.locator(".kb-hit").first().click();
    await phone
      .getByText(`Lien vers « Réinitialiser votre mot de passe ${word} » inséré (français).`)
      .waitFor();
    expect(await phone.getByLabel("Répondre", { exact: true }).inputValue()).toContain(
      `${word}\u00a0: ${baseUrl}/fr/help/articles/`,
    );
    // Escape closes the search and gives the reply the focus back.
    await phone.getByRole("button", { name: "Insérer un article" }).click();
    await expect.poll(() => phone.evaluate(() => document.activeElement?.id)).toBe("kb-insert-query");
    await phone.keyboard.press("Escape");
    expect(await panel.count()).toBe(0);
    expect(await phone.evaluate(() => document.activeElement?.id)).toBe("composer-text");
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await context.close();
    expect(errors).toEqual([]);
  });

  it("keeps what the agent types while an article loads (no line once they left), letters on a result refine the search", async () => {
    const word = `vexil${Date.now().toString(36)}`;
    const articles = await publishArticles(word);
    const ticket = await fileFrenchTicket("Bonjour, je ne peux plus me connecter.");
    const { page, problems } = s;
    await page.goto(`${baseUrl}/app/tickets/${ticket.id}`);
    const field = page.getByLabel("Reply", { exact: true });
    await field.fill("Bonjour Camille,\n\n");
    await page.getByRole("button", { name: "Insert article" }).click();
    const panel = page.getByRole("region", { name: "Help-center articles" });
    const search = panel.getByLabel("Search published articles");
    await search.fill(word);
    await panel.getByRole("status").getByText("2 articles found.").waitFor();

    // On a result, a letter goes to the search, never to the page's one-key shortcuts (s solves, u leaves).
    await search.focus();
    await page.keyboard.press("ArrowDown");
    expect(
      await panel
        .locator(".kb-hit")
        .first()
        .evaluate((el) => el === document.activeElement),
    ).toBe(true);
    await page.keyboard.type("su");
    expect(page.url()).toBe(`${baseUrl}/app/tickets/${ticket.id}`);
    expect(await search.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await search.inputValue()).toBe(`${word}su`);
    expect(await page.locator(".undo-toast").count()).toBe(0);
    // A customer's whole question pasted in: the search takes what it can (the API's 200 characters), no error.
    await search.fill("x");
    await expect.poll(() => panel.locator(".kb-hit").count()).toBe(0);
    await search.fill(`${word} ${"impossible de me connecter, ".repeat(12)}`);
    await panel.getByRole("status").getByText("2 articles found.").waitFor();

    // The article is slow to come: the agent goes back to the reply and types on meanwhile; nothing is lost.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route(`**/api/kb/articles/${articles.fr.id}`, async (route) => {
      await held;
      await route.continue();
    });
    // Space on a result chooses it, as on any button (it is no letter for the search).
    await panel.locator(".kb-hit").first().focus();
    await page.keyboard.press(" ");
    await field.click();
    await page.keyboard.press("Control+End");
    await page.keyboard.type("Voici l'article :");
    release();
    await page.getByText(/Inserted the link to/).waitFor();
    await page.unroute(`**/api/kb/articles/${articles.fr.id}`);
    expect(await field.inputValue()).toBe(
      `Bonjour Camille,\n\nVoici l'article : Réinitialiser votre mot de passe ${word}\u00a0: ${articles.fr.url}`,
    );

    // Held again, and the agent opens another ticket meanwhile: the line goes into neither reply.
    const other = await fileFrenchTicket("Une autre question.");
    let release2 = () => {};
    const held2 = new Promise<void>((resolve) => {
      release2 = resolve;
    });
    await page.route(`**/api/kb/articles/${articles.fr.id}`, async (route) => {
      await held2;
      await route.continue();
    });
    const before = await field.inputValue();
    await page.getByRole("button", { name: "Insert article" }).click();
    await search.fill(word);
    await panel.getByRole("status").getByText("2 articles found.").waitFor();
    const loading = page.waitForRequest(`**/api/kb/articles/${articles.fr.id}`);
    await panel.locator(".kb-hit").first().click();
    await loading;
    // A link inside the app, as the related tickets list has: the app changes page without a reload.
    await page.evaluate((href) => {
      const a = document.createElement("a");
      a.href = href;
      document.body.append(a);
      a.click();
    }, `/app/tickets/${other.id}`);
    await page.getByText("Une autre question.").waitFor();
    await field.fill("Bonjour,");
    release2();
    const response = await page.waitForResponse(`**/api/kb/articles/${articles.fr.id}`);
    await response.finished();
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50))));
    expect(await field.inputValue()).toBe("Bonjour,");
    await page.unroute(`**/api/kb/articles/${articles.fr.id}`);
    await page.goto(`${baseUrl}/app/tickets/${ticket.id}`);
    // A page load on a busy machine (two cores, the desk beside the browser) can take longer than the poll's 1 s.
    await expect.poll(() => field.inputValue(), { timeout: 10_000 }).toBe(before);
    expect(problems).toEqual([]);
  });
});
