import { type ParsedMail as Parsed, simpleParser } from "mailparser";
import { delimiterOffsets } from "./mime-structure.ts";

/** mailparser made total: what it reads of any message, and why it read less when it did. */

/** mailparser refuses a message of more than 1,000 parts: the first ones are read, the rest stays in the raw. */
export const MAX_PARTS = 900;

/**
 * mailparser never turns HTML into text (`skipHtmlToText`): its converter wraps lines at 80 columns, shouts
 * headings and lists images' URLs (tracking pixels). The desk's own `textFromHtml` reads HTML instead.
 */
const OPTIONS = { skipImageLinks: true, skipHtmlToText: true };

/** The headers that file a message, alone: what is left to read when the message itself cannot be parsed. */
const FILING_HEADERS = [
  "from",
  "sender",
  "reply-to",
  "to",
  "cc",
  "subject",
  "date",
  "message-id",
  "in-reply-to",
  "references",
];

/**
 * mailparser, made total: a message over its part limit is read up to MAX_PARTS parts; one it cannot read at
 * all (headers over its limits, nesting too deep) is read for the headers that file it, and the note says so.
 * `source`: the bytes it read, for the part-by-part reading of the body.
 */
export async function parseBounded(
  raw: Buffer,
  headers: Map<string, string>,
): Promise<{ parsed: Parsed | null; note: "tooManyParts" | "unreadable" | null; source: Buffer }> {
  try {
    return { parsed: await simpleParser(raw, OPTIONS), note: null, source: raw };
  } catch (error) {
    if (/child nodes/i.test(String(error))) {
      const cut = delimiterOffsets(raw.toString("latin1"), MAX_PARTS + 1)[MAX_PARTS];
      if (cut) {
        const source = raw.subarray(0, cut.at);
        const parsed = await simpleParser(source, OPTIONS).catch(() => null);
        if (parsed) return { parsed, note: "tooManyParts", source };
      }
    }
    const head = FILING_HEADERS.flatMap((name) =>
      headers.has(name) ? [`${name}: ${headers.get(name)}\r\n`] : [],
    );
    const source = Buffer.from(`${head.join("")}\r\n`, "latin1");
    const parsed = await simpleParser(source, OPTIONS).catch(() => null);
    return { parsed, note: "unreadable", source };
  }
}
