import { MAX_FILES, MAX_TOTAL_BYTES } from "../../../core/ticket/upload-limits.ts";

/** A file as the API takes it in JSON. */
export interface FileUpload {
  name: string;
  contentType: string;
  contentBase64: string;
}

/** Adds newly chosen or dropped files to those already chosen, or says which limit they break (same as the API). */
export function addFiles(
  chosen: File[],
  added: File[],
  words: { tooMany: string; tooLarge: string },
): { files: File[]; problem: string } {
  const files = [...chosen, ...added];
  if (files.length > MAX_FILES) return { files: chosen, problem: words.tooMany };
  if (files.reduce((sum, file) => sum + file.size, 0) > MAX_TOTAL_BYTES)
    return { files: chosen, problem: words.tooLarge };
  return { files, problem: "" };
}

export async function toUploads(files: File[]): Promise<FileUpload[]> {
  return Promise.all(
    files.map(async (file) => {
      const bytes = new Uint8Array(await file.arrayBuffer());
      let binary = "";
      // In slices: spreading megabytes into one call overflows the stack.
      for (let i = 0; i < bytes.length; i += 0x8000)
        binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return {
        name: file.name,
        contentType: file.type || "application/octet-stream",
        contentBase64: btoa(binary),
      };
    }),
  );
}

export { MAX_FILES, MAX_TOTAL_BYTES };
