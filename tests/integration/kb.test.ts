import { beforeAll, describe, expect, it } from "vitest";
import { KB_TERMS_FORMAT } from "../../core/kb/search-index.ts";
import { putObject, readObject } from "../../core/mail/raw-store.ts";
import { store } from "../../core/store/index.ts";
import { dayIn } from "../support/clock.ts";
import {
  call,
  sentMail,
  signedInAgent,
  startTestDesk,
  submitTicket,
  type TestDesk,
} from "../support/desk.ts";

let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  agent = await signedInAgent(desk.app, { name: "Kim Writer" });
});

const write = async (body: Record<string, unknown>) => {
  const response = await call(desk.app, "POST", "/api/kb/articles", { as: agent.session, body });
  expect(response.status).toBe(201);
  return response.json as { id: string; slug: string; url: string };
};
const publish = (id: string) =>
  call(desk.app, "PATCH", `/api/kb/articles/${id}`, { as: agent.session, body: { status: "published" } });
const search = async (q: string, locale = "en") =>
  (await call(desk.app, "GET", `/api/kb/search?q=${encodeURIComponent(q)}&locale=${locale}`)).json.items as {
    id: string;
    title: string;
    url: string;
    snippet: string;
    group: string;
    score: number;
  }[];
const page = async (path: string) => {
  const response = await desk.app.request(path);
  return { status: response.status, html: await response.text(), headers: response.headers };
};

describe("help center before any article", () => {
  it("says so in the page's language, and a missing article says it is not found (404)", async () => {
    expect((await page("/help")).html).toContain("No articles yet.");
    expect((await page("/fr/help")).html).toContain("Aucun article pour l&#39;instant.");
    const missing = await page("/fr/help/articles/no-such-article");
    expect(missing.status).toBe(404);
    expect(missing.html).toContain("<h1>Article introuvable</h1>");
    expect(missing.html).toContain("n&#39;est plus publié");
    expect((await page("/help/articles/no-such-article")).html).toContain("<h1>Article not found</h1>");
  });
});

let printer: { id: string; slug: string; url: string };
let imprimante: { id: string; slug: string };

describe("articles", () => {
  it("keeps drafts out of search and the help center until published", async () => {
    printer = await write({
      title: "Fix a printer paper jam",
      body: "# Paper jams\n\nOpen tray 2, remove the **jammed** sheets and restart the printers.",
      locale: "en",
      category: "printing",
      keywords: ["jam", "tray"],
    });
    expect(printer.url).toMatch(/\/help\/articles\/fix-a-printer-paper-jam$/);
    expect(await search("paper jam")).toEqual([]);
    expect((await page(`/help/articles/${printer.slug}`)).status).toBe(404);
    expect((await publish(printer.id)).status).toBe(200);
    const hits = await search("jammed printers");
    expect(hits[0]).toMatchObject({ id: printer.id, title: "Fix a printer paper jam" });
    expect(hits[0]!.snippet).toContain("Open tray 2");
  });

  it("searches French with accents, plurals and stems folded, ranked by relevance", async () => {
    imprimante = await write({
      title: "Débloquer une imprimante",
      body: "Si l'imprimante est bloquée, ouvrez le bac et retirez le papier coincé.",
      locale: "fr",
      status: "published",
      translationOf: printer.id,
    });
    await write({
      title: "Réinitialiser son mot de passe",
      body: "Allez sur la page de connexion.",
      locale: "fr",
      status: "published",
    });
    const [first] = await search("imprimantes bloquees", "fr");
    expect(first?.id).toBe(imprimante.id);
    expect((await search("mots de passe", "fr"))[0]?.title).toBe("Réinitialiser son mot de passe");
    expect(await search("imprimante", "en")).toEqual([]);
    // A translation shares its original's group: the composer lists the two as one article.
    const original = (await search("jammed printers"))[0]!;
    expect(original.group).toEqual(expect.any(String));
    expect(first?.group).toBe(original.group);
    const [other] = await search("mots de passe", "fr");
    expect(other?.group).not.toBe(original.group);
  });

  it("finds a French article whether the words are typed with their accents or without", async () => {
    const security = await write({
      title: "Sécurité du compte : activer la double authentification",
      body: "Une activité inhabituelle ? Une coupure d'électricité pendant la mise à jour ? Changez le mot de passe.",
      locale: "fr",
      status: "published",
    });
    for (const q of [
      "sécurité",
      "securite",
      "Securites",
      "activité",
      "activite",
      "électricité",
      "electricite",
    ])
      expect((await search(q, "fr"))[0]?.id, q).toBe(security.id);
    expect((await search("probleme de securite", "fr"))[0]?.id).toBe(security.id);
    expect((await page("/fr/help/search?q=securite")).html).toContain("Sécurité du compte");
  });

  it("rebuilds an index stored with an older desk's terms (stemmed, then folded) before searching it", async () => {
    const { data: pointer } = await store().entities.kbIndex.get({ locale: "fr" }).go();
    const { default: MiniSearch } = await import("minisearch");
    const { stemmer } = await import("@orama/stemmers/french");
    const fold = (w: string) => w.normalize("NFD").replace(/\p{Diacritic}/gu, "");
    const stored = JSON.parse((await readObject(pointer!.key)).toString("utf8"));
    const old = new MiniSearch({
      fields: ["title", "keywords", "text"],
      storeFields: ["title", "slug", "snippet", "group"],
      tokenize: (text) => text.split(/[^\p{L}\p{N}]+/u).filter(Boolean),
      processTerm: (t) => fold(stemmer(t.toLowerCase())),
    });
    old.addAll(
      Object.entries(stored.storedFields as Record<string, Record<string, string>>).map(
        ([short, fields]) => ({
          id: stored.documentIds[short],
          text: "",
          ...fields,
        }),
      ),
    );
    expect(old.search("securite")).toEqual([]);
    await putObject(pointer!.key, Buffer.from(JSON.stringify(old)), "application/json");
    const { terms: _, ...older } = pointer!;
    await store()
      .entities.kbIndex.put({ ...older, version: pointer!.version + 1 })
      .go();
    expect((await search("securite", "fr"))[0]?.title).toBe(
      "Sécurité du compte : activer la double authentification",
    );
    const { data: rebuilt } = await store().entities.kbIndex.get({ locale: "fr" }).go({ consistent: true });
    expect(rebuilt).toMatchObject({ terms: KB_TERMS_FORMAT, version: pointer!.version + 2 });
  });

  it("lists a translation once from an index built before groups were stored (an older desk's)", async () => {
    // The indexes as an older version stored them: no group among each article's stored fields.
    for (const locale of ["en", "fr"] as const) {
      const { data: pointer } = await store().entities.kbIndex.get({ locale }).go();
      const json = JSON.parse((await readObject(pointer!.key)).toString("utf8"));
      for (const fields of Object.values(json.storedFields as Record<string, { group?: string }>))
        delete fields.group;
      await putObject(pointer!.key, Buffer.from(JSON.stringify(json)), "application/json");
      await store()
        .entities.kbIndex.put({ ...pointer!, version: pointer!.version + 1 })
        .go();
    }
    const [english] = await search("jammed printers");
    const [french] = await search("imprimantes bloquees", "fr");
    expect(french?.id).toBe(imprimante.id);
    expect(english?.group).not.toBe(english?.id);
    expect(french?.group).toBe(english?.group);
  });

  it("renders Markdown without scripts or dangerous links, and keeps a history and translations", async () => {
    const { id } = await write({
      title: "Hostile",
      body: '<script>alert(1)</script>\n\n[click](javascript:alert(1)) <img src=x onerror="alert(1)"> **bold**',
      locale: "en",
    });
    const article = (await call(desk.app, "GET", `/api/kb/articles/${id}`, { as: agent.session })).json;
    expect(article.html).toContain("<strong>bold</strong>");
    expect(article.html).not.toMatch(/script|javascript:|onerror/i);
    await call(desk.app, "PATCH", `/api/kb/articles/${id}`, {
      as: agent.session,
      body: { title: "Hostile, edited" },
    });
    const again = (await call(desk.app, "GET", `/api/kb/articles/${id}`, { as: agent.session })).json;
    expect(again.history.map((h: { title: string }) => h.title)).toEqual(["Hostile, edited", "Hostile"]);
    const translated = (await call(desk.app, "GET", `/api/kb/articles/${printer.id}`, { as: agent.session }))
      .json;
    expect(translated.translations).toEqual([expect.objectContaining({ id: imprimante.id, locale: "fr" })]);
  });

  it("validates input and needs an agent to write", async () => {
    const bad = await call(desk.app, "POST", "/api/kb/articles", {
      as: agent.session,
      body: { title: "", locale: "de" },
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json.error.fields)).toEqual(expect.arrayContaining(["title", "locale", "body"]));
    expect(
      (await call(desk.app, "POST", "/api/kb/articles", { body: { title: "x", body: "y", locale: "en" } }))
        .status,
    ).toBe(401);
  });

  it("turns an agent's reply into a draft article", async () => {
    const { id } = await submitTicket(desk.app, { subject: "VPN drops every hour", locale: "en" });
    const reply = await call(desk.app, "POST", `/api/tickets/${id}/replies`, {
      as: agent.session,
      body: { body: "Update the VPN client to 5.2 and reconnect." },
    });
    const draft = await call(desk.app, "POST", "/api/kb/articles/from-entry", {
      as: agent.session,
      body: { ticketId: id, entryId: reply.json.entry.id },
    });
    expect(draft.status).toBe(201);
    const article = (await call(desk.app, "GET", `/api/kb/articles/${draft.json.id}`, { as: agent.session }))
      .json;
    expect(article).toMatchObject({
      title: "VPN drops every hour",
      status: "draft",
      body: "Update the VPN client to 5.2 and reconnect.",
    });
  });
});

describe("help center", () => {
  it("serves light pages in both languages: home by category, article, search, and counts feedback", async () => {
    const home = await page("/help");
    expect(home.html).toContain(`href="/help/articles/${printer.slug}"`);
    expect(home.headers.get("content-security-policy")).toContain("script-src 'self'");
    const article = await page(`/help/articles/${printer.slug}`);
    expect(article.html).toContain("<h1>Fix a printer paper jam</h1>");
    expect(article.html).toContain(`href="/fr/help/articles/${imprimante.slug}"`);
    expect(article.html).toContain("Did this solve your problem?");
    const fr = await page(`/fr/help/articles/${imprimante.slug}`);
    expect(fr.html).toContain('lang="fr"');
    expect(fr.html).toContain("Cet article a-t-il résolu votre problème ?");
    const results = await page("/fr/help/search?q=imprimante");
    expect(results.html).toContain("Débloquer une imprimante");

    const vote = await desk.app.request(`/help/articles/${printer.slug}/feedback`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "helpful=yes",
    });
    expect(vote.status).toBe(303);
    expect(vote.headers.get("location")).toContain("thanks=1");
    const api = await call(desk.app, "POST", `/api/kb/articles/${printer.id}/feedback`, {
      body: { helpful: false },
    });
    expect(api.status).toBe(204);
    const counted = (await call(desk.app, "GET", `/api/kb/articles/${printer.id}`, { as: agent.session }))
      .json;
    expect(counted.feedback).toEqual({ helpful: 1, notHelpful: 1 });
  });
});

describe("deflection", () => {
  it("lists matching articles in the acknowledgement, and a customer can close the request from one", async () => {
    const { id } = await submitTicket(desk.app, {
      email: "jammed@example.com",
      subject: "Printer jammed again",
      message: "Paper stuck in tray 2",
      locale: "en",
    });
    await desk.drain();
    const ack = (await sentMail(desk.endpoints.mail)).find((m) =>
      m.destination.to.some((to) => to.includes("jammed@example.com")),
    )!;
    expect(ack.body.text).toContain("These articles may already answer your question");
    const link = /(http\S+\/help\/articles\/\S+#ticket=\S+&token=\S+)/.exec(ack.body.text)![1]!;
    const token = decodeURIComponent(/token=([^&\s]+)/.exec(link)![1]!);
    const closed = await call(desk.app, "POST", `/api/portal/tickets/${id}/close`, {
      headers: { authorization: `Bearer ${token}` },
      body: { articleId: printer.id },
    });
    expect(closed.json).toEqual({ status: "solved" });
    const ticket = (await call(desk.app, "GET", `/api/tickets/${id}`, { as: agent.session })).json;
    expect(ticket.timeline.at(-1).body).toContain('the article "Fix a printer paper jam" solved it');
    const wrong = await call(desk.app, "POST", `/api/portal/tickets/${id}/close`, {
      headers: { authorization: "Bearer nope" },
      body: {},
    });
    expect(wrong.status).toBe(401);

    expect(
      (await call(desk.app, "POST", "/api/kb/deflections", { body: { articleId: printer.id } })).status,
    ).toBe(204);
    const counted = (await call(desk.app, "GET", `/api/kb/articles/${printer.id}`, { as: agent.session }))
      .json;
    expect(counted.deflections).toBe(2);

    // The deflection report: per day for the whole knowledge base (with the tickets it did not prevent), then
    // per article for the range — counters of the day, not a read of the articles' totals.
    const admin = await signedInAgent(desk.app, { role: "admin" });
    // Whatever the desk's time zone and however close to its midnight: the UTC days either side of now hold today.
    const from = dayIn("UTC", new Date(Date.now() - 86_400_000));
    const to = dayIn("UTC", new Date(Date.now() + 86_400_000));
    const rows = (
      await call(desk.app, "GET", `/api/reports/deflection?from=${from}&to=${to}`, { as: admin.session })
    ).json.rows as Record<string, unknown>[];
    const days = rows.filter((r) => /^\d{4}-\d{2}-\d{2}$/.test(String(r.date)));
    expect(days.reduce((n, r) => n + Number(r.deflections), 0)).toBe(2);
    expect(days.reduce((n, r) => n + Number(r.ticketsCreated), 0)).toBeGreaterThanOrEqual(1);
    for (const day of days.filter((r) => Number(r.deflections)))
      expect(day.deflectionRate).toBe(
        +(Number(day.deflections) / (Number(day.deflections) + Number(day.ticketsCreated))).toFixed(3),
      );
    expect(rows.find((r) => r.date === "all" && r.key === printer.id)).toMatchObject({
      title: "Fix a printer paper jam",
      deflections: 2,
    });
    const lastYear = dayIn("UTC", new Date(Date.now() - 365 * 86_400_000));
    const before = (
      await call(desk.app, "GET", `/api/reports/deflection?from=${lastYear}&to=${lastYear}`, {
        as: admin.session,
      })
    ).json.rows as Record<string, unknown>[];
    expect(before.filter((r) => Number(r.deflections) > 0)).toEqual([]);
  });
});
