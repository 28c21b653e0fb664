import type MiniSearch from "minisearch";
import { config } from "../config.ts";
import { log } from "../log.ts";
import { putObject, readObject } from "../mail/raw-store.ts";
import { store } from "../store/index.ts";
import type { ArticleItem } from "./articles.ts";

// The search engine, its stemmers and the markdown renderer are imported when an index is built or read: an
// acknowledgement on a desk without published articles, or with its index cached, never loads them.
const engine = async () => {
  const [{ default: MiniSearch }, { kbTerm, kbTokenize }] = await Promise.all([
    import("minisearch"),
    import("./terms.ts"),
  ]);
  return { MiniSearch, options: (locale: Locale) => options(locale, kbTokenize, kbTerm) };
};

/**
 * The version of kbTerm (core/kb/terms.ts) an index is built with, kept on its pointer: an index stored under
 * another (or none: 1 stemmed a word as typed, then folded its accents) is rebuilt before it is searched, so
 * queries and the index always agree. Raise it whenever kbTerm gives other terms.
 */
export const KB_TERMS_FORMAT = 3;

type Locale = "en" | "fr";
interface Doc {
  id: string;
  title: string;
  keywords: string;
  text: string;
  slug: string;
  snippet: string;
  /** The article's translation group: an article and its translations share it. */
  group: string;
}

const options = (
  locale: Locale,
  tokenize: (text: string) => string[],
  term: (term: string, locale: Locale) => string | null | undefined,
) => ({
  idField: "id",
  fields: ["title", "keywords", "text"],
  storeFields: ["title", "slug", "snippet", "group"],
  tokenize,
  processTerm: (t: string) => term(t, locale),
  searchOptions: {
    boost: { title: 3, keywords: 2 },
    fuzzy: (term: string) => (term.length > 5 ? 0.2 : false),
    prefix: (term: string) => term.length > 3,
  },
});

export const articleUrl = (locale: string, slug: string) =>
  `${config().publicUrl}${locale === "fr" ? "/fr" : ""}/help/articles/${slug}`;

/**
 * Rebuilds a locale's search index from its published articles (BM25-style ranking by MiniSearch, stemmed and
 * accent-folded terms) and stores it in the bucket; `changed` is the article just written, merged in by hand
 * because the index that lists articles is only eventually consistent. Runs when a published article changes.
 */
export async function rebuildIndex(locale: Locale, changed?: ArticleItem, now = new Date()) {
  const { data } = await store()
    .entities.article.query.byState({ locale, status: "published" })
    .go({ pages: "all" });
  const byId = new Map(data.map((a) => [a.articleId, a as ArticleItem]));
  if (changed && changed.locale === locale) {
    if (changed.status === "published") byId.set(changed.articleId, changed);
    else byId.delete(changed.articleId);
  }
  const [{ MiniSearch, options }, { plainText }] = await Promise.all([engine(), import("./markdown.ts")]);
  const index = new MiniSearch<Doc>(options(locale));
  index.addAll(
    [...byId.values()].map((a) => {
      const text = plainText(a.html);
      return {
        id: a.articleId,
        title: a.title,
        keywords: (a.keywords ?? []).join(" "),
        text,
        slug: a.slug,
        snippet: text.length > 220 ? `${text.slice(0, 217)}…` : text,
        group: a.groupId,
      };
    }),
  );
  const { data: current } = await store().entities.kbIndex.get({ locale }).go({ consistent: true });
  const key = `kb/index-${locale}.json`;
  await putObject(key, Buffer.from(JSON.stringify(index)), "application/json");
  await store()
    .entities.kbIndex.put({
      locale,
      version: (current?.version ?? 0) + 1,
      key,
      articles: byId.size,
      builtAt: now.toISOString(),
      terms: KB_TERMS_FORMAT,
    })
    .go();
}

const cache = new Map<string, { version: number; index: MiniSearch<Doc> }>();
const rebuilding = new Map<Locale, Promise<void>>();

/** Published articles matching a query, best first: one small GetItem, plus the index once per new version. */
export async function searchArticles(query: string, locale: Locale, limit = 10) {
  let { data: pointer } = await store().entities.kbIndex.get({ locale }).go();
  if (!pointer) return [];
  if ((pointer.terms ?? 1) !== KB_TERMS_FORMAT) {
    // Built by an older desk with other terms: once per locale (and worker), rebuilt from the published articles.
    let pending = rebuilding.get(locale);
    if (!pending) {
      pending = rebuildIndex(locale).finally(() => rebuilding.delete(locale));
      rebuilding.set(locale, pending);
    }
    // A rebuild that fails leaves the older index in use (searches answer with it, the next one tries again).
    const rebuilt = await pending.then(
      () => true,
      (error) => {
        log.warn("kb index rebuild failed", { locale, error: String(error) });
        return false;
      },
    );
    if (rebuilt)
      ({ data: pointer } = await store().entities.kbIndex.get({ locale }).go({ consistent: true }));
    if (!pointer) return [];
  }
  let entry = cache.get(locale);
  if (entry?.version !== pointer.version) {
    const json = (await readObject(pointer.key)).toString("utf8");
    const { MiniSearch, options } = await engine();
    entry = { version: pointer.version, index: MiniSearch.loadJSON<Doc>(json, options(locale)) };
    cache.set(locale, entry);
  }
  const hits = entry.index.search(query).slice(0, limit);
  const groups = await groupsOf(hits.filter((hit) => hit.group === undefined).map((hit) => String(hit.id)));
  return hits.map((hit) => ({
    id: String(hit.id),
    title: hit.title as string,
    url: articleUrl(locale, hit.slug as string),
    snippet: hit.snippet as string,
    group: (hit.group as string | undefined) ?? groups.get(String(hit.id)) ?? String(hit.id),
    score: +hit.score.toFixed(3),
  }));
}

/**
 * The translation groups of articles found in an index built before groups were stored (a desk older than them,
 * until its next publish in that language rebuilds it): one BatchGetItem of the hits, so a translation is still
 * listed once. An article deleted since keeps its own id as its group.
 */
async function groupsOf(articleIds: string[]): Promise<Map<string, string>> {
  if (articleIds.length === 0) return new Map();
  const { data } = await store()
    .entities.article.get(articleIds.map((articleId) => ({ articleId })))
    .go({ attributes: ["articleId", "groupId"] });
  return new Map(data.map((a) => [a.articleId, a.groupId]));
}
