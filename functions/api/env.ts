import { isIP } from "node:net";
import type { Context } from "hono";
import type { Secrets } from "../../core/auth/crypto.ts";
import { isEdgeKey } from "../../core/auth/edge-key.ts";
import { config } from "../../core/config.ts";
import { log } from "../../core/log.ts";
import type { AgentItem } from "../../core/store/index.ts";
import type { Actor } from "../../core/ticket/model.ts";

/** What the auth middleware puts on the context of an agent request. */
export type AgentEnv = {
  Variables: { agent: AgentItem; actor: Extract<Actor, { type: "agent" }> };
};

/**
 * The caller's IP, as the limits count callers: Lambda's source IP, or the socket's locally. Behind the CloudFront
 * router (DESK_TRUST_PROXY=1) the viewer's address is the one the router's viewer-request function set
 * (`x-desk-viewer-ip`), believed only with the router's key (`x-desk-edge`, core/auth/edge-key.ts): a request
 * sent straight to the function's URL is counted by its own source address, whatever headers it carries. An IPv6
 * caller is its /64 (see `callerNetwork`).
 */
export function clientIp(c: Context, secrets: () => Secrets = () => config().secrets): string {
  if (process.env.DESK_TRUST_PROXY === "1" && c.req.header("x-desk-viewer-ip") !== undefined) {
    const viewer = addressOf(c.req.header("x-desk-viewer-ip") ?? "");
    if (viewer && isEdgeKey(c.req.header("x-desk-edge"), secrets())) return callerNetwork(viewer);
    // A router still on another key (minutes after the desk secret changed) or a forger: counted by the connection,
    // said in the log so a lasting mismatch does not go unseen.
    log.warn("caller address not believed: the router's key does not match", { path: c.req.path });
  }
  // biome-ignore lint/suspicious/noExplicitAny: the bindings differ per runtime (Lambda event, Node socket)
  const env = c.env as any;
  return callerNetwork(
    env?.event?.requestContext?.http?.sourceIp ?? env?.incoming?.socket?.remoteAddress ?? "unknown",
  );
}

/**
 * The IP address in a forwarded entry (`1.2.3.4`, `1.2.3.4:5678`, `[2001:db8::1]:443`, `2001:db8::1`), or
 * undefined when it holds none: a port or brackets must not make one caller many (nor a garbled entry a key).
 */
export function addressOf(entry: string): string | undefined {
  let host = entry.trim();
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(host);
  if (bracketed) host = bracketed[1]!;
  else if (/^[\d.]+:\d{1,5}$/.test(host)) host = host.slice(0, host.lastIndexOf(":"));
  const ip = host.split("%")[0]!;
  if (bracketed ? isIP(ip) !== 6 : !isIP(ip)) return undefined;
  return host;
}

/** An IPv6 address's eight groups (`::` filled in, an embedded dotted quad as its two groups). */
function groupsOf(address: string): number[] {
  const part = (text: string) =>
    text
      ? text.split(":").flatMap((group) => {
          if (!group.includes(".")) return [Number.parseInt(group, 16)];
          const [a = 0, b = 0, c = 0, d = 0] = group.split(".").map(Number);
          return [a * 256 + b, c * 256 + d];
        })
      : [];
  const [head = "", tail = ""] = address.split("::");
  const before = part(head);
  const after = address.includes("::") ? part(tail) : [];
  return [...before, ...Array(8 - before.length - after.length).fill(0), ...after];
}

/**
 * One IPv6 host is usually given a whole /64 and picks addresses in it at will (privacy addresses): counted per
 * address, it could try every password or flood the form past the per-IP limits. An IPv6 address therefore
 * counts as its /64 (`2001:db8:1:2::/64`); an IPv4 address as itself, and so does one mapped into IPv6
 * (`::ffff:0:0/96`), however it is spelled (`::ffff:1.2.3.4`, `::ffff:102:304`, `0:0:0:0:0:ffff:1.2.3.4`).
 */
export function callerNetwork(ip: string): string {
  const address = ip.split("%")[0]!;
  if (isIP(address) !== 6) return ip;
  const groups = groupsOf(address);
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    const [high = 0, low = 0] = groups.slice(6);
    return [high >> 8, high & 255, low >> 8, low & 255].join(".");
  }
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
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
