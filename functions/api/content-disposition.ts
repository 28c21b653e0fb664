/**
 * `attachment` with an ASCII name every client reads, plus the real name (RFC 6266 `filename*`) when it has
 * other characters: a header value must be Latin-1, so a raw "发票.pdf" would make the response throw.
 */
export function attachmentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\w.-]+/g, "_");
  if (ascii === filename) return `attachment; filename="${ascii}"`;
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16)}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
