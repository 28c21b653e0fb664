/**
 * Inline PGP (RFC 4880 §7, as Mutt, Enigmail's inline mode, Mailvelope and scripts piping through `gpg
 * --clearsign` send it): the armor is in the body text itself, so the desk would show and triage read
 * "-----BEGIN PGP SIGNED MESSAGE----- Hash: SHA256" and the signature's base64. A clearsigned block is read as the
 * words it signs (dash-escaping undone, RFC 4880 §7.1) and the message counts as signed, as a PGP/MIME one does
 * (not verified here, either way); an encrypted block cannot be read and is replaced by nothing, the caller
 * saying so. Only armor at the start of a line: a quoted block ("> -----BEGIN…") is history, left to the reply
 * parser. A clearsigned block inside a forwarded message is read as its words too, but signs only that message,
 * not the forwarder's (see `forwardedFrom`). The raw original keeps every byte.
 */

import { forwardsBySubject, isForwardMarker } from "./quoted-history.ts";

export const SIGNED_BEGIN = "-----BEGIN PGP SIGNED MESSAGE-----";
export const SIGNATURE_BEGIN = "-----BEGIN PGP SIGNATURE-----";
export const SIGNATURE_END = "-----END PGP SIGNATURE-----";
const MESSAGE_BEGIN = "-----BEGIN PGP MESSAGE-----";
const MESSAGE_END = "-----END PGP MESSAGE-----";

export interface InlinePgp {
  text: string;
  signed: boolean;
  encrypted: boolean;
}

/**
 * For each line, the index of the first line at or after it that passes `test`, or -1: computed in one pass, so a
 * body of many unclosed BEGIN lines stays linear.
 */
export function nextLines(lines: string[], test: (line: string) => boolean): Int32Array {
  const next = new Int32Array(lines.length + 1).fill(-1);
  for (let i = lines.length - 1; i >= 0; i--) next[i] = test(lines[i]!) ? i : next[i + 1]!;
  return next;
}

/**
 * The first line that belongs to a forwarded message (core/mail/quoted-history.ts tells a forward): a forward's
 * marker line ("---------- Forwarded message ---------"), or, in mail whose subject says it forwards (Outlook
 * writes no marker), anything below the first line of text. A block opening the text is the forwarder's own,
 * signing all they sent, the forward included.
 */
function forwardedFrom(lines: string[], subject: string): number {
  const marker = lines.findIndex(isForwardMarker);
  const firstText = lines.findIndex((line) => line.trim() !== "");
  const bySubject = forwardsBySubject(subject) ? firstText + 1 : lines.length;
  return Math.min(marker < 0 ? lines.length : marker, bySubject);
}

/**
 * The body text with its inline PGP armor read: clearsigned words kept, signatures and ciphertext out. `subject`:
 * the mail's, to tell a forward.
 */
export function readInlinePgp(text: string, subject = ""): InlinePgp {
  if (!text.includes("-----BEGIN PGP ")) return { text, signed: false, encrypted: false };
  const lines = text.split(/\r?\n/);
  const forwarded = forwardedFrom(lines, subject);
  const marked = (marker: string) => nextLines(lines, (line) => line.trimEnd() === marker);
  const signatures = marked(SIGNATURE_BEGIN);
  const signatureEnds = marked(SIGNATURE_END);
  const messageEnds = marked(MESSAGE_END);
  const blanks = nextLines(lines, (line) => line.trim() === "");
  const out: string[] = [];
  let signed = false;
  let encrypted = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trimEnd();
    if (line === SIGNED_BEGIN) {
      const signature = signatures[i + 1]!;
      const end = signature < 0 ? -1 : signatureEnds[signature + 1]!;
      // Armor headers ("Hash: SHA256") end at the first blank line; a block without its signature is left whole.
      const blank = blanks[i + 1]!;
      if (end >= 0 && blank >= 0 && blank < signature) {
        for (const signedLine of lines.slice(blank + 1, signature)) {
          out.push(signedLine.startsWith("- ") ? signedLine.slice(2) : signedLine);
        }
        if (i < forwarded) signed = true;
        i = end;
        continue;
      }
    }
    if (line === MESSAGE_BEGIN && messageEnds[i + 1]! >= 0) {
      encrypted = true;
      i = messageEnds[i + 1]!;
      continue;
    }
    out.push(lines[i]!);
  }
  return { text: out.join("\n"), signed, encrypted };
}
