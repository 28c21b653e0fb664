import { beforeAll, describe, expect, it } from "vitest";
import { issueApiToken } from "../../core/auth/api-token.ts";
import { lazyApiModules } from "../../functions/api/app.ts";
import { call, signedInAgent, startTestDesk, type TestDesk } from "../support/desk.ts";

/**
 * Every route the API document lists, called by each kind of caller it must refuse: nobody, an agent on the
 * admins' routes, a read-only API token on writes, a cookie without its CSRF token on writes. A route added
 * later without its guard fails here, whoever adds it.
 */
let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
let readToken: string;
let routes: Route[];

type Route = { method: string; path: string };
const route = (method: string, path: string): Route => ({ method, path });

/**
 * Routes anyone may call, by method and path (each checks its own key: survey token, password, a
 * magic link's token), or that show nothing to nobody (a health check, the knowledge base's public search).
 */
const PUBLIC: Route[] = [
  route("get", "/health"),
  route("post", "/tickets"), // the web form
  route("post", "/csat/{token}"),
  route("get", "/kb/search"),
  route("post", "/kb/articles/{id}/feedback"),
  route("post", "/kb/deflections"),
  route("post", "/auth/login"),
  route("post", "/auth/logout"),
  route("get", "/auth/me"),
  route("post", "/portal/magic-link"),
  route("post", "/portal/session"),
  route("post", "/portal/logout"),
];
/**
 * Routes with a key of their own, never an agent's credentials: the customer's (a portal token or the customer's
 * session cookie) and the mail receiver's (the inbound secret). Nobody gets 401 there as anywhere else; an
 * agent's token or cookie opens nothing either (401).
 */
const OWN_KEY: Route[] = [
  route("post", "/inbound/email"),
  route("get", "/portal/me/tickets"),
  route("get", "/portal/tickets/{id}"),
  route("post", "/portal/tickets/{id}/messages"),
  route("post", "/portal/tickets/{id}/close"),
  route("get", "/portal/tickets/{id}/entries/{entryId}/attachments/{index}"),
];
const listed = (list: Route[], { method, path }: Route) =>
  list.some((r) => r.method === method && r.path === path);
const ADMIN = [/^\/admin\//, /^\/health\/detail$/];
const WRITE = new Set(["post", "put", "patch", "delete"]);

beforeAll(async () => {
  desk = await startTestDesk();
  agent = await signedInAgent(desk.app, { name: "Probing Agent" });
  readToken = (await issueApiToken({ name: "probe", agentId: agent.agent.agentId, scope: "read" }, "test"))
    .token;
  const document = (await call(desk.app, "GET", "/api/openapi.json")).json as {
    paths: Record<string, Record<string, unknown>>;
  };
  routes = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => ({ method, path })),
  );
});

/** The route's path with every `{param}` filled in: guards answer before any lookup. */
const concrete = (path: string) =>
  `/api${path.replace(/\{(\w+)\}/g, (_, name: string) => (name === "index" || name === "number" ? "1" : "01PROBE"))}`;
const body = (method: string) => (WRITE.has(method) ? {} : undefined);

describe("every route of the API document is guarded", () => {
  it("lists every route the app serves (the document is complete enough to test)", async () => {
    expect(routes.length).toBeGreaterThan(60);
    expect(routes).toContainEqual(route("delete", "/admin/api-tokens/{id}"));
    expect(routes).toContainEqual(route("get", "/tickets"));
    for (const known of [...PUBLIC, ...OWN_KEY]) expect(routes).toContainEqual(known);
    // What the app really serves: its own routes (the modules imported with it), and each lazy module's.
    const lazy = await Promise.all(Object.values(lazyApiModules).map(({ load }) => load()));
    const served = [desk.app, ...lazy]
      .flatMap((app) => app.routes)
      .filter((r) => r.method !== "ALL")
      .map((r) =>
        route(r.method.toLowerCase(), r.path.replace(/^\/api(?=\/)/, "").replace(/:(\w+)/g, "{$1}")),
      )
      .filter((r) => r.path !== "/openapi.json");
    const missing = served.filter((r) => !listed(routes, r)).map((r) => `${r.method} ${r.path}`);
    expect(missing).toEqual([]);
    expect(served).toContainEqual(route("post", "/portal/tickets/{id}/messages"));
    expect(served.length).toBeGreaterThan(60);
  });

  it("without credentials, every route but the public ones answers 401, the customer's too", async () => {
    const open: string[] = [];
    for (const { method, path } of routes) {
      if (listed(PUBLIC, { method, path })) continue;
      const response = await call(desk.app, method.toUpperCase(), concrete(path), { body: body(method) });
      if (response.status !== 401) open.push(`${method} ${path} → ${response.status}`);
    }
    expect(open).toEqual([]);
  });

  it("an agent gets 403 on every admin route", async () => {
    const open: string[] = [];
    for (const { method, path } of routes) {
      if (!ADMIN.some((p) => p.test(path))) continue;
      const response = await call(desk.app, method.toUpperCase(), concrete(path), {
        as: agent.session,
        body: body(method),
      });
      if (response.status !== 403) open.push(`${method} ${path} → ${response.status}`);
    }
    expect(open).toEqual([]);
  });

  it("a read-only API token and a cookie without its CSRF token cannot write anywhere an agent may", async () => {
    const open: string[] = [];
    for (const { method, path } of routes) {
      if (!WRITE.has(method) || listed(PUBLIC, { method, path }) || listed(OWN_KEY, { method, path }))
        continue;
      const byToken = await call(desk.app, method.toUpperCase(), concrete(path), {
        headers: { authorization: `Bearer ${readToken}` },
        body: {},
      });
      if (byToken.status !== 403) open.push(`read token: ${method} ${path} → ${byToken.status}`);
      const byCookie = await call(desk.app, method.toUpperCase(), concrete(path), {
        headers: { cookie: agent.session.cookie },
        body: {},
      });
      if (byCookie.status !== 403 || byCookie.json?.error?.code !== "csrf_failed")
        open.push(`no csrf: ${method} ${path} → ${byCookie.status} ${byCookie.json?.error?.code}`);
    }
    expect(open).toEqual([]);
  });

  it("an agent's session or API token opens none of the customer's routes, nor the mail receiver's", async () => {
    const open: string[] = [];
    for (const { method, path } of OWN_KEY) {
      for (const [who, options] of [
        ["session", { as: agent.session }],
        ["token", { headers: { authorization: `Bearer ${readToken}` } }],
      ] as const) {
        const response = await call(desk.app, method.toUpperCase(), concrete(path), {
          ...options,
          body: body(method),
        });
        if (response.status !== 401) open.push(`${who}: ${method} ${path} → ${response.status}`);
      }
    }
    expect(open).toEqual([]);
  });
});
