import { linkParts } from "../../../core/mail/linkify.ts";
import { shownDomain } from "./address.ts";

/**
 * A plain-text message (a customer's, a reply, a note) cut into text and links for the timeline. Which URLs are
 * links is the desk's one rule (core/mail/linkify.ts, as in its mail), plus `mailto:` written out. A link shows
 * its own target, as written, except an internationalised host, shown as the desk shows domains everywhere
 * (address.ts): Latin in Unicode, any other script in punycode, so `https://аpple.com` cannot pass for Apple's.
 */
export type MessagePart = { text: string } | { href: string; shown: string };

export function messageParts(text: string): MessagePart[] {
  return linkParts(text, { mailto: true }).map((part) => {
    if (part.url === undefined) return { text: part.text };
    const shown = shownLink(part.url);
    return shown === null ? { text: part.url } : { href: part.url, shown };
  });
}

/** Whether the host as written needs the desk's display (non-ASCII letters, or punycode). */
const international = (host: string) => /[^\x20-\x7e]|(^|\.)xn--/i.test(host);

/**
 * The domain's ASCII form, as the browser will resolve it; null if the browser would refuse it, or would read
 * part of it as something else than the host (`/evil`, `#x`, `:25` after it), which the shown link must not drop.
 */
function asciiDomain(domain: string): string | null {
  try {
    const parsed = new URL(`http://${domain}`);
    const hostOnly = parsed.pathname === "/" && !parsed.search && !parsed.hash && !parsed.port;
    return hostOnly && !parsed.username && !parsed.password ? parsed.hostname : null;
  } catch {
    return null;
  }
}

/** How a link's target is shown: the URL as written with its host as the desk shows it; null if not a URL. */
export function shownLink(url: string): string | null {
  if (/^mailto:/i.test(url)) {
    const end = url.includes("?") ? url.indexOf("?") : url.length;
    const at = url.lastIndexOf("@", end);
    const domain = url.slice(at + 1, end);
    const ascii = asciiDomain(domain);
    // As written when that is what the mail client reads (%2E, say, is decoded: shown as the dot it becomes).
    if (!international(domain) && ascii === domain.toLowerCase()) return url;
    if (ascii === null) return null;
    return `${url.slice(0, at + 1)}${shownDomain(ascii)}${url.slice(end)}`;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  // The authority as written: after "//", up to the path, query or fragment; its host after any user info.
  const start = url.indexOf("//") + 2;
  const pathAt = url.slice(start).search(/[/?#]/);
  const authority = pathAt < 0 ? url.slice(start) : url.slice(start, start + pathAt);
  const hostStart = start + authority.lastIndexOf("@") + 1;
  const hostAndPort = url.slice(hostStart, start + authority.length);
  if (hostAndPort.startsWith("[")) return url; // an IPv6 address
  const host = hostAndPort.replace(/:\d*$/, "");
  // As written when that is the host the browser opens; one it rewrites is shown as it reads it (written
  // `apple.example%2Eevil.example`, it opens a subdomain of evil.example).
  if (!international(host) && host.toLowerCase() === parsed.hostname) return url;
  return `${url.slice(0, hostStart)}${shownDomain(parsed.hostname)}${url.slice(hostStart + host.length)}`;
}
