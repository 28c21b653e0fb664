import iconv from "iconv-lite";
import { blocksOf, partBodyBytes, withCharset } from "./charset.ts";
import { attachedMessageEnds } from "./mime-structure.ts";

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
    return rewritten(text) ?? raw;
  } catch {
    return raw; // read as mailparser would have
  }
}

function rewritten(text: string): Buffer | null {
  const pieces: string[] = [];
  let from = 0;
  let attachedUntil = -1;
  const attachedMessageEnd = attachedMessageEnds(text);
  for (const block of blocksOf(text)) {
    // The parts of an attached message are its own: left as received.
    if (block.start < attachedUntil) continue;
    const head = text.slice(block.start, block.end);
    const unfolded = head.replace(/\r?\n[ \t]+/g, " ");
    const type = /^content-type:[ \t]*([^\r\n]*)/im.exec(unfolded)?.[1] ?? "";
    if (block.start > 0 && /^\s*message\/(rfc822|global)\b/i.test(type))
      attachedUntil = attachedMessageEnd(block.start, block.bodyStart);
    const label = /charset\s*=\s*"?([^\s";]*)/i.exec(type)?.[1] ?? "";
    const words = withUtf8Words(head);
    if (!(/^\s*text\//i.test(type) && UTF7_LABEL.test(label))) {
      if (words !== head) {
        pieces.push(text.slice(from, block.start), words);
        from = block.end;
      }
      continue;
    }
    const encoding = /^content-transfer-encoding:[ \t]*([\w-]+)/im.exec(unfolded)?.[1]?.toLowerCase();
    const body = text.slice(block.bodyStart, block.bodyEnd);
    const bytes = partBodyBytes(body, encoding);
    const utf8 = Buffer.from(iconv.decode(bytes, "utf7"), "utf8").toString("base64");
    const newHead = withCharset(words, "utf-8").replace(
      /^content-transfer-encoding:[^\r\n]*(\r?\n[ \t][^\r\n]*)*\r?\n/im,
      "",
    );
    pieces.push(
      text.slice(from, block.start),
      newHead.replace(/(\r?\n)?$/, "\r\nContent-Transfer-Encoding: base64$1"),
      text.slice(block.end, block.bodyStart),
      `${utf8.replace(/.{76}/g, "$&\r\n")}\r\n`,
    );
    from = block.bodyEnd;
  }
  if (!pieces.length) return null;
  pieces.push(text.slice(from));
  return Buffer.from(pieces.join(""), "latin1");
}
