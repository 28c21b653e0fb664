import { fileInboundMail, type InboundOutcome } from "./inbound.ts";
import { type ParsedMail, parseMail } from "./parse.ts";
import { readObject } from "./raw-store.ts";
import { keyOf, recordUnfiled } from "./unfiled.ts";

/**
 * Files a message, retrying what may pass later; in the last retry round (`attempt` ≥ `lastAttempt`) a message
 * still failing goes to the admins' unfiled list with the error instead of the dead-letter queue. When even that write fails (the store is
 * down), the error stands and the dead-letter queue keeps the message for the redrive.
 */
export async function fileOrList(
  rawKey: string,
  attempt: number,
  lastAttempt: number,
  file: (rawKey: string) => Promise<InboundOutcome> = fileInboundMail,
): Promise<InboundOutcome> {
  try {
    return await file(rawKey);
  } catch (error) {
    if (attempt < lastAttempt) throw error;
    return fileAfterRepeatedFailure(rawKey, error);
  }
}

/** A message that failed every attempt: listed as unfiled with the last error, so an admin sees it. */
async function fileAfterRepeatedFailure(rawKey: string, error: unknown, now = new Date()) {
  const raw = await readObject(rawKey);
  const mail: ParsedMail | null = await parseMail(raw).catch(() => null);
  return recordUnfiled(
    { raw, rawKey, mail, key: keyOf(raw, mail), now },
    "failed",
    // The reason ("failed", shown as "Failed repeatedly" in the admin's language) says what happened; the detail is
    // the error itself.
    String(error),
    true,
  );
}
