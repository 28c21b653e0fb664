import { useEffect, useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import { api } from "../api.ts";
import { LimitedField } from "../components/LimitedField.tsx";
import { when } from "../format.ts";
import { LIMITS } from "../limits.ts";
import { lang } from "../locale.ts";
import { localName } from "../names.ts";
import { t } from "../strings.ts";
import type { Category } from "../types.ts";
import { describeError } from "./admin/form.tsx";

type Article = {
  id: string;
  title: string;
  body: string;
  locale: "en" | "fr";
  status: "draft" | "published";
  url: string;
  category: string | null;
  keywords: string[];
  updatedAt: string;
  version: number;
  feedback: { helpful: number; notHelpful: number };
  deflections: number;
  history?: { title: string; status: string; author: string; at: string }[];
  translations?: { id: string; locale: string; title: string }[];
};

/** The desk's categories (an article's category is one of them, picked by title); null until they arrive. */
function useCategories() {
  const [categories, setCategories] = useState<Category[] | null>(null);
  useEffect(() => {
    api<{ items: Category[] }>("/categories").then(({ data }) => setCategories(data.items));
  }, []);
  return categories;
}

/** Knowledge base: articles by language and state, with their feedback and deflections. */
export function KbList() {
  const location = useLocation();
  const query = new URLSearchParams(location.url.split("?")[1] ?? "");
  // The agent's own language first: a French agent finds the French articles without a click.
  const locale = query.get("locale") ?? lang;
  const status = query.get("status") ?? "published";
  const [items, setItems] = useState<Article[] | null>(null);
  const categories = useCategories();
  useEffect(() => {
    setItems(null);
    api<{ items: Article[] }>(`/kb/articles?locale=${locale}&status=${status}`).then(({ data }) =>
      setItems(data.items),
    );
  }, [locale, status]);
  const link = (l: string, s: string) => `/app/kb?locale=${l}&status=${s}`;
  return (
    <section aria-labelledby="kb-title">
      <div class="toolbar">
        <h1 id="kb-title">{t.kb}</h1>
        <a href="/app/kb/new">{t.newArticle}</a>
      </div>
      <nav class="tabs" aria-label={t.kb}>
        {["en", "fr"].flatMap((l) =>
          ["published", "draft"].map((s) => (
            <a key={l + s} href={link(l, s)} aria-current={l === locale && s === status ? "page" : undefined}>
              {l.toUpperCase()} · {s === "draft" ? t.drafts : t.published}
            </a>
          )),
        )}
      </nav>
      {items === null ? (
        <p class="loading">{t.loading}</p>
      ) : items.length === 0 ? (
        <p class="empty">{t.journey.kbEmpty}</p>
      ) : (
        // A phone scrolls the table, not the page (five columns do not fit 375 px).
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus to scroll by keyboard
        <section class="table-scroll" aria-label={t.kb} tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t.articleTitle}</th>
                <th scope="col">{t.category}</th>
                <th scope="col">{t.helpfulVotes}</th>
                <th scope="col">{t.deflections}</th>
                <th scope="col">{t.updated}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((a) => (
                <tr key={a.id}>
                  <td>
                    <a href={`/app/kb/${a.id}`}>{a.title}</a>
                  </td>
                  <td>
                    {(() => {
                      const c = categories?.find((x) => x.id === a.category);
                      return c ? localName(c) : (a.category ?? "—");
                    })()}
                  </td>
                  <td>
                    {a.feedback.helpful} / {a.feedback.helpful + a.feedback.notHelpful}
                  </td>
                  <td>{a.deflections}</td>
                  <td>{when(a.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </section>
  );
}

/** Write or edit an article (Markdown); publish or keep as a draft. */
export function KbEdit() {
  const { params } = useRoute();
  const location = useLocation();
  const id = params.id === "new" ? null : params.id!;
  const [article, setArticle] = useState<Article | null>(null);
  const [error, setError] = useState("");
  const [status, setStatus] = useState("");
  const categories = useCategories();
  // The category picked here, else the article's: kept in state so the select keeps it when the list arrives.
  const [category, setCategory] = useState<string | undefined>(undefined);
  useEffect(() => {
    setCategory(undefined);
    if (id) api<Article>(`/kb/articles/${id}`).then(({ data }) => setArticle(data));
  }, [id]);
  if (id && !article) return <p class="loading">{t.loading}</p>;
  const save = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const body = {
      title: String(form.get("title") ?? ""),
      body: String(form.get("body") ?? ""),
      status: String(form.get("status") ?? "draft"),
      keywords: String(form.get("keywords") ?? "")
        .split(",")
        .map((k) => k.trim())
        .filter(Boolean),
      // The choice made here, else the article's own (never the select's blank while the list was missing);
      // "general" is the API's "no category" (an empty choice would leave the old category in place).
      category: (category ?? article?.category) || "general",
    };
    setError("");
    try {
      if (id) {
        await api(`/kb/articles/${id}`, { method: "PATCH", body, ifMatch: `"${article!.version}"` });
        setArticle((await api<Article>(`/kb/articles/${id}`)).data);
      } else {
        const { data } = await api<{ id: string }>("/kb/articles", {
          method: "POST",
          body: { ...body, locale: String(form.get("locale") ?? "en") },
        });
        location.route(`/app/kb/${data.id}`);
      }
      setStatus(t.saved);
    } catch (failure) {
      // One error, fields named as the agent reads them (as in the admin forms).
      const labels = { title: t.articleTitle, body: t.markdown, keywords: t.keywords, category: t.category };
      setStatus("");
      setError(describeError(failure, { ...labels, status: t.status }));
    }
  };
  return (
    <section aria-labelledby="article-title">
      <h1 id="article-title">{article?.title ?? t.newArticle}</h1>
      {article?.status === "published" && (
        <p>
          <a href={article.url}>{t.viewPublic}</a>
        </p>
      )}
      <form class="stack wide" onSubmit={save}>
        <LimitedField
          label={t.articleTitle}
          max={LIMITS.articleTitle}
          name="title"
          required
          defaultValue={article?.title ?? ""}
        />
        {!id && (
          <label>
            {t.language}
            {/* The agent's language first: an article is most often written in the language one works in. */}
            <select name="locale">
              {(lang === "fr" ? ["fr", "en"] : ["en", "fr"]).map((l) => (
                <option key={l} value={l}>
                  {l === "fr" ? "Français" : "English"}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          {t.category}
          {/* The text fields are uncontrolled (defaultValue): the categories arrive after the form renders, and
              that re-render must not wipe what the agent typed meanwhile (nor must a refused save). */}
          <select
            name="category"
            value={category ?? article?.category ?? ""}
            onChange={(e) => setCategory(e.currentTarget.value)}
          >
            <option value="">{t.admin.kbNoCategory}</option>
            {/* A category the list no longer has stays the article's until another is picked. */}
            {article?.category && categories && !categories.some((c) => c.id === article.category) && (
              <option value={article.category}>{t.admin.more.kbCurrentCategory}</option>
            )}
            {(categories ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {localName(c)}
              </option>
            ))}
          </select>
          {!categories && <span class="loading">{t.admin.more.kbLoadingCategories}</span>}
        </label>
        <label>
          {t.keywords} <input name="keywords" defaultValue={article?.keywords.join(", ") ?? ""} />
        </label>
        <LimitedField
          label={t.markdown}
          max={LIMITS.articleBody}
          rows={14}
          name="body"
          required
          defaultValue={article?.body ?? ""}
        />
        <label>
          {t.status}
          <select name="status">
            {/* One article's state, in the singular ("Draft", "Published"); the list's tabs are the plurals. */}
            <option value="draft">{t.common.kbStatuses.draft}</option>
            <option value="published" selected={article?.status === "published"}>
              {t.common.kbStatuses.published}
            </option>
          </select>
        </label>
        {error && (
          <p role="alert" class="error">
            {error}
          </p>
        )}
        <p role="status">{status}</p>
        {/* Saving before the list arrived could not show which category is kept: wait for it. */}
        <button type="submit" disabled={!categories}>
          {t.saveArticle}
        </button>
      </form>
      {article?.history && (
        <>
          <h2>{t.history}</h2>
          <ol>
            {article.history.map((h) => (
              <li key={h.at}>
                {when(h.at)} — {h.author}
                {t.common.colon}
                {h.title} ({t.common.kbStatuses[h.status] ?? h.status})
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
