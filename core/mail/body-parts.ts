import { MailParser, type ParsedMail as Parsed } from "mailparser";
import { MAX_HTML_INPUT_CHARS, textFromHtml } from "./html-text.ts";

/**
 * The body of a message whose HTML stands beside text parts, read part by part in MIME order: text/plain as
 * written (mailparser has already undone its transfer encoding, charset and format=flowed), text/html by the
 * desk's own HTML reader, and a multipart/alternative by its text/plain twin, else by its HTML. mailparser alone
 * cannot do this: told to skip HTML it leaves an empty slot for such a part, and told to read it, it converts it
 * with its own reader (80-column hard wraps, headings in capitals, image URLs).
 */

/**
 * A node of mailparser's part tree (`MailParser#tree`, internal: not in its types). Its text parts hold their
 * decoded text in `textContent`; parts it treats as attachments (images, named files) have `isAttachment`.
 */
interface PartNode {
  contentType?: string;
  isAttachment?: boolean;
  textContent?: string;
  /** Set on the parts of an inline message/rfc822, whose headers mailparser writes into the text. */
  showMeta?: boolean;
  children?: PartNode[];
}

export interface BodyPartsText {
  text: string;
  /** An HTML part was longer than the HTML reader reads, or the parts were longer than `maxChars`. */
  truncated: boolean;
}

/** What mailparser puts in `text` as written: plain text, and a delivery report's status fields. */
const AS_WRITTEN = new Set(["text/plain", "message/delivery-status"]);

/**
 * Whether the text mailparser gave may differ from the part-by-part reading: the message has HTML and text, and
 * either more than one part went into the text or a text part was also put into the HTML (mailparser adds the
 * text parts outside an alternative to `html` too). `textAsHtml` joins one `<p>…</p>` per part with `<br/>\n`
 * (which a part's own conversion never contains); a skipped HTML part is an empty `<p></p>`. A plain
 * multipart/alternative gives one part not found in the HTML; a false positive costs one more parse and reads
 * the same, since the reading below keeps an alternative's text twin.
 */
export function mayHaveHtmlBesideText(parsed: Parsed | null): boolean {
  if (typeof parsed?.html !== "string" || !parsed.text?.trim() || typeof parsed.textAsHtml !== "string")
    return false;
  const html = parsed.html;
  const parts = parsed.textAsHtml.split("<br/>\n");
  return parts.length > 1 || parts.some((part) => part !== "<p></p>" && html.includes(part));
}

/** mailparser's own part tree for `raw`, with the same decoding as `simpleParser`; null when it cannot read it. */
async function partTree(raw: Buffer): Promise<PartNode | null> {
  const parser = new MailParser({
    skipHtmlToText: true,
    skipImageLinks: true,
    skipTextToHtml: true,
    skipTextLinks: true,
  });
  parser.on("data", (data: { type: string; content?: NodeJS.ReadableStream; release?: () => void }) => {
    // Attachments are not kept here (the first parse has them): drained, so the parser goes on.
    if (data.type === "attachment" && data.content) {
      data.content.on("end", () => data.release?.());
      data.content.resume();
    }
  });
  try {
    await new Promise<void>((resolve, reject) => {
      parser.once("end", resolve);
      // `on`, not `once`: MailParser may emit several errors, and one without a listener would end the process.
      parser.on("error", reject);
      parser.end(raw);
    });
  } catch {
    return null;
  }
  const tree = (parser as unknown as { tree?: PartNode | false }).tree;
  return tree || null;
}

// mailparser's tree is internal: read defensively, so that a change in it means a fallback, never a lost mail.
const contentTypeOf = (node: PartNode) =>
  typeof node.contentType === "string" ? node.contentType.toLowerCase() : "";
const childrenOf = (node: PartNode): PartNode[] => (Array.isArray(node.children) ? node.children : []);

/** Every node of a subtree, attachments included (an inline message/rfc822 is an attachment node with parts). */
function* allParts(node: PartNode): Generator<PartNode> {
  yield node;
  for (const child of childrenOf(node)) yield* allParts(child);
}

/** Every node of a subtree, depth first in MIME order, attachments left out. */
function* inlineParts(node: PartNode): Generator<PartNode> {
  if (node.isAttachment) return;
  yield node;
  for (const child of childrenOf(node)) yield* inlineParts(child);
}

/** The displayable parts' texts in MIME order, each with whether it came from HTML. */
type Piece = { text: string; html: boolean };

/**
 * An alternative's reading: its text/plain parts when one has words (as mailparser reads it: every text part
 * under it, nested ones too), else the HTML parts of its last choice that has any (the sender's preferred one).
 */
function alternativePieces(node: PartNode): Piece[] {
  const plain = [...inlineParts(node)].filter(
    (part) => AS_WRITTEN.has(contentTypeOf(part)) && part.textContent,
  );
  if (plain.some((part) => part.textContent!.trim()))
    return plain.map((part) => ({ text: part.textContent!, html: false }));
  const choices = childrenOf(node).map((child) =>
    [...inlineParts(child)].filter((part) => contentTypeOf(part) === "text/html" && part.textContent),
  );
  const preferred = choices.findLast((parts) => parts.length > 0) ?? [];
  return preferred.map((part) => ({ text: part.textContent!, html: true }));
}

function pieces(node: PartNode): Piece[] {
  if (node.isAttachment) return [];
  const type = contentTypeOf(node);
  if (type === "multipart/alternative") return alternativePieces(node);
  if (node.textContent && AS_WRITTEN.has(type)) return [{ text: node.textContent, html: false }];
  if (node.textContent && type === "text/html") return [{ text: node.textContent, html: true }];
  return childrenOf(node).flatMap(pieces);
}

/**
 * The body text of `raw` read part by part (see the top of this file), or null when mailparser cannot read it
 * or the message has a part this reading does not cover (an inline message/rfc822, whose headers mailparser
 * writes into the text): the caller keeps mailparser's text then. Reading stops once `maxChars` are read.
 */
export async function bodyPartsText(raw: Buffer, maxChars: number): Promise<BodyPartsText | null> {
  const tree = await partTree(raw);
  if (!tree || [...allParts(tree)].some((part) => part.showMeta)) return null;
  const texts: string[] = [];
  let length = 0;
  let truncated = false;
  let htmlRead = 0;
  for (const piece of pieces(tree)) {
    // The HTML read is bounded in all, not only part by part: 900 parts of markup would each be read in full.
    if (length > maxChars || (piece.html && htmlRead > MAX_HTML_INPUT_CHARS)) {
      truncated = true;
      break;
    }
    let text = piece.text;
    if (piece.html) {
      htmlRead += text.length;
      const read = textFromHtml(text);
      truncated ||= read.truncated;
      // A block ends its line: what follows an HTML part starts after a blank line, as a mail client shows it.
      text = read.text ? `${read.text}\n` : "";
    }
    if (!text) continue;
    texts.push(text);
    length += text.length;
  }
  // Joined as mailparser joins its parts, so that the text parts read exactly as they did before.
  return { text: texts.join("\n"), truncated };
}
