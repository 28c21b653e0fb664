import { Hono } from "hono";
import { listCategories } from "../../core/agent/directory.ts";
import { listArticles, recordFeedback, toArticle } from "../../core/kb/articles.ts";
import { searchArticles } from "../../core/kb/search-index.ts";
import { store } from "../../core/store/index.ts";
import { clientIp } from "../api/env.ts";
import { readForm } from "../api/validate.ts";
import { HELP_CSS, HELP_JS } from "./assets.ts";
import { base, esc, layout, words } from "./pages.ts";

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/**
 * The public help center: `/help` and `/fr/help`, plain HTML pages (no framework), cacheable by CloudFront for a
 * minute. Article pages ask "Did this solve your problem?" with a plain form; a customer who arrives from their
 * acknowledgement can close their request from the article (a small script reads the link's token).
 */
export function helpCenter() {
  const app = new Hono();
  app.use("*", async (c, next) => {
    await next();
    c.header("Content-Security-Policy", CSP);
    c.header("X-Content-Type-Options", "nosniff");
    if (!c.res.headers.has("Cache-Control")) c.header("Cache-Control", "public, max-age=60");
  });
  app.get("/help/assets/help.css", (c) =>
    c.body(HELP_CSS, 200, { "content-type": "text/css; charset=utf-8" }),
  );
  app.get("/help/assets/help.js", (c) =>
    c.body(HELP_JS, 200, { "content-type": "text/javascript; charset=utf-8" }),
  );

  for (const locale of ["en", "fr"] as const) {
    const root = base(locale);
    const w = words[locale];

    app.get(root, async (c) => {
      const [articles, categories] = await Promise.all([listArticles(locale, "published"), listCategories()]);
      // An article's category is a category's id: its heading is the category's name in the page's language
      // (free text from before categories were picked from a list shows as written).
      const titles = new Map(
        categories.map((x) => [x.id, locale === "fr" ? (x.nameFr ?? x.name) : x.name] as const),
      );
      const byCategory = new Map<string, typeof articles>();
      for (const a of articles)
        byCategory.set(a.category ?? "", [...(byCategory.get(a.category ?? "") ?? []), a]);
      const sections = [...byCategory.entries()]
        .map(
          ([category, list]) =>
            `<section><h2>${esc(titles.get(category) ?? (category || w.general))}</h2><ul>${list
              .map((a) => `<li><a href="${root}/articles/${esc(a.slug)}">${esc(a.title)}</a></li>`)
              .join("")}</ul></section>`,
        )
        .join("");
      const content = sections || `<p>${esc(w.empty)}</p>`;
      return c.html(layout(locale, w.title, `<h1>${esc(w.title)}</h1>${content}`));
    });

    app.get(`${root}/search`, async (c) => {
      const q = (c.req.query("q") ?? "").trim().slice(0, 200);
      const hits = q ? await searchArticles(q, locale, 20) : [];
      const list = hits.length
        ? `<ol class="results">${hits
            .map(
              (h) =>
                `<li><a href="${esc(new URL(h.url).pathname)}">${esc(h.title)}</a><p>${esc(h.snippet)}</p></li>`,
            )
            .join("")}</ol>`
        : `<p>${esc(w.none)}</p>`;
      return c.html(layout(locale, w.results(q), `<h1>${esc(w.results(q))}</h1>${list}`));
    });

    app.get(`${root}/articles/:slug`, async (c) => {
      const { data } = await store()
        .entities.article.query.bySlug({ locale, slug: c.req.param("slug") })
        .go({ limit: 1 });
      const found = data[0];
      if (found?.status !== "published")
        return c.html(
          layout(locale, w.missing, `<h1>${esc(w.missing)}</h1><p>${esc(w.missingText)}</p>`),
          404,
        );
      const article = toArticle(found as Parameters<typeof toArticle>[0]);
      const { data: group } = await store().entities.article.query.byGroup({ groupId: article.groupId }).go();
      const translation = group.find((a) => a.locale !== locale && a.status === "published");
      const thanks = c.req.query("thanks") === "1";
      const feedback = thanks
        ? `<p role="status">${esc(w.thanks)}</p>`
        : `<form method="post" action="${root}/articles/${esc(article.slug)}/feedback" class="feedback">
<fieldset><legend>${esc(w.helpful)}</legend>
<button name="helpful" value="yes">${esc(w.yes)}</button> <button name="helpful" value="no">${esc(w.no)}</button>
</fieldset></form>`;
      const close = `<div id="close-request" hidden data-article="${esc(article.id)}" data-closed="${esc(w.closed)}">
<button type="button">${esc(w.solved)}</button></div>`;
      return c.html(
        layout(
          locale,
          article.title,
          `<article><h1>${esc(article.title)}</h1>${article.html}</article>${close}${feedback}`,
          translation ? `${base(translation.locale)}/articles/${translation.slug}` : undefined,
        ),
      );
    });

    app.post(`${root}/articles/:slug/feedback`, async (c) => {
      const slug = c.req.param("slug");
      const { data } = await store().entities.article.query.bySlug({ locale, slug }).go({ limit: 1 });
      const form = await readForm(c);
      if (data[0])
        await recordFeedback(data[0].articleId, form.helpful === "yes", clientIp(c)).catch(() => undefined);
      c.header("Cache-Control", "no-store");
      return c.redirect(`${root}/articles/${encodeURIComponent(slug)}?thanks=1`, 303);
    });
  }
  return app;
}
