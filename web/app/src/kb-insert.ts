/**
 * Inserting a help-center article's link into a reply: which published version the customer gets, and where the
 * text goes. Pure, so the choices are unit-tested (tests/unit/app-kb-insert.test.ts).
 */
export type Locale = "en" | "fr";

/** An article as GET /api/kb/articles/{id} gives it (the fields this needs). */
export interface ArticleView {
  id: string;
  locale: Locale;
  title: string;
  url: string;
  status: "draft" | "published";
  translations: { id: string; locale: string; title: string; url: string; status: string }[];
}

export type Chosen = { title: string; url: string; locale: Locale; translated: boolean };

/**
 * The version to link for a ticket in `wanted`: the article itself when in that language, else its published
 * translation in that language, else the article in its own language; null when nothing published is left (the
 * article was unpublished after the search found it: drafts are never linked).
 */
export function chooseVersion(article: ArticleView, wanted: Locale): (Chosen & { fallback: boolean }) | null {
  const published = article.status === "published";
  if (article.locale === wanted && published)
    return { title: article.title, url: article.url, locale: wanted, translated: false, fallback: false };
  const translation = article.translations.find((t) => t.locale === wanted && t.status === "published");
  if (translation)
    return {
      title: translation.title,
      url: translation.url,
      locale: wanted,
      translated: true,
      fallback: false,
    };
  if (!published) return null;
  return {
    title: article.title,
    url: article.url,
    locale: article.locale,
    translated: false,
    fallback: true,
  };
}

/**
 * One row per article: search hits listed in the order given (the ticket's language first, then the other), an
 * article's translation dropped when the article already has a row. `chooseVersion` then links the version in the
 * ticket's language whichever row the agent picks.
 */
export function onePerArticle<Hit extends { group: string }>(hits: Hit[]): Hit[] {
  const seen = new Set<string>();
  return hits.filter((hit) => !seen.has(hit.group) && seen.add(hit.group));
}

/**
 * `draft` with `snippet` put in place of the selection [start, end) (the caret when empty), a space added on a
 * side that touches a word so the link stays apart from the text; `caret` is just after what was inserted.
 */
export function withInserted(draft: string, start: number, end: number, snippet: string) {
  const from = Math.max(0, Math.min(start, draft.length));
  const to = Math.max(from, Math.min(end, draft.length));
  const before = draft.slice(0, from);
  const after = draft.slice(to);
  const lead = before && !/\s$/.test(before) ? " " : "";
  const trail = after && !/^\s/.test(after) ? " " : "";
  const inserted = `${lead}${snippet}${trail}`;
  return { text: `${before}${inserted}${after}`, caret: from + inserted.length };
}

/** The longest query the search takes (GET /api/kb/search: `q` up to 200 characters, UTF-16 units as zod counts). */
export const SEARCH_MAX = 200;

/**
 * What is searched for a query as typed or pasted (a customer's whole question, say): trimmed and cut to what the
 * search takes, never inside a character (a lone surrogate cannot be put in the URL), rather than refused.
 */
export function searchText(query: string): string {
  let text = query.trim().slice(0, SEARCH_MAX);
  if (/[\ud800-\udbff]$/.test(text)) text = text.slice(0, -1);
  return text.trim();
}
