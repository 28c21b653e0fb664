import iconv from "iconv-lite";

/**
 * RFC 2047 encoded words whose charset label no decoder knows: Postfix and sendmail gateways write
 * `=?unknown-8bit?Q?Probl=E8me_=E9cran?=` for a raw 8-bit header they had to encode, and mailparser then reads
 * the bytes as UTF-8 (U+FFFD). core/mail/charset.ts guesses their charset with the message's other undeclared
 * bytes (the body labelled `unknown-8bit` too, as a rule) and relabels the words with it.
 */

/** Whether a charset label is one the desk's decoders read (iconv-lite, or libmime for Japanese, Korean, Mac). */
export const decodableLabel = (label: string) =>
  iconv.encodingExists(label) || /^(iso-2022|csiso2022|x-mac|x-euc)/.test(label);

const ENCODED_WORD = /=\?([^?\s*]{1,60})(\*[^?\s]{0,20})?\?([qb])\?([^?\s]{0,2000})\?=/gi;

/** A label that says nothing of the bytes: not one a decoder knows, nor UTF-8/ASCII (read as such already). */
const unlabelled = (label: string) => {
  const lower = label.toLowerCase();
  return !/^(utf-?8|us-ascii|ascii)$/.test(lower) && !decodableLabel(lower);
};

/**
 * The bytes of quoted-printable text once its other rules are applied (a Q word's `_`, a body's soft breaks and
 * padding: each caller's own): every `=XX` is the byte XX, every other character (read as latin1) itself.
 */
export const hexEscapedBytes = (text: string) =>
  Buffer.from(
    text.replace(/=([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
    "latin1",
  );

/** An encoded word's bytes: base64 (B), or Q, where `_` is a space (RFC 2047 4.2; never so in a body). */
const wordBytes = (encoding: string, text: string) =>
  encoding.toLowerCase() === "b" ? Buffer.from(text, "base64") : hexEscapedBytes(text.replace(/_/g, " "));

/** The bytes of a header block's encoded words with a label no decoder knows (empty when it has none). */
export const unlabelledWordBytes = (head: string): Buffer =>
  Buffer.concat(
    [...head.matchAll(ENCODED_WORD)].filter((m) => unlabelled(m[1]!)).map((m) => wordBytes(m[3]!, m[4]!)),
  );

/** The header block with those words labelled `charset`. */
export const relabelledWords = (head: string, charset: string): string =>
  head.replace(ENCODED_WORD, (word, label: string, language = "", encoding: string, text: string) =>
    unlabelled(label) ? `=?${charset}${language}?${encoding}?${text}?=` : word,
  );
