import { isIP } from "node:net";
import type { Context } from "hono";
import type { AgentItem } from "../../core/store/index.ts";
import type { Actor } from "../../core/ticket/model.ts";

/** What the auth middleware puts on the context of an agent request. */
export type AgentEnv = {
  Variables: { agent: AgentItem; actor: Extract<Actor, { type: "agent" }> };
};

/**
 * The caller's IP, as the limits count callers: Lambda's source IP, or the socket's locally. Behind the CloudFront
 * router (DESK_TRUST_PROXY=1) the viewer's address is the last X-Forwarded-For entry, the one CloudFront appended.
 * An IPv6 caller is its /64 (see `callerNetwork`).
 */
export function clientIp(c: Context): string {
  if (process.env.DESK_TRUST_PROXY === "1") {
    const forwarded = c.req.header("x-forwarded-for")?.split(",").at(-1)?.trim();
    if (forwarded) return callerNetwork(forwarded);
  }
  // biome-ignore lint/suspicious/noExplicitAny: the bindings differ per runtime (Lambda event, Node socket)
  const env = c.env as any;
  return callerNetwork(
    env?.event?.requestContext?.http?.sourceIp ?? env?.incoming?.socket?.remoteAddress ?? "unknown",
  );
}

/**
 * One IPv6 host is usually given a whole /64 and picks addresses in it at will (privacy addresses): counted per
 * address, it could try every password or flood the form past the per-IP limits. An IPv6 address therefore
 * counts as its /64 (`2001:db8:1:2::/64`); an IPv4 address (IPv4-mapped IPv6 too) as itself.
 */
export function callerNetwork(ip: string): string {
  const address = ip.split("%")[0]!;
  if (isIP(address) !== 6) return ip;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1]!;
  const [head = "", tail = ""] = address.split("::");
  const groupsOf = (part: string) =>
    part ? part.split(":").flatMap((group) => (group.includes(".") ? ["0", "0"] : [group])) : [];
  const before = groupsOf(head);
  const after = address.includes("::") ? groupsOf(tail) : [];
  const groups = [...before, ...Array(8 - before.length - after.length).fill("0"), ...after];
  return `${groups
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(":")}::/64`;
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
