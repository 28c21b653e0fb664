/**
 * S/MIME "opaque" signing (Outlook's option when "send clear-text signed message" is off, and many government
 * and defence mailers): the whole message — text and attachments — is inside `smime.p7m`, a CMS SignedData
 * (RFC 5652) in BER, usually with indefinite lengths. Read as is, it shows agents "(attachments only)". This
 * takes the signed content out (not verifying the signature: "signed" is shown as for multipart/signed) so the
 * message reads like any other. Encrypted mail (EnvelopedData) cannot be read without the recipient's key.
 */

const SIGNED_DATA = Buffer.from([0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02]);
const MAX_DEPTH = 24;
const MAX_NODES = 20_000;

interface Node {
  tag: number;
  constructed: boolean;
  /** Content bytes: [start, contentEnd); the node ends at `end` (after an end-of-contents for indefinite forms). */
  start: number;
  contentEnd: number;
  end: number;
}

class BerError extends Error {
  override name = "BerError";
}

/** Reads one BER node at `at`, walking an indefinite-length one to its end; bounded in depth and node count. */
function readNode(buf: Buffer, at: number, depth: number, budget: { nodes: number }): Node {
  if (depth > MAX_DEPTH || --budget.nodes < 0 || at + 2 > buf.length) throw new BerError("bounds");
  const tag = buf[at]!;
  if ((tag & 0x1f) === 0x1f) throw new BerError("high tag number"); // never used by CMS
  const constructed = (tag & 0x20) !== 0;
  let pos = at + 1;
  const first = buf[pos++]!;
  if (first === 0x80) {
    if (!constructed) throw new BerError("indefinite primitive");
    let child = pos;
    while (!(buf[child] === 0 && buf[child + 1] === 0)) child = readNode(buf, child, depth + 1, budget).end;
    return { tag, constructed, start: pos, contentEnd: child, end: child + 2 };
  }
  let length = first;
  if (first & 0x80) {
    const count = first & 0x7f;
    if (count > 4 || pos + count > buf.length) throw new BerError("length");
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + buf[pos++]!;
  }
  if (pos + length > buf.length) throw new BerError("truncated");
  return { tag, constructed, start: pos, contentEnd: pos + length, end: pos + length };
}

function children(buf: Buffer, node: Node, depth: number, budget: { nodes: number }): Node[] {
  const list: Node[] = [];
  for (let at = node.start; at < node.contentEnd; ) {
    const child = readNode(buf, at, depth + 1, budget);
    list.push(child);
    at = child.end;
    if (list.length >= 8) break; // the fields needed here are among the first few
  }
  return list;
}

/** An OCTET STRING's bytes, primitive or constructed from pieces (BER allows both). */
function octets(buf: Buffer, node: Node, depth: number, budget: { nodes: number }): Buffer {
  if (!node.constructed) return buf.subarray(node.start, node.contentEnd);
  const pieces: Buffer[] = [];
  for (let at = node.start; at < node.contentEnd; ) {
    const piece = readNode(buf, at, depth + 1, budget);
    pieces.push(octets(buf, piece, depth + 1, budget));
    at = piece.end;
  }
  return Buffer.concat(pieces);
}

/** The signed content of a CMS SignedData (ContentInfo → [0] SignedData → encapContentInfo → [0] eContent). */
export function signedContent(der: Buffer): Buffer | null {
  try {
    const budget = { nodes: MAX_NODES };
    const info = readNode(der, 0, 0, budget);
    const [type, explicit] = children(der, info, 0, budget);
    if (!type || !explicit || !der.subarray(type.start, type.contentEnd).equals(SIGNED_DATA)) return null;
    const [signedData] = children(der, explicit, 1, budget);
    if (!signedData) return null;
    const encap = children(der, signedData, 2, budget)[2];
    const wrapped = encap && children(der, encap, 3, budget)[1];
    const content = wrapped && children(der, wrapped, 4, budget)[0];
    return content && (content.tag & 0x1f) === 0x04 ? octets(der, content, 5, budget) : null;
  } catch {
    return null;
  }
}

/** Whether a top-level Content-Type is S/MIME: `signed` (opaque signing) or `encrypted` (enveloped, unreadable). */
export function smimeKind(contentType: string): "signed" | "encrypted" | null {
  if (/^\s*multipart\/encrypted/i.test(contentType)) return "encrypted";
  if (!/^\s*application\/(x-)?pkcs7-mime/i.test(contentType)) return null;
  const type = /smime-type\s*=\s*"?([\w-]+)/i.exec(contentType)?.[1]?.toLowerCase();
  return type === "signed-data" ? "signed" : type === undefined ? null : "encrypted";
}

/**
 * The message with its opaque-signed content in place of `smime.p7m`: the outer headers (who, to whom,
 * subject, ids) over the signed MIME entity. Null when the message is not opaque-signed or cannot be read.
 */
export function unwrapOpaqueSigned(raw: Buffer, contentType: string): Buffer | null {
  if (smimeKind(contentType) !== "signed") return null;
  const text = raw.toString("latin1");
  const split = /\r?\n\r?\n/.exec(text);
  if (!split) return null;
  const head = text.slice(0, split.index).replace(/\r?\n(?=[ \t])/g, "\u0000");
  const kept = head
    .split(/\r?\n/)
    .filter((line) => !/^(content-[\w-]+|mime-version)\s*:/i.test(line))
    .map((line) => line.replaceAll("\u0000", "\r\n"));
  const body = raw.subarray(split.index + split[0].length).toString("latin1");
  const der = /content-transfer-encoding:\s*base64/i.test(head)
    ? Buffer.from(body, "base64")
    : raw.subarray(split.index + split[0].length);
  const content = signedContent(der);
  if (!content?.length) return null;
  return Buffer.concat([Buffer.from(`${kept.join("\r\n")}\r\nMIME-Version: 1.0\r\n`, "latin1"), content]);
}
