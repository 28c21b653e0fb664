import { beforeAll, describe, expect, it } from "vitest";
import { issueApiToken } from "../../core/auth/api-token.ts";
import { call, signedInAgent, startTestDesk, type TestDesk } from "../support/desk.ts";

/**
 * Every route the API document lists, called by each kind of caller it must refuse: nobody, an agent on the
 * admins' routes, a read-only API token on writes, a cookie without its CSRF token on writes. A route added
 * later without its guard fails here, whoever adds it.
 */
let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
let readToken: string;
let routes: { method: string; path: string }[];

/** Routes anyone may call (each checks its own key: portal token, survey token, inbound secret, password). */
const PUBLIC = [
  /^\/health$/,
  /^\/tickets$/, // POST: the web form
  /^\/inbound\/email$/,
  /^\/portal\//,
  /^\/csat\//,
  /^\/kb\/search$/,
  /^\/kb\/articles\/[^/]+\/feedback$/,
  /^\/kb\/deflections$/,
  /^\/auth\/(login|logout|me)$/,
];
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
  it("lists the routes (the document is complete enough to test)", () => {
    expect(routes.length).toBeGreaterThan(60);
    expect(routes).toContainEqual({ method: "delete", path: "/admin/api-tokens/{id}" });
  });

  it("without credentials, every route but the public ones answers 401", async () => {
    const open: string[] = [];
    for (const { method, path } of routes) {
      if (PUBLIC.some((p) => p.test(path))) continue;
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
      if (!WRITE.has(method) || PUBLIC.some((p) => p.test(path))) continue;
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
});
