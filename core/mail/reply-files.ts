import type { EntryItem } from "../store/index.ts";
import { isMissingObject, readObject } from "./raw-store.ts";

/**
 * Files a reply lists that are no longer in the bucket (deleted by retention, or never stored). The agent promised
 * them, so the reply is not mailed without them; no retry can bring them back, so it fails for good, like an
 * undeliverable address, and the agent is told which files (web/app/src/reply-delivery.ts).
 */
export class MissingFileError extends Error {
  override name = "MissingFileError";
  readonly code = "file_missing";
  readonly files: string[];
  constructor(files: string[]) {
    const named = files.map((name) => JSON.stringify(name)).join(", ");
    super(`The attached ${files.length === 1 ? `file ${named} is` : `files ${named} are`} no longer stored`);
    this.files = files;
  }
}

/**
 * A reply's stored files as mail attachments (files listed without a key were never stored, as a mail's too-large
 * part: the reply goes without them, as before). Throws `MissingFileError` naming every file the bucket no longer
 * has; any other failure (S3 unavailable) is thrown as it is, for the event's retry.
 */
export async function readReplyFiles(attachments: EntryItem["attachments"]) {
  const stored = (attachments ?? []).flatMap((a) => (a.key ? [{ ...a, key: a.key }] : []));
  const reads = await Promise.allSettled(stored.map((a) => readObject(a.key)));
  const missing = stored.filter((_, i) => {
    const read = reads[i]!;
    return read.status === "rejected" && isMissingObject(read.reason);
  });
  if (missing.length) throw new MissingFileError(missing.map((a) => a.name));
  return stored.map((a, i) => {
    const read = reads[i]!;
    if (read.status === "rejected") throw read.reason;
    return { filename: a.name, content: read.value, contentType: a.contentType };
  });
}
