// A message's text as DOM nodes with its http(s) URLs as links, for the customer's ticket page: an agent's reply
// pointing to a help article or a download must be one tap on a phone, as it is in the desk's mail (the same
// rules as core/mail/linkify.ts: only http:// and https:// written out, the sentence's punctuation left out).
// Text stays text (textContent): nothing written becomes markup.

const URL_RUN = /(?<![\p{L}\p{N}_])https?:\/\/[^\s<>"`{}|\\^\p{Cc}\p{Cf}]+/giu;
const TRAILING = /[.,;:!?'’”»…*]$/u;
const CLOSING = new Set([")", "]"]);
const count = (text, ch) => text.split(ch).length - 1;

/** The URL without the punctuation that follows it in the sentence; a closing bracket stays when it has a pair. */
function trimmed(url) {
  const open = { ")": count(url, "("), "]": count(url, "[") };
  const close = { ")": count(url, ")"), "]": count(url, "]") };
  let end = url.length;
  while (end > 0) {
    const last = url[end - 1];
    if (TRAILING.test(last)) end--;
    else if (CLOSING.has(last) && open[last] < close[last]) {
      close[last]--;
      end--;
    } else break;
  }
  return url.slice(0, end);
}

/** Text nodes and `<a>` elements for `text`, in order, for `element.append(...)`. */
export function linkedText(text, doc = document) {
  const nodes = [];
  let from = 0;
  for (const match of text.matchAll(URL_RUN)) {
    const url = trimmed(match[0]);
    // Nothing after the scheme but punctuation ("see https://."): no address, no link.
    if (!/^https?:\/\/[\p{L}\p{N}[]/iu.test(url)) continue;
    if (match.index > from) nodes.push(doc.createTextNode(text.slice(from, match.index)));
    const link = doc.createElement("a");
    link.href = url;
    link.textContent = url;
    link.rel = "noopener noreferrer";
    nodes.push(link);
    from = match.index + url.length;
  }
  if (from < text.length) nodes.push(doc.createTextNode(text.slice(from)));
  return nodes;
}
