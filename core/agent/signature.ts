import { DeskError } from "../error.ts";

/**
 * An agent's reply signature: a few lines of plain text the desk adds under each of their public replies, so a
 * customer knows who answered (the mail itself comes from the desk's address). Set by the agent (PATCH /me) or
 * an admin; stored on the agent item, and copied onto each reply entry when it is written, so a later change
 * never rewrites a reply already written, nor what a retry of it sends.
 */

export const MAX_SIGNATURE_CHARS = 500;
export const MAX_SIGNATURE_LINES = 6;

/**
 * The standard signature delimiter (RFC 3676 §4.3): "-- " alone on a line. Mail clients set what follows apart
 * and leave it out when the customer quotes the mail in a reply (Thunderbird, mutt); our own reply reader
 * (core/mail/reply-text.ts) treats a fragment starting with it as a signature.
 */
export const SIGNATURE_DELIMITER = "-- ";

// Every control character but LF (CR too: a signature's lines are LF-separated; a lone CR could hide a line in
// some viewers), line and paragraph separators, bidi embeddings/overrides/isolates (they reorder what follows:
// a signature could pose as someone else's or hide a phone number), a byte-order mark and lone surrogates.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const FORBIDDEN = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFEFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const refused = (code: string, message: string) =>
  new DeskError("validation", code, message, { fields: { signature: message } });

/**
 * A signature as typed, checked and tidied: trailing spaces of each line and blank lines around it dropped.
 * `undefined` for an empty one (no signature). Refuses (400) what it will not mail rather than cleaning it, so
 * the agent sees exactly what the customer will: `signature_forbidden_characters`, `signature_too_long`,
 * `signature_too_many_lines`.
 */
export function parseSignature(typed: string): string | undefined {
  if (FORBIDDEN.test(typed) || LONE_SURROGATE.test(typed)) {
    throw refused(
      "signature_forbidden_characters",
      "A signature is plain text: no control characters (tabs, carriage returns) or text-direction overrides",
    );
  }
  const lines = typed.split("\n").map((line) => line.trimEnd());
  while (lines.length && lines[0] === "") lines.shift();
  while (lines.length && lines.at(-1) === "") lines.pop();
  const signature = lines.join("\n");
  if (signature.length > MAX_SIGNATURE_CHARS) {
    throw refused("signature_too_long", `A signature has at most ${MAX_SIGNATURE_CHARS} characters`);
  }
  if (lines.length > MAX_SIGNATURE_LINES) {
    throw refused("signature_too_many_lines", `A signature has at most ${MAX_SIGNATURE_LINES} lines`);
  }
  // A line "-- " of its own would start a second signature block inside ours.
  if (lines.some((line) => line === "--")) {
    throw refused(
      "signature_delimiter",
      'A signature cannot contain a line "--" of its own (the desk adds it)',
    );
  }
  return signature || undefined;
}

/**
 * The text a reply is mailed with: its body as written, then a blank line, the delimiter and the signature
 * stored with the reply. Without a signature, the body untouched (byte for byte what was mailed before).
 */
export function withSignature(body: string, signature: string | undefined): string {
  if (!signature) return body;
  return `${body.trimEnd()}\n\n${SIGNATURE_DELIMITER}\n${signature}`;
}
