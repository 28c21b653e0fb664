/**
 * Inline PGP (RFC 4880 §7, as Mutt, Enigmail's inline mode, Mailvelope and scripts piping through `gpg
 * --clearsign` send it): the armor is in the body text itself, so the desk would show and triage read
 * "-----BEGIN PGP SIGNED MESSAGE----- Hash: SHA256" and the signature's base64. A clearsigned block is read as the
 * words it signs (dash-escaping undone, RFC 4880 §7.1) and the message counts as signed, as a PGP/MIME one does
 * (not verified here, either way); an encrypted block cannot be read and is replaced by nothing, the caller
 * saying so. Only armor at the start of a line: a quoted block ("> -----BEGIN…") is history, left to the reply
 * parser. The raw original keeps every byte.
 */

const SIGNED_BEGIN = "-----BEGIN PGP SIGNED MESSAGE-----";
const SIGNATURE_BEGIN = "-----BEGIN PGP SIGNATURE-----";
const SIGNATURE_END = "-----END PGP SIGNATURE-----";
const MESSAGE_BEGIN = "-----BEGIN PGP MESSAGE-----";
const MESSAGE_END = "-----END PGP MESSAGE-----";

export interface InlinePgp {
  text: string;
  signed: boolean;
  encrypted: boolean;
}

/** The index of the first line from `from` that is exactly `marker` (trailing blanks allowed), or -1. */
const lineAt = (lines: string[], marker: string, from: number) => {
  for (let i = from; i < lines.length; i++) if (lines[i]!.trimEnd() === marker) return i;
  return -1;
};

/** The body text with its inline PGP armor read: clearsigned words kept, signatures and ciphertext out. */
export function readInlinePgp(text: string): InlinePgp {
  if (!text.includes("-----BEGIN PGP ")) return { text, signed: false, encrypted: false };
  const lines = text.split(/\r?\n/);
  const out: string[] = [];
  let signed = false;
  let encrypted = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trimEnd();
    if (line === SIGNED_BEGIN) {
      const signature = lineAt(lines, SIGNATURE_BEGIN, i + 1);
      const end = signature < 0 ? -1 : lineAt(lines, SIGNATURE_END, signature + 1);
      // Armor headers ("Hash: SHA256") end at the first blank line; a block without its signature is left whole.
      const blank = lines.findIndex((l, at) => at > i && l.trim() === "");
      if (end < 0 || blank < 0 || blank > signature) {
        out.push(lines[i]!);
        continue;
      }
      for (const signedLine of lines.slice(blank + 1, signature)) {
        out.push(signedLine.startsWith("- ") ? signedLine.slice(2) : signedLine);
      }
      signed = true;
      i = end;
      continue;
    }
    if (line === MESSAGE_BEGIN) {
      const end = lineAt(lines, MESSAGE_END, i + 1);
      if (end >= 0) {
        encrypted = true;
        i = end;
        continue;
      }
    }
    out.push(lines[i]!);
  }
  return { text: out.join("\n"), signed, encrypted };
}
