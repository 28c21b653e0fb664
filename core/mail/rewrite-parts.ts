import { blocksOf, partBodyBytes } from "./charset.ts";
import { attachedMessageEnds } from "./mime-structure.ts";

/**
 * The walk the repairs made before mailparser reads a message share (core/mail/utf7.ts,
 * core/mail/flowed-armor.ts): each part of the raw text (read as latin1, every byte a character) is offered in
 * order, and the repair says what it becomes. The parts of an attached message (message/rfc822) are its own: left
 * as received, and read on their own when the message is.
 */

/** A part as the walk offers it: its header block (as is and unfolded), its Content-Type and encoding. */
export type RawPart = {
  head: string;
  unfolded: string;
  type: string;
  encoding: string | undefined;
  /** The body's bytes, its transfer encoding undone. */
  bytes: () => Buffer;
};

/**
 * What a part becomes: a new header block only (`head`); a body kept in its transfer encoding (`body`, read as
 * latin1); or a body sent anew as base64 (`base64`), whose header block (`head`, or the part's own) then declares
 * that encoding instead of its own.
 */
export type PartChange = { head?: string; body?: string; base64?: Buffer };

const TRANSFER_ENCODING_FIELD = /^content-transfer-encoding:[^\r\n]*(\r?\n[ \t][^\r\n]*)*\r?\n/im;

/** The raw text with the changes `change` asks for, or null when it asks for none. */
export function rewriteParts(text: string, change: (part: RawPart) => PartChange | undefined): Buffer | null {
  const pieces: string[] = [];
  let from = 0;
  let attachedUntil = -1;
  const attachedMessageEnd = attachedMessageEnds(text);
  for (const block of blocksOf(text)) {
    if (block.start < attachedUntil) continue;
    const head = text.slice(block.start, block.end);
    const unfolded = head.replace(/\r?\n[ \t]+/g, " ");
    const type = /^content-type:[ \t]*([^\r\n]*)/im.exec(unfolded)?.[1] ?? "";
    if (block.start > 0 && /^\s*message\/(rfc822|global)\b/i.test(type))
      attachedUntil = attachedMessageEnd(block.start, block.bodyStart);
    const encoding = /^content-transfer-encoding:[ \t]*([\w-]+)/im.exec(unfolded)?.[1]?.toLowerCase();
    const bytes = () => partBodyBytes(text.slice(block.bodyStart, block.bodyEnd), encoding);
    const changed = change({ head, unfolded, type, encoding, bytes });
    if (!changed) continue;
    if (changed.base64) {
      const newHead = (changed.head ?? head).replace(TRANSFER_ENCODING_FIELD, "");
      pieces.push(
        text.slice(from, block.start),
        newHead.replace(/(\r?\n)?$/, "\r\nContent-Transfer-Encoding: base64$1"),
        text.slice(block.end, block.bodyStart),
        `${changed.base64.toString("base64").replace(/.{76}/g, "$&\r\n")}\r\n`,
      );
      from = block.bodyEnd;
    } else if (changed.body !== undefined) {
      pieces.push(
        text.slice(from, block.start),
        changed.head ?? head,
        text.slice(block.end, block.bodyStart),
      );
      pieces.push(changed.body);
      from = block.bodyEnd;
    } else if (changed.head !== undefined) {
      // The body (for a multipart, its parts) is walked on.
      pieces.push(text.slice(from, block.start), changed.head);
      from = block.end;
    }
  }
  if (!pieces.length) return null;
  pieces.push(text.slice(from));
  return Buffer.from(pieces.join(""), "latin1");
}
