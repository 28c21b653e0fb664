import { type ParsedMail, parseMail } from "./parse.ts";
import { readObject } from "./raw-store.ts";
import { keyOf, recordUnfiled } from "./unfiled.ts";

/** A message that failed every attempt: listed as unfiled with the last error, so an admin sees it. */
export async function fileAfterRepeatedFailure(rawKey: string, error: unknown, now = new Date()) {
  const raw = await readObject(rawKey);
  const mail: ParsedMail | null = await parseMail(raw).catch(() => null);
  const key = keyOf(raw, mail);
  return recordUnfiled(
    { raw, rawKey, mail, key, now },
    "failed",
    `Failed on every attempt: ${String(error)}`,
  );
}
