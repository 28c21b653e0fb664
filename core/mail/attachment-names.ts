// libmime is mailparser's own MIME library: its type → extension table costs the bundle nothing more.
import libmime from "libmime";
import type { Attachment } from "mailparser";
import { MAX_FILE_NAME_CHARS, safeFileName } from "../text.ts";
import { readTnef } from "./tnef.ts";
import { withUtf8Words } from "./utf7.ts";

export interface ParsedAttachment {
  filename: string;
  contentType: string;
  size: number;
  content: Buffer;
  inline: boolean;
}

/** Detached signatures: proof of who sent the mail, not a file a person attached. */
const SIGNATURE_TYPES = new Set([
  "application/pkcs7-signature",
  "application/x-pkcs7-signature",
  "application/pgp-signature",
]);
/**
 * PGP/MIME's control part (RFC 3156 §4): `application/pgp-encrypted` holding only "Version: 1", beside the
 * encrypted payload. It says how the payload is encrypted and is no file a person sent; the payload
 * (`encrypted.asc`) stays listed, and so does a file sent under that type with ciphertext in it.
 */
const isPgpControlPart = (contentType: string, content: Buffer) =>
  contentType === "application/pgp-encrypted" &&
  Buffer.isBuffer(content) &&
  content.length <= 200 &&
  /^\s*Version:[ \t]*\d+\s*$/i.test(content.toString("latin1"));
/**
 * Other renderings of the body a client may offer beside its text and HTML in a multipart/alternative (an Apple
 * Watch's short HTML, Gmail's AMP for email): the same words again, not a file. mailparser lists them as files;
 * unnamed and not sent as attachments they are left out (the original keeps them).
 */
const ALTERNATIVE_RENDERINGS = new Set(["text/watch-html", "text/x-amp-html"]);
const TNEF_TYPES = new Set(["application/ms-tnef", "application/vnd.ms-tnef"]);
/** Files listed on one entry: with names and keys, 100 stay far below DynamoDB's 400 KB item limit. */
export const MAX_ATTACHMENTS = 100;

/** The Subject of an attached message, read from its own headers (encoded words decoded). */
function attachedSubject(content: Buffer): string {
  const head = content.subarray(0, 64 * 1024).toString("utf8");
  const end = head.search(/\r?\n\r?\n/);
  const unfolded = (end < 0 ? head : head.slice(0, end)).replace(/\r?\n[ \t]+/g, " ");
  const raw = /^subject:[ \t]*(.*)$/im.exec(unfolded)?.[1] ?? "";
  try {
    // Its UTF-7 words too: the attached message is stored as received, UTF-7 (old Outlook) included.
    return libmime.decodeWords(withUtf8Words(raw)).trim();
  } catch {
    return raw.trim();
  }
}

/** Parts of delivery and read reports are plain text lines: a ".bin" would not open on an agent's machine. */
const REPORT_TYPES =
  /^(text\/rfc822-headers|message\/(global-)?(delivery-status|disposition-notification)|message\/global-headers)$/;

/** Text types libmime's table lacks, by their usual extension. */
const TEXT_EXTENSIONS: Record<string, string> = { "text/rtf": "rtf", "text/vcard": "vcf" };

const extensionOf = (contentType: string) => {
  if (REPORT_TYPES.test(contentType)) return "txt";
  const extension = TEXT_EXTENSIONS[contentType] ?? libmime.detectExtension(contentType);
  if (extension && extension !== "bin") return extension;
  // Any other text is still text (`text/x-log`, `text/enriched`): ".txt" opens, ".bin" would not.
  return contentType.startsWith("text/") ? "txt" : "bin";
};

/**
 * A name the sender's client declared. One that is clearly a full path on the sender's machine ("/home/…", a
 * drive letter "C:\…", any backslash) gives its last segment; any other slash is part of the name ("Invoice
 * 2026/12 overdue.eml", a subject's date) and stays, as a dash.
 */
export function declaredFileName(filename: string): string {
  const name = filename.trim();
  const path = name.startsWith("/") || /^[a-z]:[\\/]/i.test(name) || name.includes("\\");
  return safeFileName(path ? name : name.replace(/\//g, "-"));
}

/**
 * The files of a mail as agents see them: every name useful (a part without one is named after its type,
 * `image-1.png`, `attachment-2.pdf`; an attached message after its subject), signature parts left out but
 * reported as `signed`, and the files inside a winmail.dat listed after it (which stays downloadable).
 */
export function listAttachments(parts: Attachment[]): {
  attachments: ParsedAttachment[];
  signed: boolean;
  /** Files past MAX_ATTACHMENTS: left in the original message. */
  unlisted: number;
} {
  let signed = false;
  let unlisted = 0;
  const attachments: ParsedAttachment[] = [];
  const add = (a: Omit<ParsedAttachment, "filename">, filename: string | undefined) => {
    if (attachments.length >= MAX_ATTACHMENTS) {
      unlisted++;
      return;
    }
    const position = attachments.length + 1;
    let name = declaredFileName(filename ?? "");
    if (!name && a.contentType === "message/rfc822") {
      // A subject is no path: its slashes stay as dashes ("Invoice 2026/11" → "Invoice 2026-11.eml").
      const subject = safeFileName(attachedSubject(a.content).replace(/[\\/]/g, "-")).slice(
        0,
        MAX_FILE_NAME_CHARS - 4,
      );
      name = `${subject || `message-${position}`}.eml`;
    }
    if (!name) {
      const stem = a.contentType.startsWith("image/") ? "image" : "attachment";
      name = `${stem}-${position}.${extensionOf(a.contentType)}`;
    }
    attachments.push({ ...a, filename: name });
  };
  for (const part of parts) {
    // RFC 6838 caps type and subtype at 127 characters each; a longer one is no type.
    const declared = (part.contentType || "").toLowerCase();
    const contentType =
      declared.length <= 255 ? declared || "application/octet-stream" : "application/octet-stream";
    if (SIGNATURE_TYPES.has(contentType)) {
      signed = true;
      continue;
    }
    if (isPgpControlPart(contentType, part.content)) continue;
    if (ALTERNATIVE_RENDERINGS.has(contentType) && !part.filename && part.contentDisposition !== "attachment")
      continue;
    const inline = part.contentDisposition === "inline" || Boolean(part.related);
    add({ contentType, size: part.size, content: part.content, inline }, part.filename);
    const isTnef = TNEF_TYPES.has(contentType) || /^winmail\.dat$/i.test(part.filename ?? "");
    if (!isTnef) continue;
    for (const file of readTnef(part.content)) {
      const type = file.contentType ?? (libmime.detectMimeType(file.name) || "application/octet-stream");
      add({ contentType: type, size: file.content.length, content: file.content, inline: false }, file.name);
    }
  }
  return { attachments, signed, unlisted };
}
