import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { toAgent } from "../../../core/agent/agent.ts";
import { safeEqual } from "../../../core/auth/crypto.ts";
import { DEVICE_COOKIE } from "../../../core/auth/known-device.ts";
import { endAllSessions, login, logout, sessionAgent } from "../../../core/auth/session.ts";
import { config } from "../../../core/config.ts";
import { deskNames, namesOf } from "../../../core/desk/name.ts";
import { DeskError } from "../../../core/error.ts";
import { log } from "../../../core/log.ts";
import { requireAgent, SESSION_COOKIE } from "../auth.ts";
import { type AgentEnv, clientIp } from "../env.ts";
import { AgentOut, DeskNamesOut, errors, json, jsonBody } from "../schemas.ts";
import { defaultHook } from "../validate.ts";

/**
 * What the app reads once at start (or sign-in): the agent, the CSRF token, and the desk's name for its header and
 * tab title, so every agent sees the name an admin gave the desk without a request of its own.
 */
const Me = z.object({ agent: AgentOut, csrfToken: z.string(), deskName: DeskNamesOut }).openapi("Session");

/**
 * The desk's names as signed mail shows them (cached per process for a minute: usually no read at all). Only the
 * header's words: when they cannot be read (the table throttled, a setting no version of the desk wrote) the
 * session still answers, with DESK_NAME's names, else no agent could open the app, nor an admin sign in to fix it.
 */
const deskNameOut = async () => {
  try {
    const { en, fr } = await deskNames();
    return { en, fr };
  } catch (error) {
    log.warn("desk name unreadable: the app shows DESK_NAME's", { error: String(error) });
    const { en, fr } = namesOf({ name: null, nameFr: null });
    return { en, fr };
  }
};
const Login = z.object({ email: z.string().trim().min(1).max(254), password: z.string().min(1).max(200) });

/** Agent sign-in with an HttpOnly, SameSite session cookie (Secure when served over https). */
export const auth = new OpenAPIHono<AgentEnv>({ defaultHook });
/**
 * Ending an agent's sessions takes a session: an API token (an integration's, revoked only by an admin) could
 * otherwise keep its agent signed out for good.
 */
const refuseBearer = createMiddleware<AgentEnv>(async (c, next) => {
  if (c.req.header("authorization"))
    throw new DeskError(
      "forbidden",
      "session_required",
      "Only a signed-in browser session can end the agent's sessions, not an API token",
    );
  await next();
});
auth.use("/auth/logout-everywhere", refuseBearer, requireAgent);

auth.openapi(
  createRoute({
    method: "post",
    path: "/auth/login",
    summary:
      "Sign in; sets the session cookie and returns the CSRF token for writes. Only failures count against the " +
      "limits (per address and per IP); a browser where the agent signed in before (known-device cookie) is " +
      "not held by the per-address limit",
    request: { body: jsonBody(Login) },
    responses: { 200: json(Me), ...errors(400, 401, 429) },
  }),
  async (c) => {
    const { email, password } = c.req.valid("json");
    const session = await login(email, password, clientIp(c), getCookie(c, DEVICE_COOKIE));
    setCookie(c, SESSION_COOKIE, session.token, {
      httpOnly: true,
      sameSite: "Lax",
      secure: config().secureCookies,
      path: "/",
      maxAge: session.expiresInSeconds,
    });
    // Kept after sign-out: it marks the browser, not the session, and only the sign-in route needs it.
    setCookie(c, DEVICE_COOKIE, session.device.value, {
      httpOnly: true,
      sameSite: "Strict",
      secure: config().secureCookies,
      path: "/api/auth",
      maxAge: session.device.maxAgeSeconds,
    });
    return c.json(
      { agent: toAgent(session.agent), csrfToken: session.csrfToken, deskName: await deskNameOut() },
      200,
    );
  },
);

auth.openapi(
  createRoute({
    method: "post",
    path: "/auth/logout",
    summary: "Sign out: ends the session",
    responses: { 204: { description: "Signed out" }, ...errors(403) },
  }),
  async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    const session = token ? await sessionAgent(token) : null;
    // A live session ends only with its CSRF token, like every other write it signs (a page of the same site
    // could otherwise sign an agent out, and drop their unsent work); an expired one has nothing to protect.
    if (session && !safeEqual(c.req.header("x-csrf-token") ?? "", session.csrfToken))
      throw new DeskError("forbidden", "csrf_failed", "Missing or wrong X-CSRF-Token header");
    if (token) await logout(token);
    deleteCookie(c, SESSION_COOKIE, { path: "/", secure: config().secureCookies });
    return c.body(null, 204);
  },
);

auth.openapi(
  createRoute({
    method: "post",
    path: "/auth/logout-everywhere",
    security: [{ session: [] }],
    summary:
      "Sign out everywhere: ends every session of the signed-in agent, the calling one included (other browsers " +
      "and devices answer 401 at their next request); API tokens are left alone (each has its own revoke)",
    responses: { 204: { description: "Every session ended" }, ...errors(401, 403) },
  }),
  async (c) => {
    // Signed in by its session and CSRF-checked by requireAgent, like every other cookie write.
    const agent = c.get("agent");
    await endAllSessions(agent.agentId);
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await logout(token);
    deleteCookie(c, SESSION_COOKIE, { path: "/", secure: config().secureCookies });
    log.info("agent signed out everywhere", { agentId: agent.agentId });
    return c.body(null, 204);
  },
);

auth.openapi(
  createRoute({
    method: "get",
    path: "/auth/me",
    summary: "The signed-in agent, the session's CSRF token and the desk's name (for the app's header)",
    responses: { 200: json(Me), ...errors(401) },
  }),
  async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    const session = token ? await sessionAgent(token) : null;
    if (!session) throw new DeskError("unauthorized", "unauthorized", "Sign in to continue");
    // After the session: a caller without one costs no read of the name (usually cached: no wait either).
    const deskName = await deskNameOut();
    return c.json({ agent: toAgent(session.agent), csrfToken: session.csrfToken, deskName }, 200);
  },
);
