import { blocksOf, partBodyBytes } from "./charset.ts";
import { viaMailingList } from "./mailing-list.ts";
import { boundariesOf } from "./mime-structure.ts";

/**
 * Two repairs on the bytes mailparser is given (the raw original in S3 is never changed), both about the parts
 * it would read as the body (text/plain and text/html not marked `attachment`):
 *
 * - A text or HTML file sent inline with a name (Apple Mail marks every attached file `inline`: `orders.html`,
 *   `app.log`, `export.csv` beside the words the sender wrote) is a file, not the body, when the message has a
 *   body of its own: it is marked `attachment`, so it is listed and downloadable under its name (mailparser would
 *   otherwise merge a named text part into the body text). A message whose only content is such a file (a
 *   report generator's `report.html`) keeps it as its body, as a mail client shows it: else the desk would file
 *   "(attachments only)" and triage and search would read nothing. Text parts without a name stay body, in order
 *   (Apple Mail splits the typed text around attachments into several). A mailing list's header and footer parts
 *   are no body of their own (see `listPartsOf`): they are still read, before and after the rest, as every such
 *   part is.
 * - A body part is read up to a size (MAX_HTML_PART_BYTES for HTML, MAX_TEXT_PARTS_BYTES for all the body parts
 *   together, as sent: transfer-encoded): mailparser holds each text part whole in memory, several times over
 *   (decoded, as a string, joined), and a 30 MB HTML part beside a list footer took the 256 MB worker to its
 *   limit. The rest stays in the raw original; the caller says the message was read in part.
 */

/** The HTML of one part read at most (about 3 MB of markup once base64 is undone; the reader converts 1 MB). */
export const MAX_HTML_PART_BYTES = 4 * 1024 * 1024;
/** The body parts of a message read at most, in all (the plain text read is 4 MB and a little). */
export const MAX_TEXT_PARTS_BYTES = 8 * 1024 * 1024;

interface Part {
  start: number;
  end: number;
  bodyStart: number;
  bodyEnd: number;
  type: string;
  disposition: string;
  named: boolean;
  encoding: string;
  /** The type of the multipart it is a part of ("" for the root). */
  parent: string;
  /** The index of that multipart in the list of parts (-1 for the root). */
  parentIndex: number;
}

const fieldOrNull = (head: string, name: string) =>
  new RegExp(`^${name}:[ \\t]*([^\\r\\n]*)`, "im").exec(head)?.[1]?.trim() ?? null;
const field = (head: string, name: string) => fieldOrNull(head, name) ?? "";

/** The boundary of the delimiter line that ends just before `start`. */
function boundaryBefore(text: string, start: number): string {
  const lineStart = text.lastIndexOf("\n", start - 2) + 1;
  return text.slice(lineStart, start).trim().slice(2);
}

/**
 * The message's own parts, the root first. An attached message's parts are left out: their boundary is declared
 * inside the attachment's body, by no part of the message (and the attached .eml must stay as received).
 */
function partsOf(text: string): Part[] {
  /** Each multipart's boundary, with its index in `parts`. */
  const own = new Map<string, number>();
  const parts: Part[] = [];
  for (const [index, block] of blocksOf(text).entries()) {
    const parentIndex = index > 0 ? own.get(boundaryBefore(text, block.start)) : -1;
    if (parentIndex === undefined) continue;
    const head = text.slice(block.start, block.end).replace(/\r?\n[ \t]+/g, " ");
    const type = field(head, "content-type");
    const disposition = field(head, "content-disposition");
    const bare = (type.split(";")[0] ?? "").trim().toLowerCase();
    if (bare.startsWith("multipart/"))
      for (const boundary of boundariesOf(type)) own.set(boundary, parts.length);
    parts.push({
      ...block,
      parent: parts[parentIndex]?.type ?? "",
      parentIndex,
      type: bare,
      disposition: (disposition.split(";")[0] ?? "").trim().toLowerCase(),
      named:
        /(^|[;\s])file(name)?\*?(\d+\*?)?\s*=/i.test(disposition) ||
        /(^|[;\s])name\*?(\d+\*?)?\s*=/i.test(type),
      encoding: field(head, "content-transfer-encoding").toLowerCase(),
    });
  }
  return parts;
}

/** A part mailparser reads as body text (a part without a type is text/plain; the root's too). */
const readAsText = (part: Part) =>
  (part.type === "" || part.type === "text/plain" || part.type === "text/html") &&
  part.disposition !== "attachment";

/**
 * The most a list's header or footer part is, as sent: a default footer is a few hundred bytes, some lists add a
 * disclaimer.
 */
const MAX_LIST_PART_BYTES = 4 * 1024;

/** The List-* fields whose addresses and sites a list's footer repeats (RFC 2369), and List-Id (RFC 2919). */
const LIST_FIELDS = [
  "list-post",
  "list-unsubscribe",
  "list-help",
  "list-archive",
  "list-subscribe",
  "list-owner",
];

/**
 * The hosts a list's headers name: each mailto's domain and each site's host, and the domain of List-Id's id
 * (`ops.lists.client.example`: Mailman's footer says `ops@lists.client.example`).
 */
function listHosts(head: string): string[] {
  const hosts: string[] = [];
  for (const name of LIST_FIELDS) {
    for (const [, inside = ""] of (fieldOrNull(head, name) ?? "").matchAll(/<([^>]*)>/g)) {
      const host = /^mailto:[^@?]*@([^?]+)/i.exec(inside)?.[1] ?? /^https?:\/\/([^/:?#]+)/i.exec(inside)?.[1];
      if (host) hosts.push(host.trim().toLowerCase());
    }
  }
  const id = /<([^>]+)>/.exec(fieldOrNull(head, "list-id") ?? "")?.[1]?.toLowerCase();
  const domain = id?.slice(id.indexOf(".") + 1);
  if (domain?.includes(".")) hosts.push(domain);
  return hosts.filter((host) => host.includes("."));
}

/** A part's body as text (base64 and quoted-printable undone), to read its words. */
function wordsOf(text: string, part: Part): string {
  return partBodyBytes(text.slice(part.bodyStart, part.bodyEnd), part.encoding).toString("latin1");
}

/** Past this size (as sent) a body part is taken to hold words without reading it. */
const WORDS_LOOKED_FOR_BYTES = 16 * 1024;

/** The text of HTML as shown: no head, style or script (an unclosed one runs to the end), tags or no-break spaces. */
function shownText(html: string): string {
  const lower = html.toLowerCase();
  const blocks = /<(head|style|script)\b/g;
  let shown = "";
  let from = 0;
  for (let open = blocks.exec(lower); open; open = blocks.exec(lower)) {
    shown += lower.slice(from, open.index);
    const close = lower.indexOf(`</${open[1]}`, open.index);
    from = close < 0 ? lower.length : close;
    blocks.lastIndex = from + 1;
  }
  shown += lower.slice(from);
  // `<[^<>]*>`, not `<[^>]*>`: a stray "<" ends the match, so the scan stays linear.
  return shown.replace(/<[^<>]*>|&(nbsp|#160|#xa0);/g, " ");
}

/**
 * Whether a body part holds words a person reads: Apple Mail in rich text sends an empty text twin and HTML parts
 * whose markup shows nothing around the files, and they are no body of their own beside a file.
 */
function hasWords(text: string, part: Part): boolean {
  if (part.bodyEnd - part.bodyStart > WORDS_LOOKED_FOR_BYTES) return true;
  const words = wordsOf(text, part);
  return /\S/.test(part.type === "text/html" ? shownText(words) : words);
}

/**
 * The parts a mailing list added around the message, if any: its footer, and its header when the list has one
 * (Mailman's `msg_header`). Mailman (2.1 and 3) and Sympa add them as the first and last parts of a
 * multipart/mixed (wrapping a message that is no multipart/mixed into one): each a short text part without a
 * name that names the list (an address or site of its List-* headers, as every default footer does, and a header
 * a list admin writes: "Posted to ops@lists…"), a header only beside such a footer and with the footer's own part
 * fields (the list wrote both). Only in a message a list delivered (its list headers,
 * core/mail/mailing-list.ts), and only beside some other part: a person's opening or closing words around a file
 * are theirs, in mail that came straight and in mail with list headers all the same (a sending tool adds
 * List-Unsubscribe; a desk reached through a Google Group gets List-Id).
 */
function listPartsOf(text: string, parts: Part[]): Part[] {
  const [root] = parts;
  if (root?.type !== "multipart/mixed") return [];
  const head = text.slice(root.start, root.end).replace(/\r?\n[ \t]+/g, " ");
  if (!viaMailingList((name) => fieldOrNull(head, name))) return [];
  const children = parts.filter((part) => part.parentIndex === 0);
  if (children.length < 2) return [];
  const hosts = listHosts(head);
  const namesList = (part: Part) => {
    const short = part.bodyEnd - part.bodyStart <= MAX_LIST_PART_BYTES;
    if (!readAsText(part) || part.named || !short) return false;
    const words = wordsOf(text, part).toLowerCase();
    return hosts.some((host) => words.includes(host));
  };
  const [first, last] = [children[0]!, children.at(-1)!];
  if (!namesList(last)) return [];
  // A header comes with the footer and is written as it is (Mailman's Decorate.py: the same MIMEText, marked
  // inline): a person's first words that name the list ("Sending this to ops@lists…") come in their client's part.
  const fields = (part: Part) => text.slice(part.start, part.end).replace(/\s+/g, " ").trim().toLowerCase();
  return namesList(first) && fields(first) === fields(last) ? [first, last] : [last];
}

/** Where to cut a body of `text[from, to)` to at most `max` bytes: after a whole line, else a whole base64 quantum. */
function cutAt(text: string, from: number, to: number, max: number, encoding: string): number {
  if (to - from <= max) return to;
  const line = text.lastIndexOf("\n", from + max);
  if (line > from) return line;
  if (encoding === "base64") return from + max - (max % 4);
  // A quoted-printable escape is not split (`=C3` cut after `=`).
  const at = from + max;
  const equals = text.lastIndexOf("=", at);
  return encoding === "quoted-printable" && equals > at - 3 ? equals : at;
}

export interface PreparedParts {
  raw: Buffer;
  /** Named text and HTML files moved from the body to the attachments. */
  filesOutOfBody: number;
  /** A body part was longer than the desk reads: the text is cut. */
  cut: boolean;
}

/** The message as mailparser should read it (see the top of this file); `raw` itself when nothing changes. */
export function prepareInlineParts(raw: Buffer): PreparedParts {
  const text = raw.toString("latin1");
  const parts = partsOf(text);
  const [root] = parts;
  const bodies = parts.filter((part) => part !== root || !/^multipart\//.test(part.type));
  // Never an alternative's or a related set's part (a mailer that names its HTML or text body): a file is a
  // part of its own. text/calendar, message/* and the rest are not read as text: mailparser already keeps them.
  const isFile = (part: Part) =>
    part !== root &&
    part.named &&
    readAsText(part) &&
    part.parent !== "multipart/alternative" &&
    part.parent !== "multipart/related";
  const listParts = listPartsOf(text, parts);
  const hasOwnBody = bodies.some(
    (part) => readAsText(part) && !part.named && !listParts.includes(part) && hasWords(text, part),
  );
  const files = hasOwnBody ? bodies.filter(isFile) : [];

  const pieces: Buffer[] = [];
  let from = 0;
  let cut = false;
  let budget = MAX_TEXT_PARTS_BYTES;
  for (const part of bodies) {
    if (files.includes(part)) {
      // `inline` becomes `attachment` (or the field is added): only the header block changes. The field may be
      // folded just after its colon.
      const head = text.slice(part.start, part.end);
      const marked = /^content-disposition:/im.test(head)
        ? head.replace(/^(content-disposition:[ \t]*(?:\r?\n[ \t]+)?)inline\b/im, "$1attachment")
        : `Content-Disposition: attachment\r\n${head}`;
      pieces.push(raw.subarray(from, part.start), Buffer.from(marked, "latin1"));
      from = part.end;
      continue;
    }
    if (!readAsText(part)) continue;
    const max = Math.min(budget, part.type === "text/html" ? MAX_HTML_PART_BYTES : budget);
    const end = cutAt(text, part.bodyStart, part.bodyEnd, max, part.encoding);
    budget = Math.max(0, budget - (end - part.bodyStart));
    if (end === part.bodyEnd) continue;
    cut = true;
    pieces.push(raw.subarray(from, end));
    from = part.bodyEnd;
  }
  if (!pieces.length) return { raw, filesOutOfBody: 0, cut: false };
  pieces.push(raw.subarray(from));
  return { raw: Buffer.concat(pieces), filesOutOfBody: files.length, cut };
}
