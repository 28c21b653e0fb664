import { createHash } from "node:crypto";
import type { ParsedMail } from "./parse.ts";

/** The iCalendar types a mail client sends an invitation or its answer as. */
const CALENDAR_TYPES = new Set(["text/calendar", "application/ics"]);

/**
 * The event a calendar mail is about (RFC 5546: iTIP over mail): its METHOD (`REQUEST` an invitation or its
 * update, `CANCEL`, `REPLY` an attendee's accept or decline…) and its UID, the same in every mail about the
 * event. Read from the first calendar part that names a UID (its first 64 KB, folded lines joined). Null for a
 * mail without one.
 */
export function calendarEvent(mail: ParsedMail): { method: string | null; uid: string } | null {
  for (const part of mail.attachments) {
    if (!CALENDAR_TYPES.has(part.contentType.toLowerCase())) continue;
    const text = part.content
      .subarray(0, 64 * 1024)
      .toString("utf8")
      .replace(/\r?\n[ \t]/g, "");
    const uid = /^UID(?:;[^:\r\n]*)?:[ \t]*(\S[^\r\n]*?)[ \t]*$/im.exec(text)?.[1];
    if (!uid) continue;
    const method = /^METHOD:[ \t]*([A-Za-z-]+)/im.exec(text)?.[1]?.toUpperCase() ?? null;
    return { method, uid };
  }
  return null;
}

/** An attendee's answer to an invitation (accepted, declined, tentative): automatic, never acknowledged. */
export const isCalendarReply = (mail: ParsedMail) => calendarEvent(mail)?.method === "REPLY";

/**
 * The message reference key an event's invitation is remembered by (beside its Message-ID's): a later update or
 * cancellation of the same UID threads onto the ticket the first one opened. A space, which no Message-ID key
 * holds, keeps it apart from theirs; a long UID is keyed by its hash.
 */
export function calendarKey(uid: string): string {
  const key = `calendar ${uid.toLowerCase()}`;
  return key.length > 500 ? `calendar sha256:${createHash("sha256").update(key).digest("hex")}` : key;
}
