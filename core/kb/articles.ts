import type { EntityItem } from "electrodb";
import { DateTime } from "luxon";
import * as z from "zod";
import { hitRateLimit } from "../auth/rate-limit.ts";
import { DeskError, notFound } from "../error.ts";
import { type ExpectedVersion, versionMatches } from "../expected-version.ts";
import { newId } from "../ids.ts";
import { slaContext } from "../sla/policy.ts";
import { type Store, store } from "../store/index.ts";
import { multiLine, singleLine } from "../text.ts";
import { TEXT_LIMITS } from "../text-limits.ts";
import type { Actor } from "../ticket/model.ts";
import { getTicketWithTimeline } from "../ticket/read.ts";
import { renderMarkdown } from "./markdown.ts";
import { articleUrl, rebuildIndex } from "./search-index.ts";

type Agent = Extract<Actor, { type: "agent" }>;
type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] };
export type ArticleItem = Mutable<EntityItem<Store["entities"]["article"]>>;

export const ArticleInput = z.object({
  title: singleLine().trim().min(1).max(TEXT_LIMITS.articleTitle),
  body: multiLine().trim().min(1).max(TEXT_LIMITS.articleBody),
  locale: z.enum(["en", "fr"]),
  category: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/)
    .optional(),
  keywords: z.array(singleLine().trim().min(1).max(60)).max(30).optional(),
  status: z.enum(["draft", "published"]).default("draft"),
  /** The article (in the other language) this one translates. */
  translationOf: z.string().max(64).optional(),
});
export const ArticleUpdate = ArticleInput.omit({ locale: true, translationOf: true }).partial();

/** "Réinitialiser mon mot de passe" → "reinitialiser-mon-mot-de-passe" */
export const slugify = (title: string) =>
  title
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80) || "article";

async function freeSlug(locale: "en" | "fr", title: string) {
  const base = slugify(title);
  for (let n = 1; n < 50; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    const { data } = await store().entities.article.query.bySlug({ locale, slug }).go({ limit: 1 });
    if (data.length === 0) return slug;
  }
  return `${base}-${newId().toLowerCase().slice(-6)}`;
}

export const toArticle = (a: ArticleItem) => ({
  id: a.articleId,
  groupId: a.groupId,
  locale: a.locale,
  slug: a.slug,
  url: articleUrl(a.locale, a.slug),
  title: a.title,
  body: a.body,
  html: a.html,
  category: a.category === "general" ? null : a.category,
  keywords: a.keywords ?? [],
  status: a.status,
  author: { id: a.authorId, name: a.authorName },
  createdAt: a.createdAt,
  updatedAt: a.updatedAt,
  version: a.version,
  feedback: { helpful: a.helpful ?? 0, notHelpful: a.notHelpful ?? 0 },
  deflections: a.deflections ?? 0,
});

async function saveWithRevision(item: ArticleItem, before: ArticleItem | null, agent: Agent) {
  const revision = {
    articleId: item.articleId,
    revisionId: newId(),
    title: item.title,
    body: item.body,
    status: item.status,
    authorName: agent.name,
    at: item.updatedAt,
  };
  const result = await store()
    .transaction.write(({ article, articleRevision }) => [
      before
        ? article
            .put(item)
            .where(({ version }, { eq }) => eq(version, before.version))
            .commit()
        : article.create(item).commit(),
      articleRevision.create(revision).commit(),
    ])
    .go();
  if (result.canceled)
    throw new DeskError("precondition_failed", "stale_version", "The article changed since you loaded it");
  if (item.status === "published" || before?.status === "published") await rebuildIndex(item.locale, item);
}

/** Writes a new article (a draft unless published at once); translations join the original's group. */
export async function createArticle(input: z.infer<typeof ArticleInput>, agent: Agent, now = new Date()) {
  let groupId = newId(now);
  if (input.translationOf) {
    const original = await getArticleItem(input.translationOf).catch(() => null);
    if (!original)
      throw new DeskError("validation", "validation", "No such article to translate", {
        fields: { translationOf: "No such article" },
      });
    groupId = original.groupId;
  }
  const at = now.toISOString();
  const item: ArticleItem = {
    articleId: newId(now),
    groupId,
    locale: input.locale,
    slug: await freeSlug(input.locale, input.title),
    title: input.title,
    body: input.body,
    html: renderMarkdown(input.body),
    category: input.category ?? "general",
    keywords: input.keywords ?? [],
    status: input.status,
    authorId: agent.agentId,
    authorName: agent.name,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  await saveWithRevision(item, null, agent);
  return item;
}

export async function getArticleItem(articleId: string): Promise<ArticleItem> {
  const { data } = await store().entities.article.get({ articleId }).go();
  if (!data) throw notFound("Article");
  return data as ArticleItem;
}

/** An article with its update history (newest first) and its translations. */
export async function viewArticle(articleId: string) {
  const { data } = await store().collections.article({ articleId }).go({ pages: "all" });
  const [article] = data.article as ArticleItem[];
  if (!article) throw notFound("Article");
  const { data: group } = await store().entities.article.query.byGroup({ groupId: article.groupId }).go();
  return {
    ...toArticle(article),
    history: data.articleRevision
      .map((r) => ({ title: r.title, status: r.status, author: r.authorName, at: r.at }))
      .reverse(),
    translations: (group as ArticleItem[])
      .filter((a) => a.articleId !== articleId)
      .map((a) => ({
        id: a.articleId,
        locale: a.locale,
        title: a.title,
        url: articleUrl(a.locale, a.slug),
        status: a.status,
      })),
  };
}

export async function updateArticle(
  articleId: string,
  patch: z.infer<typeof ArticleUpdate>,
  agent: Agent,
  expectedVersion?: ExpectedVersion,
  now = new Date(),
) {
  const before = await getArticleItem(articleId);
  if (!versionMatches(expectedVersion, before.version))
    throw new DeskError("precondition_failed", "stale_version", "The article changed since you loaded it");
  const body = patch.body ?? before.body;
  const item: ArticleItem = {
    ...before,
    ...patch,
    body,
    html: patch.body === undefined ? before.html : renderMarkdown(body),
    category: patch.category ?? before.category,
    updatedAt: now.toISOString(),
    version: before.version + 1,
  };
  await saveWithRevision(item, before, agent);
  return item;
}

export async function deleteArticle(articleId: string) {
  const before = await getArticleItem(articleId);
  await store().entities.article.delete({ articleId }).go();
  if (before.status === "published") await rebuildIndex(before.locale, { ...before, status: "draft" });
}

/** Articles of one language and state, by category then title (the agents' list, the help center). */
export async function listArticles(locale: "en" | "fr", status: "draft" | "published") {
  const { data } = await store().entities.article.query.byState({ locale, status }).go({ pages: "all" });
  return (data as ArticleItem[]).map(toArticle);
}

/** "Turn this reply into an article": a draft in the ticket's language, titled after the ticket. */
export async function draftFromEntry(ticketId: string, entryId: string, agent: Agent, now = new Date()) {
  const { ticket, entries } = await getTicketWithTimeline(ticketId);
  const entry = entries.find((e) => e.entryId === entryId);
  if (!entry?.body || (entry.kind !== "agent_reply" && entry.kind !== "internal_note"))
    throw notFound("Reply");
  return createArticle(
    {
      title: ticket.subject.replace(/^(re|fwd?):\s*/i, ""),
      body: entry.body,
      locale: ticket.locale,
      status: "draft",
    },
    agent,
    now,
  );
}

/** "Did this solve your problem?": counted per article, a few answers per visitor and hour at most. */
export async function recordFeedback(articleId: string, helpful: boolean, visitor: string, now = new Date()) {
  await getArticleItem(articleId);
  await hitRateLimit(`kb-feedback:${visitor}:${articleId}`, { max: 3, windowSeconds: 3600 }, now);
  await countForArticle(articleId, helpful ? "helpful" : "notHelpful", now);
}

/** A customer found their answer in this article (form abandoned after reading it, or ticket closed from it). */
export async function recordDeflection(articleId: string, visitor: string, now = new Date()) {
  await getArticleItem(articleId);
  await hitRateLimit(`kb-deflection:${visitor}:${articleId}`, { max: 2, windowSeconds: 3600 }, now);
  await countForArticle(articleId, "deflections", now);
}

/**
 * One more on the article's own total and on the reports' counters of the day (desk time) for the article and for
 * the knowledge base as a whole (dimension `kb`): three ADDs, which never conflict however many visitors at once.
 */
async function countForArticle(articleId: string, what: "helpful" | "notHelpful" | "deflections", now: Date) {
  const { hours } = await slaContext();
  const day = DateTime.fromJSDate(now, { zone: hours.timezone }).toISODate()!;
  const { article, stat } = store().entities;
  await Promise.all([
    article
      .update({ articleId })
      .add({ [what]: 1 })
      .go(),
    ...[articleId, "all"].map((key) =>
      stat
        .update({ month: day.slice(0, 7), day, dim: "kb", metric: what, key })
        .add({ count: 1 })
        .go(),
    ),
  ]);
}
