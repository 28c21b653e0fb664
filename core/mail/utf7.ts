import iconv from "iconv-lite";
import { withCharset } from "./charset.ts";
import { type PartChange, type RawPart, rewriteParts } from "./rewrite-parts.ts";

/**
 * Older Outlook versions could send mail in UTF-7 (`charset=utf-7`, `=?utf-7?Q?Caf+AOk-?=`). mailparser's
 * charset library refuses to decode UTF-7 (it can hide markup from filters that read the raw text) and shows
 * it as is: "Caf+AOk- machine en panne". The desk sanitizes HTML after decoding, so decoding is safe here: this
 * rewrites UTF-7 encoded words and UTF-7 text parts as UTF-8 before mailparser reads them. The raw original
 * is never changed, nor is a message attached to it (message/rfc822): its stored .eml stays as received, and
 * it is decoded when it is read on its own.
 */

const UTF7_LABEL = /^(utf-?7|unicode-1-1-utf-7|csunicode11utf7)$/i;
const ENCODED_WORD = /=\?(utf-?7|unicode-1-1-utf-7)(\*[\w-]+)?\?([bq])\?([^?\s]*)\?=/gi;

const fromQ = (text: string) =>
  Buffer.from(
    text
      .replace(/_/g, " ")
      .replace(/=([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
    "latin1",
  );

/** A UTF-7 encoded word as the same text in a UTF-8 one. */
const asUtf8Word = (_: string, _charset: string, _lang: string, kind: string, text: string) => {
  const bytes = kind.toLowerCase() === "b" ? Buffer.from(text, "base64") : fromQ(text);
  return `=?UTF-8?B?${Buffer.from(iconv.decode(bytes, "utf7"), "utf8").toString("base64")}?=`;
};

/** A header value with its UTF-7 encoded words as UTF-8 ones, which any MIME library decodes. */
export const withUtf8Words = (header: string) => header.replace(ENCODED_WORD, asUtf8Word);

/** The raw message with its UTF-7 headers and text parts in UTF-8 (unchanged when it has none). */
export function decodeUtf7(raw: Buffer): Buffer {
  const text = raw.toString("latin1");
  if (!/utf-?7/i.test(text)) return raw;
  try {
    return rewriteParts(text, inUtf8) ?? raw;
  } catch {
    return raw; // read as mailparser would have
  }
}

/** A part's UTF-7 encoded words, and its text when in UTF-7, as UTF-8. */
function inUtf8({ head, type, bytes }: RawPart): PartChange | undefined {
  const label = /charset\s*=\s*"?([^\s";]*)/i.exec(type)?.[1] ?? "";
  const words = withUtf8Words(head);
  if (!(/^\s*text\//i.test(type) && UTF7_LABEL.test(label)))
    return words !== head ? { head: words } : undefined;
  return { head: withCharset(words, "utf-8"), base64: Buffer.from(iconv.decode(bytes(), "utf7"), "utf8") };
}
