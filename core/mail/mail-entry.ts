import type { EntryItem } from "../store/index.ts";
import { ATTACHMENTS_ONLY, NO_TEXT } from "../ticket/placeholder-text.ts";
import { receiptVerdicts } from "./automatic.ts";
import type { FilePlace } from "./file-keys.ts";
import { MAX_ATTACHMENT_BYTES, type ParsedMail } from "./parse.ts";
import { storeFiles } from "./raw-store.ts";

/**
 * What the entry of a filed mail holds, read from the message (core/mail/inbound.ts files a new message with it,
 * core/mail/complete-copy.ts the complete copy of one first filed cut short): its envelope, text and files.
 */

/** Envelope fields are bounded before storage: the item must fit in 400 KB whatever the headers hold. */
export const clip = (value: string, max: number) =>
  value.length > max ? `${value.slice(0, max - 1)}…` : value;
export const MAX_ID_CHARS = 998;
const boundedIds = (ids: string[]) => ids.filter((id) => id.length <= MAX_ID_CHARS).slice(-20);
const boundedAddresses = (list: string[]) => list.filter((a) => a.length <= 320);

/** Attachments stored apart and listed per message; the rest stay in the original (a 1,000-part message fits). */
const MAX_ATTACHMENTS = 100;

export async function keepAttachments(
  mail: ParsedMail,
  place: FilePlace,
  stored: { key: string; size: number }[],
): Promise<NonNullable<EntryItem["attachments"]>> {
  const rest = mail.attachments.slice(MAX_ATTACHMENTS);
  const more = rest.length
    ? [
        {
          name: `${rest.length} more attachments`,
          contentType: "multipart/mixed",
          size: rest.reduce((n, a) => n + a.size, 0),
          inline: false,
          omitted: `more than ${MAX_ATTACHMENTS} attachments; kept in the original message`,
        },
      ]
    : [];
  const kept = await Promise.all(
    mail.attachments.slice(0, MAX_ATTACHMENTS).map(async (a, i) => {
      const name = clip(a.filename, 255);
      const listed = { name, contentType: clip(a.contentType, 255), size: a.size, inline: a.inline };
      if (a.size > MAX_ATTACHMENT_BYTES) {
        return {
          ...listed,
          omitted: `larger than ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB; kept in the original message`,
        };
      }
      const part = place.part ? `${place.part}/${i}` : String(i);
      const [file] = await storeFiles({ ...place, part }, [
        { name, contentType: a.contentType, content: a.content },
      ]);
      stored.push({ key: file!.key, size: file!.size });
      return { ...listed, key: file!.key };
    }),
  );
  return [...kept, ...more];
}

/** The envelope fields read from the message itself (who it is from and how it was threaded are the filer's). */
export const envelopeOf = (mail: ParsedMail, rawKey: string) => ({
  messageId: clip(mail.messageId, MAX_ID_CHARS),
  to: boundedAddresses(mail.to),
  cc: boundedAddresses(mail.cc),
  subject: clip(mail.subject, 1000),
  inReplyTo: mail.inReplyTo && mail.inReplyTo.length <= MAX_ID_CHARS ? mail.inReplyTo : undefined,
  references: boundedIds(mail.references),
  ...receiptVerdicts(mail),
  rawKey,
  truncated: mail.truncated,
  signed: mail.signed,
});

/** The text an entry shows: the message's own words, or what it holds instead. */
export const bodyOf = (mail: ParsedMail) =>
  mail.visibleText || (mail.attachments.length ? ATTACHMENTS_ONLY : NO_TEXT);
