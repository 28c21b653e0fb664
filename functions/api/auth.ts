import { getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { apiTokenAgent } from "../../core/auth/api-token.ts";
import { safeEqual } from "../../core/auth/crypto.ts";
import { sessionAgent } from "../../core/auth/session.ts";
import { DeskError } from "../../core/error.ts";
import type { AgentItem } from "../../core/store/index.ts";
import type { AgentEnv } from "./env.ts";

export const SESSION_COOKIE = "desk_session";
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export const actorOf = (agent: AgentItem) =>
  ({
    type: "agent",
    agentId: agent.agentId,
    name: agent.name,
    email: agent.email,
    role: agent.role,
  }) as const;

/**
 * Signed-in agents only: a session cookie, or an API token (`Authorization: Bearer dsk_…`, limited to its scope:
 * read = safe methods only, write = no admin API, admin = the agent's full role). Cookie-authenticated
 * writes must carry the session's CSRF token in `X-CSRF-Token`; bearer tokens are not sent by browsers on
 * their own, so they need none.
 */
export const requireAgent = createMiddleware<AgentEnv>(async (c, next) => {
  // Sub-apps mounted on the same paths each register this check: one request signs in once, not per sub-app.
  if (c.get("agent")) return next();
  const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
  let agent: AgentItem | null = null;
  if (bearer) {
    const token = await apiTokenAgent(bearer);
    if (token?.scope === "read" && !SAFE_METHODS.has(c.req.method)) {
      throw new DeskError("forbidden", "token_scope", "This API token may only read (scope read)");
    }
    // Below the admin scope the token acts as an agent whatever the agent's role, so every role check (admin
    // APIs, reports) sees no more than the scope allows; an admin scope never lifts an agent above their role.
    agent = token && token.scope !== "admin" ? { ...token.agent, role: "agent" } : (token?.agent ?? null);
  } else {
    const token = getCookie(c, SESSION_COOKIE);
    const session = token ? await sessionAgent(token) : null;
    if (session && !SAFE_METHODS.has(c.req.method)) {
      const sent = c.req.header("x-csrf-token") ?? "";
      if (!safeEqual(sent, session.csrfToken)) {
        throw new DeskError("forbidden", "csrf_failed", "Missing or wrong X-CSRF-Token header");
      }
    }
    agent = session?.agent ?? null;
  }
  if (!agent) throw new DeskError("unauthorized", "unauthorized", "Sign in to continue");
  c.set("agent", agent);
  c.set("actor", actorOf(agent));
  await next();
});

export const requireAdmin = createMiddleware<AgentEnv>(async (c, next) => {
  if (c.get("agent").role !== "admin") throw new DeskError("forbidden", "forbidden", "Admins only");
  await next();
});
