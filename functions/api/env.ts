import { isIP } from "node:net";
import type { Context } from "hono";
import type { Secrets } from "../../core/auth/crypto.ts";
import { isEdgeKey } from "../../core/auth/edge-key.ts";
import { config } from "../../core/config.ts";
import { DeskError } from "../../core/error.ts";
import type { ExpectedVersion } from "../../core/expected-version.ts";
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
 * One element of an If-Match list (RFC 9110 §5.6.1, §8.8.3): an entity-tag (weak or not, quoted, of visible
 * characters but DQUOTE; commas included), or nothing (empty elements are allowed), then a comma or the end.
 */
// The space after a tag belongs to the tag: an element without one is spaces then a comma, so a long run of
// spaces is read in one pass (two `[\t ]*` side by side backtracked quadratically: 16 KB of them took 0.5 s or more).
const LIST_ELEMENT = /[\t ]*(?:(?:W\/)?"([\x21\x23-\x7e\x80-\xff]*)"[\t ]*)?(?:,|$)/y;
/** The version a tag's text names: `7`, a ticket's `7.<view stamp>`, or its earlier form `7-<newest entry>`. */
const VERSION = /^(\d+)(?:-[0-9A-Za-z]+|\.\d+)?$/;

/** The entity-tags' texts in an If-Match list, or null when it is not one. */
function entityTags(list: string): string[] | null {
  const tags: string[] = [];
  LIST_ELEMENT.lastIndex = 0;
  while (LIST_ELEMENT.lastIndex < list.length) {
    const element = LIST_ELEMENT.exec(list);
    if (!element?.[0]) return null;
    if (element[1] !== undefined) tags.push(element[1]);
  }
  return tags.length ? tags : null;
}

/**
 * The condition an If-Match header sets (RFC 9110 §13.1.1): undefined when absent or `*` (any current
 * representation: the write proceeds on the resource it finds), else the versions its entity-tags name, any of
 * which will do (a weak tag is read as its version: a proxy may have weakened ours). A tag that names no version
 * of ours matches none (412 stale_version); a header that is no list of entity-tags is refused (400).
 */
export function ifMatchVersion(c: Context): ExpectedVersion {
  const raw = c.req.header("if-match")?.trim();
  if (raw === undefined || raw === "*") return undefined;
  const tags = entityTags(raw);
  if (!tags) {
    throw new DeskError(
      "validation",
      "bad_if_match",
      'If-Match must be * or quoted ETags, such as "7": send back the ETag header as it came',
    );
  }
  return tags.flatMap((tag) => {
    const version = VERSION.exec(tag);
    return version ? [Number(version[1])] : [];
  });
}

export const etagOf = (version: number) => `"${version}"`;
