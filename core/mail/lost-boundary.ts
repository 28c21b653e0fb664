/**
 * A multipart message whose Content-Type has no boundary parameter (a broken mailer, a script writing its own
 * headers, a header folded wrong on the way) is read by mailparser as having no body at all: the agent got an
 * empty message. The copy given to mailparser gets what a mail client falls back to: the boundary its body's own
 * delimiter lines show (`--X` … `--X--`), else the body as plain text. Only the message's own header; the raw
 * original is never changed.
 */

/** Boundaries are at most 70 characters (RFC 2046); the first delimiter is looked for in the body's start. */
const DELIMITER = /^--([0-9A-Za-z'()+_,\-./:=?]{1,70})[ \t]*\r?$/m;
const SCAN_BYTES = 64 * 1024;

export function withBodyType(raw: Buffer): Buffer {
  const head = raw.subarray(0, SCAN_BYTES).toString("latin1");
  const blank = /\r?\n\r?\n/.exec(head);
  if (!blank) return raw;
  const header = /^content-type:[ \t]*[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*/im.exec(head.slice(0, blank.index));
  // A boundary in RFC 2231 form (`boundary*0="ab"; boundary*1="c"`, `boundary*=utf-8''abc`) is one too.
  if (
    !header ||
    !/^content-type:\s*multipart\//i.test(header[0]) ||
    /[;\s]boundary(?:\*\d+)?\*?\s*=/i.test(header[0])
  )
    return raw;
  const bodyStart = blank.index + blank[0].length;
  const body = raw.subarray(bodyStart, bodyStart + SCAN_BYTES).toString("latin1");
  const boundary = DELIMITER.exec(body)?.[1];
  const closed = boundary !== undefined && raw.includes(`\n--${boundary}--`, bodyStart, "latin1");
  const type = closed
    ? `${header[0].trimEnd()}; boundary="${boundary}"`
    : header[0].replace(/multipart\/[\w.+-]*/i, "text/plain");
  return Buffer.concat([
    raw.subarray(0, header.index),
    Buffer.from(type, "latin1"),
    raw.subarray(header.index + header[0].length),
  ]);
}
