import { describe, expect, it } from "vitest";
// @ts-expect-error: the web form's plain module has no types
import { fileProblem, fileSize } from "../../web/form/files.js";
// @ts-expect-error: the web form's plain module has no types
import { strings } from "../../web/form/i18n.js";

/** The customer's ticket page lists files with their size; on the French page it read "journal.txt (1 KB)". */
const size = fileSize as (bytes: number, locale: string) => string;
const problem = fileProblem as (files: { name: string; size: number }[], t: Record<string, string>) => string;

describe("a file's size on the customer's page", () => {
  it("is in the page's language and units", () => {
    expect(size(23, "fr").replace(/\s/g, " ")).toBe("1 ko");
    expect(size(23, "en")).toBe("1 kB");
    expect(size(200 * 1024, "fr").replace(/\s/g, " ")).toBe("200 ko");
    expect(size(3.46 * 1024 * 1024, "fr").replace(/\s/g, " ")).toBe("3,5 Mo");
    expect(size(3.46 * 1024 * 1024, "en")).toBe("3.5 MB");
  });
});

describe("a refused file, named on the form", () => {
  // "virus.exe: ce type de fichier…" set the colon the English way on the French page.
  it("sets the colon off the page language's way", () => {
    const file = [{ name: "virus.exe", size: 2 }];
    expect(problem(file, strings.fr)).toBe(`virus.exe\u00a0: ${strings.fr.fileTypeRefused}`);
    expect(problem(file, strings.en)).toBe(`virus.exe: ${strings.en.fileTypeRefused}`);
  });
});
