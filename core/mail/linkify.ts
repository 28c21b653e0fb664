/**
 * Plain text as HTML with its http(s) URLs as links, for the HTML part of the desk's mail: the follow link,
 * the survey's one-click links, the sign-in link and URLs in agents' replies must be clickable in clients that
 * do not find links in HTML text themselves. Only `http://` and `https://` written out become links (never
 * `javascript:`, `data:` or a bare `www.…`); everything else stays escaped text.
 */

export const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]!,
  );

/**
 * A URL as written: the scheme (not glued to a word before it), then up to whitespace or a character that never
 * stands in a URL written in text (quotes, angle brackets, braces, controls).
 */
const URL_RUN = /(?<![\p{L}\p{N}_])https?:\/\/[^\s<>"`{}|\\^\p{Cc}\p{Cf}]+/giu;
/** Punctuation that ends a sentence or a quotation rather than the URL before it. */
const TRAILING = /[.,;:!?'’”»…*]$/u;
/** Brackets that close a pair: one stays in the URL while the URL has its opening one. */
const CLOSING = new Set([")", "]"]);

const count = (text: string, ch: string) => text.split(ch).length - 1;

/**
 * The URL without the punctuation that follows it in the sentence; a closing bracket stays when it has a pair.
 * Linear: the brackets are counted once, however many trail the URL.
 */
function trimmed(url: string): string {
  const open: Record<string, number> = { ")": count(url, "("), "]": count(url, "[") };
  const close: Record<string, number> = { ")": count(url, ")"), "]": count(url, "]") };
  let end = url.length;
  while (end > 0) {
    const last = url[end - 1]!;
    if (TRAILING.test(last)) end--;
    else if (CLOSING.has(last) && open[last]! < close[last]!) {
      close[last]!--;
      end--;
    } else break;
  }
  return url.slice(0, end);
}

/** A piece of a plain text: text as written, or a URL (http(s), or mailto: when asked) written in it. */
export type TextPart = { text: string; url?: undefined } | { url: string; text?: undefined };

/** `mailto:` written out, then the same run as a URL (the agent app links these too; the desk's mail does not). */
const MAILTO_RUN = /(?<![\p{L}\p{N}_])(?:https?:\/\/|mailto:)[^\s<>"`{}|\\^\p{Cc}\p{Cf}]+/giu;
/**
 * Something after the scheme: a host for http(s); for mailto, one address (`name@domain`) with at most a subject
 * and a body: a `cc`, `bcc`, `to` or any other header would add recipients the agent does not see in the link's
 * first words (RFC 6068, section 7).
 */
const HAS_TARGET =
  /^(?:https?:\/\/[\p{L}\p{N}[]|mailto:[^@,?]+@[\p{L}\p{N}][^@,?]*(?:\?(?:subject|body)=[^&]*(?:&(?:subject|body)=[^&]*)*)?$)/iu;

/**
 * `text` cut into its text and its URLs, in order, by the one rule of the desk (this file's): the mail's HTML
 * part, and the agent app's timeline, which builds DOM nodes from the parts (web/app/src/message-links.ts).
 */
export function linkParts(text: string, options: { mailto?: boolean } = {}): TextPart[] {
  const parts: TextPart[] = [];
  let from = 0;
  for (const match of text.matchAll(options.mailto ? MAILTO_RUN : URL_RUN)) {
    const url = trimmed(match[0]);
    // Nothing after the scheme but punctuation ("see https://."): no address, no link.
    if (!HAS_TARGET.test(url)) continue;
    if (match.index > from) parts.push({ text: text.slice(from, match.index) });
    parts.push({ url });
    from = match.index + url.length;
  }
  if (from < text.length) parts.push({ text: text.slice(from) });
  return parts;
}

/** Escaped text with each http(s) URL as `<a href="…">…</a>` (the URL escaped in both places). */
export function linkified(text: string): string {
  return linkParts(text)
    .map((part) => {
      if (part.url === undefined) return escapeHtml(part.text);
      const safe = escapeHtml(part.url);
      return `<a href="${safe}">${safe}</a>`;
    })
    .join("");
}
