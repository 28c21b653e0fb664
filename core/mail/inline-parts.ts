import { blocksOf } from "./charset.ts";
import { boundariesOf } from "./mime-structure.ts";

/**
 * Two repairs on the bytes mailparser is given (the raw original in S3 is never changed), both about the parts
 * it would read as the body (text/plain and text/html not marked `attachment`):
 *
 * - An HTML file sent inline with a name (Apple Mail marks every attached file `inline`; `orders.html` beside
 *   the words the sender wrote) is a file, not the body, when the message has a body of its own: it is marked
 *   `attachment`, so it is listed and downloadable under its name. A message whose only content is such a file
 *   (a report generator's `report.html`) keeps it as its body, as a mail client shows it: else the desk would
 *   file "(attachments only)" and triage and search would read nothing.
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
}

const field = (head: string, name: string) =>
  new RegExp(`^${name}:[ \\t]*([^\\r\\n]*)`, "im").exec(head)?.[1]?.trim() ?? "";

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
  const own = new Map<string, string>();
  const parts: Part[] = [];
  for (const [index, block] of blocksOf(text).entries()) {
    const parent = index > 0 ? own.get(boundaryBefore(text, block.start)) : "";
    if (parent === undefined) continue;
    const head = text.slice(block.start, block.end).replace(/\r?\n[ \t]+/g, " ");
    const type = field(head, "content-type");
    const disposition = field(head, "content-disposition");
    const bare = (type.split(";")[0] ?? "").trim().toLowerCase();
    if (bare.startsWith("multipart/")) for (const boundary of boundariesOf(type)) own.set(boundary, bare);
    parts.push({
      ...block,
      parent,
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
  /** Named HTML files moved from the body to the attachments. */
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
  // Never an alternative's or a related set's HTML (a mailer that names its HTML body): a file is a part of its own.
  const isFile = (part: Part) =>
    part !== root &&
    part.named &&
    part.type === "text/html" &&
    part.parent !== "multipart/alternative" &&
    part.parent !== "multipart/related";
  const hasOwnBody = bodies.some(
    (part) => readAsText(part) && !part.named && /\S/.test(text.slice(part.bodyStart, part.bodyEnd)),
  );
  const files = hasOwnBody ? bodies.filter((part) => readAsText(part) && isFile(part)) : [];

  const pieces: Buffer[] = [];
  let from = 0;
  let cut = false;
  let budget = MAX_TEXT_PARTS_BYTES;
  for (const part of bodies) {
    if (files.includes(part)) {
      // `inline` becomes `attachment` (or the field is added): only the header block changes.
      const head = text.slice(part.start, part.end);
      const marked = /^content-disposition:/im.test(head)
        ? head.replace(/^(content-disposition:[ \t]*)inline\b/im, "$1attachment")
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
