/**
 * Limits for files people upload (agent replies and notes, agent-opened tickets, the web form, customer
 * replies). Pure, so the agent app checks the same numbers before it uploads (the web form, plain JS, copies
 * them in web/form/files.js). The request must fit Lambda's 6 MB: 4.5 MB of files is 6 MB as base64 JSON.
 */
export const MAX_FILES = 10;
export const MAX_TOTAL_BYTES = 4.5 * 1024 * 1024;

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
