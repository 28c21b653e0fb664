import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { except } from "hono/combine";
import { TrieRouter } from "hono/router/trie-router";
import { secureHeaders } from "hono/secure-headers";
import { DeskError } from "../../core/error.ts";
import { onError } from "./errors.ts";
import { type AnyHono, lazyRoutes } from "./lazy.ts";
import { inbound } from "./routes/inbound.ts";
import { intake } from "./routes/intake.ts";
import { operations } from "./routes/operations.ts";
import { defaultHook } from "./validate.ts";

/**
 * The exact POST routes that set their own body limit (each with a bodyLimit of its own, checked where the route
 * is declared): anything else — even a path that merely ends in `notes` or `tickets` — keeps the 1 MB limit.
 */
const OWN_BODY_LIMIT = [
  /^\/api\/inbound\/email$/,
  /^\/api\/tickets$/,
  /^\/api\/agent\/tickets$/,
  /^\/api\/tickets\/[^/]+\/(replies|notes)$/,
  /^\/api\/portal\/tickets\/[^/]+\/messages$/,
];

/** The desk's HTTP API: the same app runs on Lambda (lambda.ts) and locally (infra/local). */
export function createApp() {
  const api = new OpenAPIHono({ defaultHook });
  api.use("*", secureHeaders({ crossOriginResourcePolicy: "same-origin" }));
  api.use("*", async (c, next) => {
    await next();
    if (!c.res.headers.has("Cache-Control")) c.header("Cache-Control", "no-store");
  });
  // Bodies are read as UTF-8 (JSON must be: RFC 8259; ASCII is a part of it): one declared in another charset would
  // be stored garbled.
  api.use("*", async (c, next) => {
    const type = c.req.header("content-type") ?? "";
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(type)?.[1];
    if (
      charset &&
      !/^(utf-?8|us-ascii|ascii)$/i.test(charset) &&
      /^\s*application\/(json|x-www-form-urlencoded)\b/i.test(type)
    )
      throw new DeskError("unsupported_media_type", "unsupported_charset", "Send the body in UTF-8");
    await next();
  });
  api.use(
    "*",
    // Raw mail and writes that carry files (replies, notes, customer messages, new tickets) have their own limits, up
    // to Lambda's 6 MB; the web form's intake keeps 128 KB unless it sends files.
    except(
      (c) => c.req.method === "POST" && OWN_BODY_LIMIT.some((route) => route.test(c.req.path)),
      bodyLimit({
        maxSize: 1024 * 1024,
        onError: () => {
          throw new DeskError("payload_too_large", "payload_too_large", "The request body is over 1 MB");
        },
      }),
    ),
  );
  // The lazy ones are imported on their first request (lazy.ts). Each lazy module claims only its own paths and
  // guards them itself, so the ones before the agents' routes never run another module's guard; the agents' routes
  // come last and take every other path (routes/agent.ts).
  const modules: RouteModule[] = [
    { routes: operations },
    { routes: intake },
    { routes: inbound },
    lazyModule("portal"),
    lazyModule("unfiled"),
    lazyModule("kb"),
    lazyModule("reports"),
    lazyModule("agent"),
  ];
  for (const { routes, lazy, paths } of modules) {
    if (routes) api.route("/", routes);
    else for (const path of paths!) api.all(path, lazy!);
  }
  // The document lists every route, the lazy ones too: it is built on its first request only.
  let document: Promise<unknown> | undefined;
  api.get("/openapi.json", async (c) => {
    document ??= openApiDocument(modules);
    return c.json(await document);
  });
  api.onError(onError);

  // Hono's default router (SmartRouter) first tries to compile every route into RegExpRouter's one expression,
  // which gives up on these routes and falls back to TrieRouter: the first request paid for both builds. Only
  // this app's router matches (the route modules' routes are copied into it).
  const app = new OpenAPIHono({ router: new TrieRouter() });
  app.route("/api", api);
  const help = lazyRoutes("/", () => import("../help/app.ts").then((m) => m.helpCenter()), onError);
  for (const path of ["/help", "/help/*", "/fr/help", "/fr/help/*"]) app.all(path, help);
  const csat = lazyRoutes("/", () => import("../help/csat.ts").then((m) => m.csatPages()), onError);
  app.all("/csat/*", csat);
  app.all("/api/*", (c) => c.json({ error: { code: "not_found", message: "No such endpoint" } }, 404));
  app.notFound((c) => c.json({ error: { code: "not_found", message: "Not found" } }, 404));
  app.onError(onError);
  return app;
}

export type DeskApp = ReturnType<typeof createApp>;

/** A route module mounted at /api: imported with the app, or on its first request on `paths`. */
type RouteModule = { routes?: AnyHono; lazy?: ReturnType<typeof lazyRoutes>; paths?: string[] };

/**
 * The route modules imported on their first request, and the paths (under /api) each one serves: only modules
 * that guard their own paths and need no other module's middleware (tests/unit/lazy-routes.test.ts checks that
 * every route of each lies under its paths). Portal and knowledge base bring the markdown renderer and HTML
 * sanitizer, unfiled the mail parser, reports the date library.
 */
export const lazyApiModules = {
  portal: { load: () => import("./routes/portal.ts").then((m) => m.portal), paths: ["/portal/*", "/csat/*"] },
  unfiled: { load: () => import("./routes/unfiled.ts").then((m) => m.unfiled), paths: ["/admin/unfiled/*"] },
  kb: { load: () => import("./routes/kb.ts").then((m) => m.kb), paths: ["/kb/*"] },
  reports: {
    load: () => import("./routes/reports.ts").then((m) => m.reports),
    paths: ["/reports/*", "/admin/reports"],
  },
  agent: { load: () => import("./routes/agent.ts").then((m) => m.agentRoutes()), paths: ["/*"] },
} satisfies Record<string, { load: () => Promise<AnyHono>; paths: string[] }>;

const lazyModule = (name: keyof typeof lazyApiModules): RouteModule => ({
  lazy: lazyRoutes("/api", lazyApiModules[name].load, onError),
  paths: lazyApiModules[name].paths,
});

/** The OpenAPI 3.1 document of every module of the API, the lazily loaded ones imported for it. */
async function openApiDocument(modules: RouteModule[]) {
  const doc = new OpenAPIHono();
  for (const { routes, lazy } of modules) doc.route("/", routes ?? (await lazy!.module()));
  doc.openAPIRegistry.registerComponent("securitySchemes", "session", {
    type: "apiKey",
    in: "cookie",
    name: "desk_session",
    description: "Session cookie from POST /api/auth/login; writes also need X-CSRF-Token",
  });
  doc.openAPIRegistry.registerComponent("securitySchemes", "apiToken", { type: "http", scheme: "bearer" });
  doc.openAPIRegistry.registerComponent("securitySchemes", "inboundSecret", {
    type: "http",
    scheme: "bearer",
  });
  doc.openAPIRegistry.registerComponent("securitySchemes", "portalToken", {
    type: "http",
    scheme: "bearer",
    description: "The customer's per-ticket token returned when the ticket was created",
  });
  return doc.getOpenAPI31Document({
    openapi: "3.1.0",
    info: { title: "Help desk API", version: "1.0.0" },
    servers: [{ url: "/api" }],
  });
}
