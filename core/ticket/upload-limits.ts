/**
 * Limits for files people upload (agent replies and notes, agent-opened tickets, the web form, customer
 * replies). Pure, so the agent app checks the same numbers before it uploads (the web form, plain JS, copies
 * them in web/form/files.js). The whole Lambda event must fit its 6 MB (6,291,456 bytes): 4 MB of files is
 * 5.6 MB as base64 (JSON, or multipart that API Gateway base64-encodes), leaving room for the message and headers.
 */
export const MAX_FILES = 10;
export const MAX_TOTAL_BYTES = 4 * 1024 * 1024;

/**
 * What customers may upload: screenshots, logs, documents, archives, mail. Not programs or scripts: a file
 * the desk stores is later opened by an agent. Agents, who are trusted, may attach any type.
 */
export const CUSTOMER_EXTENSIONS = [
  ...["png", "jpg", "jpeg", "gif", "webp", "bmp", "heic", "heif", "tif", "tiff"],
  ...["txt", "log", "csv", "json", "xml", "md", "pdf", "rtf"],
  ...["doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp"],
  ...["zip", "gz", "7z"],
  ...["eml", "msg"],
] as const;
