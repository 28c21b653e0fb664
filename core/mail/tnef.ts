import iconv from "iconv-lite";

/**
 * A bounded reader of TNEF (winmail.dat, application/ms-tnef) after MS-OXTNEF: the files an Outlook user
 * attached. Written here because the one npm parser (node-tnef) copies the rest of the buffer into a JS array
 * for every attribute (quadratic on hostile input), patches String.prototype and logs to the console; the
 * format is small enough that reading only the attachments is ~100 lines. Never throws: a damaged stream
 * yields the files read before the damage.
 */

const SIGNATURE = 0x223e9f78;
const LEVEL_ATTACHMENT = 2;
// Attribute ids (low 16 bits of the attribute's id; the high 16 bits are its type).
const ATT_ATTACH_REND_DATA = 0x9002; // starts each attachment
const ATT_ATTACH_TITLE = 0x8010; // 8.3 or short name, in the OEM code page
const ATT_ATTACH_DATA = 0x800f; // the file's bytes
const ATT_ATTACHMENT = 0x9005; // the attachment's MAPI properties (long name, MIME type)
const ATT_OEM_CODEPAGE = 0x9007;
// MAPI property ids and types.
const PR_ATTACH_LONG_FILENAME = 0x3707;
const PR_DISPLAY_NAME = 0x3001;
const PR_ATTACH_MIME_TAG = 0x370e;
const PT_STRING8 = 0x001e;
const PT_UNICODE = 0x001f;
const MV_FLAG = 0x1000;
/** Bytes of each fixed-size MAPI type (short, long, float, double, currency, apptime, error, boolean, i8…). */
const FIXED_SIZE: Record<number, number> = {
  1: 0,
  2: 2,
  3: 4,
  4: 4,
  5: 8,
  6: 8,
  7: 8,
  10: 4,
  11: 2,
  20: 8,
  64: 8,
  72: 16,
};
const VARIABLE = new Set([PT_STRING8, PT_UNICODE, 0x0102, 0x000d]);

const MAX_FILES = 100;
const MAX_PROPERTIES = 2_000;

export interface TnefFile {
  name: string;
  contentType: string | null;
  content: Buffer;
}

const pad4 = (n: number) => (n + 3) & ~3;
const cString = (bytes: Buffer, codepage: string) => {
  const end = bytes.indexOf(0);
  return iconv.decode(end < 0 ? bytes : bytes.subarray(0, end), codepage).trim();
};

/** The string properties of one MAPI property list that name the file. */
function mapiNames(
  data: Buffer,
  codepage: string,
): { longName?: string; displayName?: string; mime?: string } {
  const found: { longName?: string; displayName?: string; mime?: string } = {};
  let at = 0;
  const need = (n: number) => {
    if (at + n > data.length) throw new RangeError("MAPI property list ends early");
  };
  need(4);
  const count = Math.min(data.readUInt32LE(at), MAX_PROPERTIES);
  at += 4;
  for (let i = 0; i < count; i++) {
    need(4);
    const type = data.readUInt16LE(at);
    const id = data.readUInt16LE(at + 2);
    at += 4;
    if (id >= 0x8000) {
      // A named property: GUID, then a numeric id or a UTF-16 name.
      need(20);
      const kind = data.readUInt32LE(at + 16);
      at += 20;
      need(4);
      if (kind === 1) at += 4 + pad4(data.readUInt32LE(at));
      else at += 4;
    }
    const base = type & ~MV_FLAG;
    let values = 1;
    if (type & MV_FLAG || VARIABLE.has(base)) {
      need(4);
      values = data.readUInt32LE(at);
      at += 4;
    }
    for (let v = 0; v < values; v++) {
      if (VARIABLE.has(base)) {
        need(4);
        const length = data.readUInt32LE(at);
        need(4 + length);
        const value = data.subarray(at + 4, at + 4 + length);
        at += 4 + pad4(length);
        const text =
          base === PT_UNICODE
            ? value.toString("utf16le").replace(/\0+$/, "")
            : base === PT_STRING8
              ? cString(value, codepage)
              : null;
        if (text === null || v > 0) continue;
        if (id === PR_ATTACH_LONG_FILENAME) found.longName = text;
        else if (id === PR_DISPLAY_NAME) found.displayName = text;
        else if (id === PR_ATTACH_MIME_TAG) found.mime = text;
      } else {
        const size = FIXED_SIZE[base];
        if (size === undefined) throw new RangeError(`unknown MAPI type ${base}`);
        at += pad4(size);
      }
    }
  }
  return found;
}

/** The files inside a TNEF stream; empty when it is not TNEF. */
export function readTnef(data: Buffer): TnefFile[] {
  if (data.length < 6 || data.readUInt32LE(0) !== SIGNATURE) return [];
  const files: (TnefFile & { title?: string; longName?: string; mime?: string })[] = [];
  let codepage = "windows-1252";
  let current: (typeof files)[number] | null = null;
  let at = 6;
  while (at + 9 <= data.length && files.length <= MAX_FILES) {
    const level = data.readUInt8(at);
    const id = data.readUInt16LE(at + 1);
    const length = data.readUInt32LE(at + 5);
    const start = at + 9;
    if (start + length > data.length) break;
    const value = data.subarray(start, start + length);
    at = start + length + 2; // past the checksum
    if (id === ATT_OEM_CODEPAGE && length >= 4) {
      const page = value.readUInt32LE(0);
      if (iconv.encodingExists(`cp${page}`)) codepage = `cp${page}`;
    } else if (id === ATT_ATTACH_REND_DATA) {
      current = { name: "", contentType: null, content: Buffer.alloc(0) };
      files.push(current);
    } else if (level === LEVEL_ATTACHMENT && current) {
      if (id === ATT_ATTACH_TITLE) current.title = cString(value, codepage);
      else if (id === ATT_ATTACH_DATA) current.content = value;
      else if (id === ATT_ATTACHMENT) {
        try {
          const names = mapiNames(value, codepage);
          current.longName = names.longName || names.displayName;
          current.mime = names.mime;
        } catch {
          // damaged properties: the 8.3 title still names the file
        }
      }
    }
  }
  return files.slice(0, MAX_FILES).map((f) => ({
    name: f.longName || f.title || "",
    contentType: f.mime && /^[\w.+-]{1,127}\/[\w.+-]{1,127}$/.test(f.mime) ? f.mime.toLowerCase() : null,
    content: f.content,
  }));
}
