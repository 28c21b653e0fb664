import { key, SERVICE } from "../keys.ts";

/** A knowledge-base article (Markdown, one language); its translations share a `groupId`. */
export const articleSchema = {
  model: { service: SERVICE, entity: "article", version: "1" },
  attributes: {
    articleId: { type: "string", required: true, readOnly: true },
    groupId: { type: "string", required: true },
    locale: { type: ["en", "fr"] as const, required: true },
    slug: { type: "string", required: true },
    title: { type: "string", required: true },
    body: { type: "string", required: true },
    /** The body rendered and sanitized once, when written. */
    html: { type: "string", required: true },
    /** A category id, or "general". */
    category: { type: "string", required: true, default: "general" },
    keywords: { type: "list", items: { type: "string" } },
    status: { type: ["draft", "published"] as const, required: true },
    authorId: { type: "string", required: true },
    authorName: { type: "string", required: true },
    createdAt: { type: "string", required: true },
    updatedAt: { type: "string", required: true },
    version: { type: "number", required: true },
    helpful: { type: "number" },
    notHelpful: { type: "number" },
    /** Tickets a customer closed from this article, and form submissions abandoned after opening it. */
    deflections: { type: "number" },
  },
  indexes: {
    byId: {
      collection: "article",
      pk: key("pk", "ARTICLE#${articleId}", ["articleId"]),
      sk: key("sk", "ARTICLE"),
    },
    // a public page by its address: one article per (locale, slug)
    bySlug: {
      index: "gsi1",
      pk: key("gsi1pk", "KBSLUG#${locale}#${slug}", ["locale", "slug"]),
      sk: key("gsi1sk", "ARTICLE"),
    },
    // an article's translations
    byGroup: {
      index: "gsi3",
      pk: key("gsi3pk", "KBGROUP#${groupId}", ["groupId"]),
      sk: key("gsi3sk", "${locale}#${articleId}", ["locale", "articleId"]),
    },
    // the help center and the agents' list: articles by locale and state, by category then title
    byState: {
      index: "gsi2",
      pk: key("gsi2pk", "KB#${locale}#${status}", ["locale", "status"]),
      sk: key("gsi2sk", "${category}#${title}#${articleId}", ["category", "title", "articleId"]),
    },
  },
} as const;

/** One earlier version of an article: the update history. */
export const articleRevisionSchema = {
  model: { service: SERVICE, entity: "articleRevision", version: "1" },
  attributes: {
    articleId: { type: "string", required: true },
    revisionId: { type: "string", required: true },
    title: { type: "string", required: true },
    body: { type: "string", required: true },
    status: { type: "string", required: true },
    authorName: { type: "string", required: true },
    at: { type: "string", required: true },
  },
  indexes: {
    byArticle: {
      collection: "article",
      pk: key("pk", "ARTICLE#${articleId}", ["articleId"]),
      sk: key("sk", "REV#${revisionId}", ["revisionId"]),
    },
  },
} as const;

/** Which search index (in the bucket) is current for a locale. */
export const kbIndexSchema = {
  model: { service: SERVICE, entity: "kbIndex", version: "1" },
  attributes: {
    locale: { type: "string", required: true },
    version: { type: "number", required: true },
    key: { type: "string", required: true },
    articles: { type: "number", required: true },
    builtAt: { type: "string", required: true },
    /** KB_TERMS_FORMAT of the terms it holds (core/kb/search-index.ts); absent: 1. */
    terms: { type: "number" },
  },
  indexes: { byLocale: { pk: key("pk", "KBINDEX#${locale}", ["locale"]), sk: key("sk", "CURRENT") } },
} as const;
