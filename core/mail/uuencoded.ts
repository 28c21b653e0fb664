/**
 * Files uuencoded into a plain-text body (`uuencode report.csv report.csv | mail …` in a cron job, old mail
 * clients, scanners and ERP exports): mailparser leaves them as lines of text, so the desk would show and triage
 * read kilobytes of `M4F5S…` and list no file. Each whole block — `begin <mode> <name>`, encoded lines, `end`
 * (or POSIX `begin-base64 <mode> <name>` … `====`) — becomes a file and leaves the text; a block that does not
 * decode cleanly (a sentence starting "begin 2026 …", a cut message) is left as text. No npm package for this is
 * maintained; the format (POSIX `uuencode`) is a few lines. The raw original keeps every byte.
 */

import libmime from "libmime";
import type { Attachment } from "mailparser";

/** A file read out of the text, as mailparser lists a part (`listAttachments` names and bounds it). */
const asAttachment = (filename: string, content: Buffer): Attachment => ({
  type: "attachment",
  content,
  contentType: libmime.detectMimeType(filename) || "application/octet-stream",
  contentDisposition: "attachment",
  filename,
  headers: new Map(),
  checksum: "",
  size: content.length,
  related: false,
  partId: "",
  release: null,
});

/** Blocks read at most from one body (the desk lists 100 files an entry in all). */
const MAX_BLOCKS = 100;
const BEGIN = /^begin(-base64)? [0-7]{3,4} (\S.{0,254})$/;

/** The bytes one uuencoded line carries, or null when it is not one (its length character must match its content). */
function uuLength(line: string): number | null {
  // A zero-length line ("`", or a space some relays trim to nothing) closes the data.
  if (line === "") return 0;
  for (let i = 0; i < line.length; i++) if (line.charCodeAt(i) < 32 || line.charCodeAt(i) > 96) return null;
  const length = (line.charCodeAt(0) - 32) & 63;
  // Encoders may trim trailing spaces (value 0) or pad a group: a few characters either way, no more.
  if (length > 45 || Math.abs(line.length - 1 - Math.ceil(length / 3) * 4) > 4) return null;
  return length;
}

/** The bytes of a block's data lines, already checked by `uuLength`, in one buffer. */
function decodeUu(lines: string[]): Buffer {
  const lengths = lines.map((line) => uuLength(line) ?? 0);
  const out = Buffer.alloc(lengths.reduce((sum, n) => sum + n, 0));
  let at = 0;
  lines.forEach((line, index) => {
    const value = (k: number) => (k < line.length ? (line.charCodeAt(k) - 32) & 63 : 0);
    const bytes: number[] = [];
    for (let k = 1; bytes.length < lengths[index]!; k += 4) {
      const [a, b, c, d] = [value(k), value(k + 1), value(k + 2), value(k + 3)];
      bytes.push((a << 2) | (b >> 4), ((b & 15) << 4) | (c >> 2), ((c & 3) << 6) | d);
    }
    out.set(bytes.slice(0, lengths[index]), at);
    at += lengths[index]!;
  });
  return out;
}

/**
 * The block's bytes and the index of its last line, or null when lines from `from` are no whole block. Lines are
 * only checked until the block is known whole, then decoded at once: a `begin` line followed by millions of short
 * lines and no `end` (a hostile 8 MB body) allocates nothing per line.
 */
function readBlock(lines: string[], from: number, base64: boolean): { content: Buffer; last: number } | null {
  const data = (to: number) => lines.slice(from, to).map((line) => line.replace(/\r$/, ""));
  for (let i = from; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, "");
    if (base64) {
      if (line === "====") return { content: Buffer.from(data(i).join(""), "base64"), last: i };
      // `uuencode -m` writes no blank line.
      if (!/^[A-Za-z0-9+/]+={0,2}$/.test(line)) return null;
      continue;
    }
    // Even an empty file has its zero-length line: "begin 1000 standup" then "end" is someone's schedule.
    if (line === "end") return i > from ? { content: decodeUu(data(i)), last: i } : null;
    const length = uuLength(line);
    if (length === null) return null;
    // The zero-length line closes the data (POSIX): `end` follows it, or this is no block.
    if (length === 0)
      return lines[i + 1]?.replace(/\r$/, "") === "end" ? { content: decodeUu(data(i)), last: i + 1 } : null;
  }
  return null;
}

/** The body text without its uuencoded blocks, and the files they carried, in order. */
export function readUuencoded(text: string): { text: string; files: Attachment[] } {
  if (!/^begin(-base64)? [0-7]{3,4} /m.test(text)) return { text, files: [] };
  const lines = text.split("\n");
  const out: string[] = [];
  const files: Attachment[] = [];
  for (let i = 0; i < lines.length; i++) {
    const begin = files.length < MAX_BLOCKS ? BEGIN.exec(lines[i]!.replace(/\r$/, "")) : null;
    const block = begin ? readBlock(lines, i + 1, Boolean(begin[1])) : null;
    if (!begin || !block) {
      out.push(lines[i]!);
      continue;
    }
    files.push(asAttachment(begin[2]!.trim(), block.content));
    i = block.last;
  }
  return { text: out.join("\n"), files };
}
