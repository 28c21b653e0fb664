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

/** Escaped text with each http(s) URL as `<a href="…">…</a>` (the URL escaped in both places). */
export function linkified(text: string): string {
  let html = "";
  let from = 0;
  for (const match of text.matchAll(URL_RUN)) {
    const url = trimmed(match[0]);
    // Nothing after the scheme but punctuation ("see https://."): no address, no link.
    if (!/^https?:\/\/[\p{L}\p{N}[]/iu.test(url)) continue;
    const at = match.index;
    const safe = escapeHtml(url);
    html += `${escapeHtml(text.slice(from, at))}<a href="${safe}">${safe}</a>`;
    from = at + url.length;
  }
  return html + escapeHtml(text.slice(from));
}
