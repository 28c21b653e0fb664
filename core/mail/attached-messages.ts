import type { ParsedAttachment } from "./attachment-names.ts";
import { type DeskAddresses, isDeskAddress } from "./automatic.ts";
import type { ParsedMail } from "./parse.ts";

/**
 * Outlook's "Forward as attachment" (and Thunderbird's, Apple Mail's) sends the forwarded mail as a
 * message/rfc822 part, often with no text of the sender's own: the agent saw "(attachments only)" and had to
 * download the .eml to learn what the customer was asking about, and triage and search saw nothing. The
 * attached message's text is shown below the sender's, as an inline forward is; its files stay in the .eml.
 */

/** Attached messages read for their text: a forward carries one, rarely a few. */
const MAX_ATTACHED_MESSAGES = 3;
/** A bigger attached message is only listed (its text would not fit the timeline anyway). */
const MAX_ATTACHED_BYTES = 5 * 1024 * 1024;

/** Below this much room an attached message's text is left to its file. */
const MIN_ROOM = 200;
const SEPARATOR = "\n\n";
const TRUNCATED = "[Text truncated. The original message has the rest.]";

/** What the text of an attached message needs from the parser (a nested parse that appends nothing itself). */
export type AttachedMessage = Pick<ParsedMail, "fullText" | "from" | "subject" | "date">;

/**
 * The visible text of a mail: the sender's own, then its attached messages' texts in the room the own text and
 * the notes leave (the whole within `maxChars`), then the notes. `read` is null when none is read: a delivery
 * report's attached message is the mail that bounced, and a nested message's own attachments stay in its file.
 */
export async function withAttachedMessages(
  own: string,
  notes: string[],
  attachments: ParsedAttachment[],
  read: ((raw: Buffer) => Promise<AttachedMessage>) | null,
  desk: DeskAddresses | null,
  maxChars: number,
): Promise<string> {
  const room = maxChars - own.length - notes.reduce((sum, note) => sum + note.length + SEPARATOR.length, 0);
  const attached = read ? await attachedMessageTexts(attachments, read, desk, room) : [];
  return [own, ...attached, ...notes].filter(Boolean).join(SEPARATOR);
}

/**
 * The text blocks of a mail's attached messages, each under a line naming the file and the header lines a
 * forward shows. None for a message the desk sent (a bounce's copy of the desk's own mail is no request).
 * `room`: the characters left for them, blank lines between blocks included.
 */
async function attachedMessageTexts(
  attachments: ParsedAttachment[],
  read: (raw: Buffer) => Promise<AttachedMessage>,
  desk: DeskAddresses | null,
  room: number,
): Promise<string[]> {
  const blocks: string[] = [];
  const messages = attachments
    .filter((a) => a.contentType === "message/rfc822" && a.size > 0 && a.size <= MAX_ATTACHED_BYTES)
    .slice(0, MAX_ATTACHED_MESSAGES);
  for (const attachment of messages) {
    // Each block is joined to the text above it by a blank line: that counts too.
    if (room - SEPARATOR.length < MIN_ROOM) break;
    const message = await read(attachment.content);
    // The desk's addresses in any case or with a +token (replies go out from support+7@…).
    if (!message.fullText || (desk && isDeskAddress(message.from?.address ?? "", desk))) continue;
    const from = message.from
      ? message.from.name && message.from.name !== message.from.address
        ? `${message.from.name} <${message.from.address}>`
        : message.from.address
      : "";
    const block = [
      `[Attached message: ${attachment.filename}]`,
      ...(from ? [`From: ${from}`] : []),
      ...(message.date ? [`Date: ${message.date}`] : []),
      ...(message.subject ? [`Subject: ${message.subject}`] : []),
      "",
      message.fullText,
    ].join("\n");
    const fits = room - SEPARATOR.length;
    const kept = block.length > fits ? `${block.slice(0, fits - TRUNCATED.length - 1)}\n${TRUNCATED}` : block;
    room -= kept.length + SEPARATOR.length;
    blocks.push(kept);
  }
  return blocks;
}
