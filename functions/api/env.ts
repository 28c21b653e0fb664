import type { Context } from "hono";
import type { AgentItem } from "../../core/store/index.ts";
import type { Actor } from "../../core/ticket/model.ts";

/** What the auth middleware puts on the context of an agent request. */
export type AgentEnv = {
  Variables: { agent: AgentItem; actor: Extract<Actor, { type: "agent" }> };
};

/**
 * The caller's IP: Lambda's source IP, or the socket's locally. Behind the CloudFront router (DESK_TRUST_PROXY=1)
 * the viewer's address is the last X-Forwarded-For entry, the one CloudFront appended.
 */
export function clientIp(c: Context): string {
  if (process.env.DESK_TRUST_PROXY === "1") {
    const forwarded = c.req.header("x-forwarded-for")?.split(",").at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  // biome-ignore lint/suspicious/noExplicitAny: the bindings differ per runtime (Lambda event, Node socket)
  const env = c.env as any;
  return env?.event?.requestContext?.http?.sourceIp ?? env?.incoming?.socket?.remoteAddress ?? "unknown";
}

/**
 * The version in an If-Match header (`"7"`, `W/"7"` or `7`; a ticket's ETag `"7.<view stamp>"` names version 7,
 * as did its earlier form `"7-<newest entry>"`), or undefined when absent.
 */
export function ifMatchVersion(c: Context): number | undefined {
  const raw = c.req.header("if-match");
  if (raw === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d+)(?:-[0-9A-Za-z]+|\.\d+)?"?$/.exec(raw.trim());
  if (!match) return -1; // never equal to a real version: answered as stale
  return Number(match[1]);
}

export const etagOf = (version: number) => `"${version}"`;
