import { isUtf8 } from "node:buffer";
import iconv from "iconv-lite";
import {
  decodableLabel,
  hexEscapedBytes,
  relabelledWords,
  unlabelledWordBytes,
} from "./encoded-word-charset.ts";
import { delimiterOffsets } from "./mime-structure.ts";

/**
 * Mail software that writes raw 8-bit bytes in headers (RFC 2047 says encode them) or text without a
 * `charset` leaves the reader to guess; mailparser reads such bytes as UTF-8 and turns them into U+FFFD.
 * This finds those bytes before mailparser sees the message, guesses their charset once for the whole
 * message (what the message declares elsewhere first, then a detector over all the undeclared bytes
 * together, which is far more reliable than a guess per header), and hands mailparser the headers as UTF-8
 * and the texts with a declared charset. The raw original is never changed.
 */

const MAX_BLOCKS = 2_000;
const MAX_SAMPLE_BYTES = 64 * 1024;

/** A declared charset, and the 8-bit charsets mail software of that family actually writes. */
const FAMILIES: Record<string, string[]> = {
  "iso-2022-jp": ["shift_jis", "euc-jp"],
  shift_jis: ["shift_jis"],
  gb2312: ["gb18030"],
  gbk: ["gb18030"],
  "ks_c_5601-1987": ["cp949"],
  "euc-kr": ["cp949"],
  "iso-2022-kr": ["cp949"],
};

export type Block = { start: number; end: number; bodyStart: number; bodyEnd: number };

const hasHighBytes = (bytes: Buffer) => bytes.some((b) => b > 0x7f);
/**
 * UTF-8, or nearly (a stray byte in real UTF-8 text must not turn every accent into mojibake). Other
 * charsets form a valid UTF-8 sequence now and then (GBK pairs can), but never ten times more often than not.
 */
function mostlyUtf8(bytes: Buffer): boolean {
  if (isUtf8(bytes)) return true;
  // A character cut at the end (a part truncated by its sender, a sample cut short) is no sign of another charset:
  // a lead byte followed only by continuation bytes up to the end.
  for (let cut = 1; cut <= 3 && cut < bytes.length; cut++) {
    const byte = bytes[bytes.length - cut]!;
    if (byte >= 0xc0) return isUtf8(bytes.subarray(0, bytes.length - cut)) || ratioUtf8(bytes);
    if (byte < 0x80) break;
  }
  return ratioUtf8(bytes);
}
function ratioUtf8(bytes: Buffer): boolean {
  const text = bytes.toString("utf8");
  const invalid = text.match(/\ufffd/g)?.length ?? 0;
  const valid = text.match(/[\u0080-\ufffc\ufffe\uffff]/g)?.length ?? 0;
  return invalid * 10 <= valid;
}
const decodeQuotedPrintable = (text: string) =>
  hexEscapedBytes(
    text
      // Spaces before a line's end are transport padding (RFC 2045 §6.7), before a soft break too.
      .replace(/[ \t]+(?=\r?\n|$)/gm, "")
      .replace(/=\r?\n/g, ""),
  );

/** A part's body (as sent, read as latin1) as its bytes: base64 and quoted-printable undone, else as it is. */
export const partBodyBytes = (body: string, encoding: string | undefined) =>
  encoding === "quoted-printable"
    ? decodeQuotedPrintable(body)
    : encoding === "base64"
      ? Buffer.from(body, "base64")
      : Buffer.from(body, "latin1");

/** Whether `bytes` are text in `charset`: they decode without a replacement character and encode back the same. */
function fits(bytes: Buffer, charset: string): boolean {
  if (!iconv.encodingExists(charset)) return false;
  const text = iconv.decode(bytes, charset);
  return !text.includes("\ufffd") && iconv.encode(text, charset).equals(bytes);
}

async function chooseCharset(sample: Buffer, declared: string[]): Promise<string> {
  const hinted = declared.flatMap((c) => FAMILIES[c] ?? [c]);
  for (const charset of hinted) if (fits(sample, charset)) return charset;
  // Loaded only for the rare message that needs it: the detector's language models are large.
  const { default: jschardet } = await import("jschardet");
  const guesses = jschardet.detectAll(sample).flatMap((g) => (g.encoding ? [g.encoding.toLowerCase()] : []));
  for (const charset of [...guesses, "windows-1252"]) if (fits(sample, charset)) return charset;
  return "latin1"; // every byte is a character: never U+FFFD
}

/** Each header block (the message's own, and one after every boundary line) and the body after it. */
export function blocksOf(text: string): Block[] {
  const delimiters = delimiterOffsets(text, MAX_BLOCKS);
  const starts = [0, ...delimiters.filter((d) => !d.closing).map((d) => d.eol)];
  return starts.map((start) => {
    // A header block ends at a blank line, and never runs past the next boundary line: searching only up to
    // there keeps the whole walk linear however many parts lack their blank line.
    const limit = delimiters.find((d) => d.at >= start)?.at ?? text.length;
    const segment = text.slice(start, limit);
    const empty = /^\r?\n/.exec(segment);
    const found = empty ? null : /\r?\n\r?\n/.exec(segment);
    const end = empty ? start : found ? start + segment.indexOf("\n", found.index) + 1 : limit;
    const bodyStart = empty ? start + empty[0].length : found ? start + found.index + found[0].length : limit;
    const bodyEnd = delimiters.find((d) => d.at >= bodyStart)?.at ?? text.length;
    return { start, end, bodyStart, bodyEnd };
  });
}

/**
 * Whether a Content-Type declares a charset its texts can be read by. A declared UTF-8 or ASCII that the bytes
 * belie is no declaration (a common mailer bug), nor is a label no decoder knows (`unknown-8bit`,
 * `x-user-defined`, `default`): mailparser would read those bytes as UTF-8 and show U+FFFD.
 */
function trustedCharset(type: string): boolean {
  const label = /charset\s*=\s*"?([^\s";]*)/i.exec(type)?.[1]?.toLowerCase();
  if (label === undefined || /^(utf-?8|us-ascii|ascii)$/.test(label)) return false;
  return decodableLabel(label);
}

/** How far into an HTML part its `<meta>` charset is looked for (browsers prescan 1,024 bytes; mail heads run longer). */
const META_SCAN_BYTES = 8 * 1024;
/** Labels browsers read as windows-1252 (WHATWG Encoding): ERP and legacy mailers mean it when they write them. */
const AS_WINDOWS_1252 = /^(iso-8859-1|iso8859-1|latin1|l1|us-ascii|ascii|cp819|ibm819|iso_8859-1)$/;

/**
 * The charset an HTML part declares in a `<meta>` (`<meta charset="…">`, or `http-equiv="Content-Type"` with
 * `content="text/html; charset=…"`), as a browser reads it; null without one, or with one no decoder knows.
 */
function metaCharset(html: Buffer): string | null {
  const head = html.subarray(0, META_SCAN_BYTES).toString("latin1");
  const label = /<meta\b[^<>]{0,500}?\bcharset\s*=\s*["']?\s*([\w.:-]{1,40})/i.exec(head)?.[1]?.toLowerCase();
  if (!label) return null;
  const charset = AS_WINDOWS_1252.test(label) ? "windows-1252" : label;
  return iconv.encodingExists(charset) ? charset : null;
}

/** Appends the charset to the Content-Type field of a header block, or adds one. */
export const withCharset = (head: string, charset: string) => {
  const field = /^content-type:[^\r\n]*(\r?\n[ \t][^\r\n]*)*/im.exec(head);
  if (!field) return `Content-Type: text/plain; charset=${charset}\r\n${head}`;
  const declared = /(\bcharset\s*=\s*)("[^"]*"|[^\s;]+)/i.exec(field[0]);
  if (declared) {
    const at = field.index + declared.index + declared[1]!.length;
    return `${head.slice(0, at)}${charset}${head.slice(at + declared[2]!.length)}`;
  }
  const at = field.index + field[0].length;
  return `${head.slice(0, at)}; charset=${charset}${head.slice(at)}`;
};

/** The raw message as mailparser should read it: undeclared 8-bit headers and texts given their charset. */
export async function declareUndeclaredCharsets(raw: Buffer): Promise<Buffer> {
  const text = raw.toString("latin1");
  // 8-bit bytes show in the raw message, hide under a transfer encoding, or in an encoded word (`unknown-8bit`).
  if (
    !hasHighBytes(raw) &&
    !/^content-transfer-encoding:[ \t]*"?(base64|quoted-printable)/im.test(text) &&
    !text.includes("=?")
  )
    return raw;
  const declared = [
    ...new Set(
      [...text.matchAll(/\bcharset\s*=\s*"?([\w.:-]+)/gi)]
        .map((m) => m[1]!.toLowerCase())
        .filter((c) => !/^(us-ascii|ascii|utf-?8)$/.test(c)),
    ),
  ];
  // `own`: the charset an HTML part's `<meta>` gives its undeclared bytes, as a browser reads it.
  // `words`: the bytes of encoded words labelled `unknown-8bit` and the like (core/mail/encoded-word-charset.ts).
  type Fix = { block: Block; transcode: boolean; sample: Buffer | null; own?: string; words?: Buffer };
  const fixes: Fix[] = [];
  for (const block of blocksOf(text)) {
    const head = raw.subarray(block.start, block.end);
    const transcode = hasHighBytes(head) && !mostlyUtf8(head);
    const unfolded = text.slice(block.start, block.end).replace(/\r?\n[ \t]+/g, " ");
    const type = /^content-type:[ \t]*([^\r\n]*)/im.exec(unfolded)?.[1];
    const encoding = /^content-transfer-encoding:[ \t]*([\w-]+)/im.exec(unfolded)?.[1]?.toLowerCase();
    let sample: Buffer | null = null;
    // Under base64 or quoted-printable, only a text that declares no charset at all and is no file: a declared
    // UTF-8 there is the sender's word (mailparser reads it so), and a file's bytes are not the message's words.
    const encoded = encoding === "base64" || encoding === "quoted-printable";
    const undeclared =
      !encoded ||
      (!/charset\s*=/i.test(type ?? "") &&
        !/^content-disposition:[ \t]*attachment\b|\b(file)?name\*?\s*=/im.test(unfolded));
    if ((type === undefined || /^\s*text\//i.test(type)) && !trustedCharset(type ?? "") && undeclared) {
      // A sample is enough to tell the charset: a long encoded part is decoded only so far.
      const body = text.slice(
        block.bodyStart,
        encoded ? Math.min(block.bodyEnd, block.bodyStart + 400_000) : block.bodyEnd,
      );
      const bytes = partBodyBytes(body, encoding);
      if (hasHighBytes(bytes) && !mostlyUtf8(bytes)) sample = bytes;
    }
    const own = sample && /^\s*text\/html\b/i.test(type ?? "") ? metaCharset(sample) : null;
    const unlabelled = unlabelledWordBytes(unfolded);
    const words = unlabelled.length ? unlabelled : undefined;
    if (own && fits(sample!, own)) fixes.push({ block, transcode, sample: null, own, words });
    else if (transcode || sample || words) fixes.push({ block, transcode, sample, words });
  }
  if (!fixes.length) return raw;

  const samples = fixes.flatMap((f) => [
    ...(f.transcode ? [raw.subarray(f.block.start, f.block.end)] : []),
    ...(f.sample ? [f.sample] : []),
    ...(f.words && !mostlyUtf8(f.words) ? [f.words] : []),
  ]);
  const sampled = Buffer.concat(samples).subarray(0, MAX_SAMPLE_BYTES);
  // A few 8-bit bytes in encoded words alone tell a detector nothing: read them as the West's mail software wrote them.
  const fewWordBytes =
    fixes.every((f) => !f.transcode && !f.sample) && sampled.filter((b) => b > 0x7f).length < 16;
  const charset = !samples.length
    ? "latin1"
    : fewWordBytes && !declared.length
      ? "windows-1252"
      : await chooseCharset(sampled, declared);
  const pieces: Buffer[] = [];
  let from = 0;
  for (const { block, transcode, sample, own, words } of fixes) {
    const bytes = raw.subarray(block.start, block.end);
    // Transcoded headers become UTF-8 (RFC 6532); untouched ones keep their exact bytes.
    let head = transcode ? iconv.decode(bytes, charset) : bytes.toString("latin1");
    if (sample || own) head = withCharset(head, own ?? charset);
    if (words) head = relabelledWords(head, mostlyUtf8(words) ? "utf-8" : charset);
    pieces.push(raw.subarray(from, block.start), Buffer.from(head, transcode ? "utf8" : "latin1"));
    from = block.end;
  }
  pieces.push(raw.subarray(from));
  return Buffer.concat(pieces);
}
