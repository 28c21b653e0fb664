// Client-side check of chosen files, before anything is uploaded. The same limits as the API
// (core/ticket/attachments.ts), which checks again and answers with the same words.
export const MAX_FILES = 10;
export const MAX_TOTAL_BYTES = 4 * 1024 * 1024;
export const EXTENSIONS = [
  ...["png", "jpg", "jpeg", "gif", "webp", "bmp", "heic", "heif", "tif", "tiff"],
  ...["txt", "log", "csv", "json", "xml", "md", "pdf", "rtf"],
  ...["doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp"],
  ...["zip", "gz", "7z"],
  ...["eml", "msg"],
];
/** For the file picker: it offers these types first (people can still pick others, and are told why not). */
export const ACCEPT = EXTENSIONS.map((e) => `.${e}`).join(",");

const extensionOf = (name) => /\.([a-z0-9]{1,8})$/i.exec(name)?.[1]?.toLowerCase() ?? "";

/** "name: problem" with the page language's colon ("journal.exe : …" in French). */
export const fileNamed = (t, name, problem) =>
  t.fileNamed.replace("{name}", () => name).replace("{problem}", () => problem);

/** The first problem with these files, in the page's language, or "" when they can be sent. */
export function fileProblem(files, t) {
  if (files.length > MAX_FILES) return t.tooManyFiles;
  const refused = files.find((file) => !EXTENSIONS.includes(extensionOf(file.name)));
  if (refused) return fileNamed(t, refused.name, t.fileTypeRefused);
  const total = files.reduce((sum, file) => sum + file.size, 0);
  if (total > MAX_TOTAL_BYTES) return t.filesTooLarge;
  return "";
}

/** A file's size for the timeline, in the page's language and units ("12 ko" in French, "12 kB" in English). */
export function fileSize(bytes, locale) {
  const megabytes = bytes / (1024 * 1024);
  if (megabytes >= 1)
    return new Intl.NumberFormat(locale, {
      style: "unit",
      unit: "megabyte",
      maximumFractionDigits: 1,
    }).format(megabytes);
  return new Intl.NumberFormat(locale, { style: "unit", unit: "kilobyte", maximumFractionDigits: 0 }).format(
    Math.max(1, Math.ceil(bytes / 1024)),
  );
}
