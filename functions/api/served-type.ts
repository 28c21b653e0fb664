/**
 * The types an attachment is served as when it declared them: kinds a browser shows as data or hands to an
 * application (pictures but SVG, PDF, plain text, Office documents, archives, sound and video, a mail). Anything
 * else — HTML, SVG, XML, every script type (`text/jscript`, `text/livescript`…), types nobody listed — is served as
 * bytes (application/octet-stream): a denylist always misses one, and a download loses nothing as bytes.
 */
const SERVED_AS_DECLARED = [
  /^image\/(png|jpeg|gif|webp|bmp|tiff|heic|heif|avif)$/,
  /^application\/pdf$/,
  /^text\/(plain|csv)$/,
  /^application\/(msword|rtf|vnd\.ms-excel|vnd\.ms-powerpoint|vnd\.visio)$/,
  /^application\/vnd\.openxmlformats-officedocument\.(wordprocessingml|spreadsheetml|presentationml)\.[\w.-]+$/,
  /^application\/vnd\.oasis\.opendocument\.(text|spreadsheet|presentation)$/,
  /^application\/(zip|x-zip-compressed|gzip|x-7z-compressed|x-tar)$/,
  /^(audio|video)\/[\w.+-]+$/,
  /^message\/rfc822$/,
];

/** The Content-Type to serve a file declared as `declared`: its media type when allowed, else octet-stream. */
export function servedType(declared: string): string {
  const [essence = "", ...parameters] = declared.split(";").map((part) => part.trim());
  const type = essence.toLowerCase();
  if (!SERVED_AS_DECLARED.some((allowed) => allowed.test(type))) return "application/octet-stream";
  // Text keeps its charset (when it is one), so it reads right; nothing else of the declaration is repeated.
  const charset = parameters
    .map((p) => /^charset="?([\w.:-]{1,40})"?$/i.exec(p)?.[1])
    .find((value) => value !== undefined);
  return type.startsWith("text/") && charset ? `${type}; charset=${charset}` : type;
}
