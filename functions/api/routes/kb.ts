import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import {
  ArticleInput,
  ArticleUpdate,
  createArticle,
  deleteArticle,
  draftFromEntry,
  listArticles,
  recordDeflection,
  recordFeedback,
  toArticle,
  updateArticle,
  viewArticle,
} from "../../../core/kb/articles.ts";
import { searchArticles } from "../../../core/kb/search-index.ts";
import { requireAgent } from "../auth.ts";
import { type AgentEnv, clientIp, etagOf, ifMatchVersion } from "../env.ts";
import { errors, IfMatchHeader, json, jsonBody } from "../schemas.ts";
import { defaultHook } from "../validate.ts";

const security: Record<string, string[]>[] = [{ session: [] }, { apiToken: [] }];
const Id = z.object({ id: z.string().min(1).max(64) });
const Locale = z.enum(["en", "fr"]);
const Article = z
  .object({
    id: z.string(),
    groupId: z.string(),
    locale: Locale,
    slug: z.string(),
    url: z.string(),
    title: z.string(),
    body: z.string(),
    html: z.string(),
    category: z.string().nullable(),
    keywords: z.array(z.string()),
    status: z.enum(["draft", "published"]),
    author: z.object({ id: z.string(), name: z.string() }),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number(),
    feedback: z.object({ helpful: z.number(), notHelpful: z.number() }),
    deflections: z.number(),
  })
  .openapi("Article");
const Hit = z.object({
  id: z.string(),
  title: z.string(),
  url: z.string(),
  snippet: z.string(),
  group: z.string().openapi({
    description: "The article's translation group: an article and its translations share it",
  }),
  score: z.number(),
});

/** The knowledge base: agents write articles; search, feedback and deflection are public. */
export const kb = new OpenAPIHono<AgentEnv>({ defaultHook });
kb.use("/kb/articles", requireAgent);
kb.use("/kb/articles/:id", requireAgent);
kb.use("/kb/articles/from-entry", requireAgent);

kb.openapi(
  createRoute({
    method: "post",
    path: "/kb/articles",
    security,
    summary: "Write an article (Markdown, English or French; a translation names the article it translates)",
    request: { body: jsonBody(ArticleInput) },
    responses: {
      201: json(z.object({ id: z.string(), slug: z.string(), url: z.string() })),
      ...errors(400, 401),
    },
  }),
  async (c) => {
    const article = toArticle(await createArticle(c.req.valid("json"), c.get("actor")));
    return c.json({ id: article.id, slug: article.slug, url: article.url }, 201);
  },
);

kb.openapi(
  createRoute({
    method: "get",
    path: "/kb/articles",
    security,
    summary: "Articles of one language and state, by category and title",
    request: {
      query: z.object({
        locale: Locale.default("en"),
        status: z.enum(["draft", "published"]).default("published"),
      }),
    },
    responses: { 200: json(z.object({ items: z.array(Article) })), ...errors(400, 401) },
  }),
  async (c) => {
    const { locale, status } = c.req.valid("query");
    return c.json({ items: await listArticles(locale, status) }, 200);
  },
);

kb.openapi(
  createRoute({
    method: "post",
    path: "/kb/articles/from-entry",
    security,
    summary: "Turn an agent's reply (or note) into a draft article",
    request: { body: jsonBody(z.object({ ticketId: z.string().min(1), entryId: z.string().min(1) })) },
    responses: {
      201: json(z.object({ id: z.string(), slug: z.string(), url: z.string() })),
      ...errors(400, 401, 404),
    },
  }),
  async (c) => {
    const { ticketId, entryId } = c.req.valid("json");
    const article = toArticle(await draftFromEntry(ticketId, entryId, c.get("actor")));
    return c.json({ id: article.id, slug: article.slug, url: article.url }, 201);
  },
);

kb.openapi(
  createRoute({
    method: "get",
    path: "/kb/articles/{id}",
    security,
    summary: "An article with its history and translations; ETag = version",
    request: { params: Id },
    responses: {
      200: json(
        Article.extend({
          history: z.array(
            z.object({ title: z.string(), status: z.string(), author: z.string(), at: z.string() }),
          ),
          translations: z.array(
            z.object({
              id: z.string(),
              locale: z.string(),
              title: z.string(),
              url: z.string(),
              status: z.string(),
            }),
          ),
        }),
      ),
      ...errors(401, 404),
    },
  }),
  async (c) => {
    const article = await viewArticle(c.req.valid("param").id);
    c.header("ETag", etagOf(article.version));
    return c.json(article, 200);
  },
);

kb.openapi(
  createRoute({
    method: "patch",
    path: "/kb/articles/{id}",
    security,
    summary: "Change an article (publish, unpublish, edit); If-Match optional",
    request: { params: Id, headers: IfMatchHeader, body: jsonBody(ArticleUpdate) },
    responses: { 200: json(Article), ...errors(400, 401, 404, 412) },
  }),
  async (c) => {
    const item = await updateArticle(
      c.req.valid("param").id,
      c.req.valid("json"),
      c.get("actor"),
      ifMatchVersion(c),
    );
    c.header("ETag", etagOf(item.version));
    return c.json(toArticle(item), 200);
  },
);

kb.openapi(
  createRoute({
    method: "delete",
    path: "/kb/articles/{id}",
    security,
    summary: "Delete an article",
    request: { params: Id },
    responses: { 204: { description: "Deleted" }, ...errors(401, 404) },
  }),
  async (c) => {
    await deleteArticle(c.req.valid("param").id);
    return c.body(null, 204);
  },
);

kb.openapi(
  createRoute({
    method: "get",
    path: "/kb/search",
    summary: "Search published articles (public): relevance-ranked, stemmed, accents folded",
    request: {
      query: z.object({
        q: z.string().trim().min(1).max(200),
        locale: Locale.default("en"),
        limit: z.coerce.number().int().min(1).max(20).default(5),
      }),
    },
    responses: { 200: json(z.object({ items: z.array(Hit) })), ...errors(400) },
  }),
  async (c) => {
    const { q, locale, limit } = c.req.valid("query");
    c.header("Cache-Control", "public, max-age=60");
    return c.json({ items: await searchArticles(q, locale, limit) }, 200);
  },
);

kb.openapi(
  createRoute({
    method: "post",
    path: "/kb/articles/{id}/feedback",
    summary: "Did this article solve your problem? (public)",
    request: { params: Id, body: jsonBody(z.object({ helpful: z.boolean() })) },
    responses: { 204: { description: "Counted" }, ...errors(400, 404, 429) },
  }),
  async (c) => {
    await recordFeedback(c.req.valid("param").id, c.req.valid("json").helpful, clientIp(c));
    return c.body(null, 204);
  },
);

kb.openapi(
  createRoute({
    method: "post",
    path: "/kb/deflections",
    summary: "A customer read a suggested article and did not send their request (public, from the web form)",
    request: { body: jsonBody(z.object({ articleId: z.string().min(1).max(64) })) },
    responses: { 204: { description: "Counted" }, ...errors(400, 404, 429) },
  }),
  async (c) => {
    await recordDeflection(c.req.valid("json").articleId, clientIp(c));
    return c.body(null, 204);
  },
);
