import type { ParsedAttachment } from "./attachment-names.ts";

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

/** What the text of an attached message needs from the parser (a nested parse that appends nothing itself). */
export interface AttachedMessage {
  text: string;
  from: { address: string; name: string } | null;
  subject: string;
  date: string | null;
}

/**
 * The text blocks of a mail's attached messages, each under a line naming the file and the header lines a
 * forward shows. None for a message the desk sent (a bounce's copy of the desk's own mail is no request).
 */
export async function attachedMessageTexts(
  attachments: ParsedAttachment[],
  read: (raw: Buffer) => Promise<AttachedMessage>,
  deskAddress: string,
  room: number,
): Promise<string[]> {
  const blocks: string[] = [];
  const messages = attachments
    .filter((a) => a.contentType === "message/rfc822" && a.size > 0 && a.size <= MAX_ATTACHED_BYTES)
    .slice(0, MAX_ATTACHED_MESSAGES);
  for (const attachment of messages) {
    const message = await read(attachment.content);
    if (!message.text || (deskAddress && message.from?.address === deskAddress)) continue;
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
      message.text,
    ].join("\n");
    if (room < 200) break;
    const kept =
      block.length > room
        ? `${block.slice(0, room)}\n[Text truncated. The original message has the rest.]`
        : block;
    room -= kept.length;
    blocks.push(kept);
  }
  return blocks;
}
