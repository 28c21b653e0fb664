import { describe, expect, it } from "vitest";
// @ts-expect-error: the web form's plain module has no types
import { fileSize } from "../../web/form/files.js";

/** The customer's ticket page lists files with their size; on the French page it read "journal.txt (1 KB)". */
const size = fileSize as (bytes: number, locale: string) => string;

describe("a file's size on the customer's page", () => {
  it("is in the page's language and units", () => {
    expect(size(23, "fr").replace(/\s/g, " ")).toBe("1 ko");
    expect(size(23, "en")).toBe("1 kB");
    expect(size(200 * 1024, "fr").replace(/\s/g, " ")).toBe("200 ko");
    expect(size(3.46 * 1024 * 1024, "fr").replace(/\s/g, " ")).toBe("3,5 Mo");
    expect(size(3.46 * 1024 * 1024, "en")).toBe("3.5 MB");
  });
});
