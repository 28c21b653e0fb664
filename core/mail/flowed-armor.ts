import { markStuffedQuoteLines } from "./flowed-stuffing.ts";
import { nextLines, SIGNATURE_BEGIN, SIGNATURE_END, SIGNED_BEGIN } from "./pgp-inline.ts";
import { type PartChange, type RawPart, rewriteParts } from "./rewrite-parts.ts";

/**
 * A clearsigned block (core/mail/pgp-inline.ts) sent as `format=flowed` (Thunderbird with Enigmail's inline PGP,
 * Apple Mail with GPG Suite): the signer armored the text as it was sent, soft line breaks included (RFC 4880 §7.1
 * ignores trailing spaces, so flowed text keeps its signature). mailparser undoes the flowing first (RFC 3676), and
 * a line ending in a space joins the next one into it: "Lab manager -----BEGIN PGP SIGNATURE-----" hides the block,
 * the escaped separator "- -- " swallows the name under it, and a dash-escaped line continuing a wrapped one keeps
 * its "- " mid-line. So before mailparser reads such a part, its lines are made to flow as they would once the armor
 * is read: armor lines and the text's last line lose their trailing spaces (hard breaks), a dash-escaped line that
 * continues a wrapped one loses its escape, and the escaped separator becomes "-- ", which RFC 3676 §4.3 never
 * joins. The raw original is never changed, nor is a message attached to it (it is read on its own), nor a file.
 * The same reading marks the writer's space-stuffed ">" lines, which are no quotes (core/mail/flowed-stuffing.ts).
 */

const FLOWED = /format\s*=\s*"?flowed/i;

/** The signed lines of each whole clearsigned block, made to survive flowed decoding (see above). */
function linesForFlowed(lines: string[]): string[] {
  const out = [...lines];
  const marked = (marker: string) => nextLines(lines, (line) => line.trimEnd() === marker);
  const signatures = marked(SIGNATURE_BEGIN);
  const signatureEnds = marked(SIGNATURE_END);
  const blanks = nextLines(lines, (line) => line.trim() === "");
  const hard = (from: number, to: number) => {
    for (let i = Math.max(0, from); i <= to; i++) out[i] = out[i]!.trimEnd();
  };
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trimEnd() !== SIGNED_BEGIN) continue;
    const signature = signatures[i + 1]!;
    const end = signature < 0 ? -1 : signatureEnds[signature + 1]!;
    const blank = blanks[i + 1]!;
    if (end < 0 || blank < 0 || blank > signature) continue;
    let soft = false;
    for (let at = blank + 1; at < signature; at++) {
      const line = out[at]!;
      if (line.startsWith("- ")) out[at] = soft ? line.slice(2) : line === "- -- " ? "-- " : line;
      soft = out[at]!.endsWith(" ") && out[at] !== "-- ";
    }
    // The line above the block, the armor headers, the text's last line and the signature: hard breaks.
    hard(i - 1, blank);
    hard(signature - 1, end);
    i = end;
  }
  return out;
}

/** The raw message with its flowed parts readable by mailparser as written (unchanged when nothing needs it). */
export function withFlowedArmorKept(raw: Buffer): Buffer {
  const text = raw.toString("latin1");
  if (!FLOWED.test(text)) return raw;
  try {
    return rewriteParts(text, armorKept) ?? raw;
  } catch {
    return raw; // read as mailparser would have
  }
}

/**
 * A flowed text part as mailparser must read it: a clearsigned block's armor made to survive flowed decoding, and
 * the writer's space-stuffed ">" lines marked as text (a named part may be read as a file: its bytes stay).
 */
function armorKept({ unfolded, type, encoding, bytes }: RawPart): PartChange | undefined {
  if (!/^\s*text\/plain\b/i.test(type) || !FLOWED.test(type)) return undefined;
  // A file (a signed `.txt` attached) is kept byte for byte: only the words read as the body are reflowed.
  if (/^content-disposition:[ \t]*attachment\b/im.test(unfolded)) return undefined;
  const named = /\b(file)?name\*?\s*=/i.test(unfolded);
  // Read as latin1: every byte a character, and only ASCII changes.
  const body = bytes().toString("latin1");
  const armored = body.includes(SIGNED_BEGIN);
  const stuffed = !named && /(^|\n) >/.test(body);
  if (!armored && !stuffed) return undefined;
  let read = body.split(/\r?\n/);
  if (armored) read = linesForFlowed(read);
  if (stuffed) read = markStuffedQuoteLines(read);
  const lines = read.join("\r\n");
  // Sent unencoded, it stays so: its 8-bit bytes are what core/mail/charset.ts reads an undeclared charset by.
  if (!encoding || /^(7bit|8bit|binary)$/.test(encoding)) return { body: lines };
  return { base64: Buffer.from(lines, "latin1") };
}
