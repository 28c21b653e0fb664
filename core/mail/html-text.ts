import { compile } from "html-to-text";

/**
 * HTML read for text. A 256 KB newsletter converts whole; past this the rest stays in the raw original. Keeps
 * the conversion bounded in time (html-to-text is linear in its input once the nesting depth is bounded).
 */
export const MAX_HTML_INPUT_CHARS = 1024 * 1024;
/** Deeper nesting makes htmlparser2 quadratic (its open-element stack) and html-to-text overflow the stack. */
const MAX_NESTING_DEPTH = 500;
const VOID = /^(area|base|br|col|embed|hr|img|input|link|meta|param|source|track|wbr)$/i;
/** Elements the parser closes implicitly when a sibling opens: they do not nest. */
const IMPLIED_END = /^(p|li|dt|dd|option|optgroup|tr|td|th|thead|tbody|tfoot|rt|rp)$/i;

/** Whether `html` nests elements deeper than `max`, in one linear pass (an approximation: it over-counts). */
function nestsDeeperThan(html: string, max: number): boolean {
  let depth = 0;
  // [^<>] rather than [^>]: an unclosed "<a" must not scan to the end of the input for every "<" (quadratic).
  for (const tag of html.matchAll(/<(\/?)([a-zA-Z][\w:-]*)[^<>]*?(\/?)>/g)) {
    const [, closing, name = "", selfClosing] = tag;
    if (VOID.test(name) || IMPLIED_END.test(name) || selfClosing) continue;
    depth += closing ? -1 : 1;
    if (depth < 0) depth = 0;
    if (depth > max) return true;
  }
  return false;
}

const heading = (selector: string) => ({ selector, options: { uppercase: false } });

// Compiled once: links stay as "label [url]", images and invisible parts go, headings keep their case
// (triage and search fold case anyway, and agents read the words as written).
const convert = compile({
  wordwrap: false,
  // The whole document, not only its body: a browser shows what follows `</html>` too (mailparser joins the HTML
  // parts of a message, such as Apple Mail's text before and after a picture, into one document that way).
  baseElements: { selectors: [] },
  limits: { maxDepth: MAX_NESTING_DEPTH, maxInputLength: MAX_HTML_INPUT_CHARS + 1 },
  formatters: {
    // A table cell: its content, then a space before the next cell's (html-to-text drops it at a line's end).
    cell: (elem, walk, builder) => {
      walk(elem.children, builder);
      builder.addInline(" ");
    },
  },
  selectors: [
    { selector: "a", options: { hideLinkHrefIfSameAsText: true, ignoreHref: false, noAnchorUrl: true } },
    { selector: "img", format: "skip" },
    { selector: "style", format: "skip" },
    { selector: "script", format: "skip" },
    // Not `head`: HTML without <body> often leaves <head> unclosed, and the parser would then skip every word.
    { selector: "title", format: "skip" },
    { selector: "xml", format: "skip" },
    // Tables are mostly layout, so no grid; but a form's "Name:" and "Jürgen" cells must not run together, and
    // its rows read one a line, as a browser shows them.
    { selector: "table", format: "block" },
    { selector: "tr", format: "block", options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    { selector: "td", format: "cell" },
    { selector: "th", format: "cell" },
    ...["h1", "h2", "h3", "h4", "h5", "h6"].map(heading),
  ],
});

/**
 * The input without these elements and their content, in one linear pass (a regex would be quadratic): each
 * name's next opening is searched again only once the scan has passed it.
 */
function withoutElements(html: string, names: string[]): string {
  const lower = html.toLowerCase();
  const next = names.map(() => -2); // -2: not searched yet; -1: none left
  let out = "";
  let from = 0;
  for (;;) {
    let start = -1;
    let name = "";
    names.forEach((n, i) => {
      if (next[i] === -2 || (next[i]! >= 0 && next[i]! < from)) next[i] = lower.indexOf(`<${n}`, from);
      const at = next[i]!;
      if (at >= 0 && (start < 0 || at < start)) [start, name] = [at, n];
    });
    if (start < 0) break;
    const close = lower.indexOf(`</${name}`, start);
    out += `${html.slice(from, start)} `;
    if (close < 0) return out; // unclosed: the rest is its content
    const end = lower.indexOf(">", close);
    from = end < 0 ? html.length : end + 1;
  }
  return out + html.slice(from);
}

/** Elements whose content is never text a person reads (head is not among them: an unclosed one would eat the body). */
const INVISIBLE = ["style", "script"];

/** The input without HTML comments (Outlook's `<!--[if gte mso 9]><xml>…</xml><![endif]-->`), in one linear pass. */
function withoutComments(html: string): string {
  let out = "";
  let from = 0;
  for (;;) {
    const start = html.indexOf("<!--", from);
    if (start < 0) break;
    const end = html.indexOf("-->", start + 4);
    out += html.slice(from, start);
    if (end < 0) return out; // unclosed: the rest is the comment
    from = end + 3;
  }
  return out + html.slice(from);
}

/** What is left of markup when the parser cannot be trusted with it: tags dropped, common entities decoded. */
function strippedText(html: string): string {
  const entities: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };
  return withoutElements(html, ["script", "style", "title", "xml"])
    .replace(/<[^<>]*$/, "") // a tag cut by the input cap
    .replace(/<br\s*\/?>|<\/(p|div|tr|li|h\d)>/gi, "\n")
    .replace(/<[^<>]*>/g, " ")
    .replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (entity, name: string) => {
      if (name[0] !== "#") return entities[name.toLowerCase()] ?? entity;
      const code =
        name[1] === "x" || name[1] === "X" ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : entity;
    })
    .replace(/[ \t\u00a0]+/g, " ")
    .replace(/ *\n */g, "\n")
    .replace(/\n{3,}/g, "\n\n");
}

/**
 * The readable text of an HTML body, for when a mail has no text part with content: links kept as
 * `label [url]`. Very large HTML is read up to MAX_HTML_INPUT_CHARS (`truncated`), never dropped.
 */
export function textFromHtml(html: string): { text: string; truncated: boolean } {
  // Word and Outlook HTML can carry megabytes of style sheets and conditional comments before the first word:
  // cutting those at the cap would leave no text at all, so invisible parts go before the cut.
  const visible =
    html.length > MAX_HTML_INPUT_CHARS ? withoutComments(withoutElements(html, INVISIBLE)) : html;
  const truncated = visible.length > MAX_HTML_INPUT_CHARS;
  const input = truncated ? visible.slice(0, MAX_HTML_INPUT_CHARS) : visible;
  let text: string;
  try {
    text = nestsDeeperThan(input, MAX_NESTING_DEPTH) ? strippedText(input) : convert(input);
  } catch {
    text = strippedText(input);
  }
  return {
    text: text
      .replace(/\r\n/g, "\n")
      // Word's empty paragraphs (`<p><o:p>&nbsp;</o:p></p>`) are lines of spaces: blank lines, then collapsed.
      .replace(/^[ \t\u00a0]+$/gm, "")
      .replace(/\n{3,}/g, "\n\n")
      .trim(),
    truncated,
  };
}
