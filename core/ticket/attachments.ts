import { createHash } from "node:crypto";
import { DeskError } from "../error.ts";
import type { FilePlace } from "../mail/file-keys.ts";
import { deleteStoredFiles, storeFiles } from "../mail/raw-store.ts";
import { cleanLine, safeFileName } from "../text.ts";
import { CUSTOMER_EXTENSIONS, MAX_FILES, MAX_TOTAL_BYTES } from "./upload-limits.ts";
import { mayBeStored } from "./write-outcome.ts";

export { CUSTOMER_EXTENSIONS, MAX_FILES, MAX_TOTAL_BYTES } from "./upload-limits.ts";

export interface UploadedFile {
  name: string;
  contentType: string;
  content: Buffer;
}

const extensionOf = (name: string) => /\.([a-z0-9]{1,8})$/i.exec(name)?.[1]?.toLowerCase() ?? "";

/** The type a customer's file is stored and served as, from its (allowed) extension; others are octet-stream. */
const CUSTOMER_CONTENT_TYPES: Record<string, string> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  bmp: "image/bmp",
  heic: "image/heic",
  heif: "image/heif",
  tif: "image/tiff",
  tiff: "image/tiff",
  txt: "text/plain",
  log: "text/plain",
  csv: "text/csv",
  json: "application/json",
  xml: "application/xml",
  md: "text/markdown",
  pdf: "application/pdf",
  rtf: "application/rtf",
  zip: "application/zip",
  gz: "application/gzip",
  "7z": "application/x-7z-compressed",
  eml: "message/rfc822",
};

/** Decodes base64 files as the JSON APIs take them. */
export const fromBase64 = (files: { name: string; contentType: string; contentBase64: string }[] = []) =>
  files.map(
    (f): UploadedFile => ({
      name: f.name,
      contentType: f.contentType,
      content: Buffer.from(f.contentBase64, "base64"),
    }),
  );

/**
 * Refuses files over the limits with a stable code and the field that caused it: 400 `too_many_attachments`,
 * 413 `attachments_too_large`, 400 `attachment_type_not_allowed` (customers only), 400 `validation` for a
 * file without a name. Runs before anything is stored, so a refused upload leaves nothing behind.
 */
export function checkUploads(files: UploadedFile[], who: "agent" | "customer"): UploadedFile[] {
  if (files.length > MAX_FILES) {
    throw new DeskError("validation", "too_many_attachments", `At most ${MAX_FILES} files`, {
      fields: { attachments: `At most ${MAX_FILES} files` },
    });
  }
  const total = files.reduce((sum, f) => sum + f.content.length, 0);
  if (total > MAX_TOTAL_BYTES) {
    const message = `At most ${MAX_TOTAL_BYTES / 1024 / 1024} MB of files in all`;
    throw new DeskError("payload_too_large", "attachments_too_large", message, {
      fields: { attachments: message },
    });
  }
  return files.map((file, index) => {
    // The base name only, as mail attachments get it: no directory part (`../../etc/passwd`), no leading dots.
    const name = safeFileName(cleanLine(file.name));
    if (!name) {
      throw new DeskError("validation", "validation", "Some fields are not valid", {
        fields: { [`attachments.${index}.name`]: "Required" },
      });
    }
    if (who === "customer" && !(CUSTOMER_EXTENSIONS as readonly string[]).includes(extensionOf(name))) {
      throw new DeskError(
        "validation",
        "attachment_type_not_allowed",
        `${name}: this type of file is not accepted`,
        { fields: { [`attachments.${index}`]: "This type of file is not accepted" } },
      );
    }
    // A customer's declared type is not trusted (text/html on a .png): it follows the allowed extension.
    const contentType =
      who === "customer"
        ? (CUSTOMER_CONTENT_TYPES[extensionOf(name)] ?? "application/octet-stream")
        : /^[\w.+-]+\/[\w.+-]+$/.test(file.contentType)
          ? file.contentType
          : "application/octet-stream";
    return { name, contentType, content: file.content };
  });
}

/** Checks, then stores the files of one timeline entry where mail attachments go (file-keys.ts). */
export async function storeUploads(place: FilePlace, files: UploadedFile[], who: "agent" | "customer") {
  const checked = checkUploads(files, who);
  return checked.length ? storeFiles(place, checked) : [];
}

/** Names, sizes and content hashes of the files, in order: what makes two submissions' files the same. */
export const fingerprintFiles = (files: UploadedFile[]) =>
  files.length
    ? JSON.stringify(
        files.map((f) => [f.name, f.content.length, createHash("sha256").update(f.content).digest("hex")]),
      )
    : undefined;

/**
 * Stores the files of one entry, then runs the write that references them; if that
 * write surely stored nothing, the files are deleted and uncounted again, so a refused or retried write leaves
 * no orphans behind (a retry stores anew). A failure that may hide a stored entry keeps them (mayBeStored).
 */
export async function withStoredUploads<T>(
  place: FilePlace,
  files: UploadedFile[],
  who: "agent" | "customer",
  write: (stored: Awaited<ReturnType<typeof storeUploads>>) => Promise<T>,
): Promise<T> {
  const stored = await storeUploads(place, files, who);
  try {
    return await write(stored);
  } catch (error) {
    // Best effort: the write's own error is what the caller must see, not a cleanup failure.
    if (stored.length && !mayBeStored(error)) await deleteStoredFiles(stored).catch(() => undefined);
    throw error;
  }
}
