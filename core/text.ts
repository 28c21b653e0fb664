import * as z from "zod";

/**
 * Text from outside (forms, the API, mail) is cleaned once, where it enters, before it is stored or shown:
 * - lone UTF-16 surrogates (a JSON `"\ud800"` escape, a broken decoder) become U+FFFD, so every stored string is
 *   valid Unicode and encodes to UTF-8 (DynamoDB, MIME headers, CSV);
 * - C0 controls (NUL, ESC…), DEL and C1 controls (U+0080–U+009F) are removed: they are invisible, and terminals,
 *   spreadsheets and mail headers interpret some of them;
 * - bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) are removed: they reorder what
 *   follows, so `invoice\u202Efdp.exe` displays as `invoiceexe.pdf` and a name can pose as someone else. The
 *   plain marks (LRM, RLM, ALM) stay: right-to-left writing uses them and they cannot reorder a whole run.
 * - a byte-order mark (U+FEFF) is dropped anywhere.
 * Single-line fields (names, subjects, titles, tags, file names) also turn every line break or tab into a space;
 * multi-line fields (message bodies) keep newlines and tabs, with CRLF and lone CR as LF.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// Everything in C0 but TAB, LF and CR; DEL; all of C1.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
const BOM = /\uFEFF/g;
// Breaks a single line cannot hold: tab, LF, CR, VT, FF, NEL, LINE and PARAGRAPH SEPARATOR.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const LINE_BREAKS = /[\t\n\r\u000B\u000C\u0085\u2028\u2029]+/g;

const common = (value: string) =>
  value.replace(LONE_SURROGATE, "\uFFFD").replace(CONTROLS, "").replace(BIDI_CONTROLS, "").replace(BOM, "");

/** A name, subject, title, tag or file name: one line of visible text (not trimmed: the schema does that). */
export const cleanLine = (value: string): string => common(value.replace(LINE_BREAKS, " "));

/** A message body: newlines (as LF) and tabs kept, everything else as `cleanLine`. */
export const cleanText = (value: string): string =>
  common(value.replace(/\r\n?/g, "\n").replace(/[\u0085\u2028\u2029]/g, "\n"));

type StringParams = Parameters<typeof z.string>[0];

/** A string schema that cleans a single-line field before its other checks (trim, length…) run. */
export const singleLine = (params?: StringParams) => z.string(params).overwrite(cleanLine);

/** A string schema that cleans a multi-line field before its other checks run. */
export const multiLine = (params?: StringParams) => z.string(params).overwrite(cleanText);

export const MAX_FILE_NAME_CHARS = 180;

/**
 * A name safe as a download name: no path, no control characters, no characters Windows refuses; a name too long
 * is shortened before its extension, which still says what the file is.
 */
export function safeFileName(name: string): string {
  const base = (name.split(/[\\/]/).pop() ?? "")
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes
    .replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069:*?"<>|]/g, "_")
    .replace(/\s+/g, " ")
    .replace(/^[\s.]+|[\s.]+$/g, "");
  if (base.length <= MAX_FILE_NAME_CHARS) return base;
  const extension = /\.[^.\s]{1,16}$/.exec(base)?.[0] ?? "";
  return base.slice(0, MAX_FILE_NAME_CHARS - extension.length).trimEnd() + extension;
}
