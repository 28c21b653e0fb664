import { describe, expect, it } from "vitest";
import { MAX_FILE_NAME_CHARS, safeFileName } from "../../core/text.ts";

describe("a file's name as stored and downloaded", () => {
  it("keeps the base name only, without control characters or leading dots", () => {
    expect(safeFileName("../../../../etc/passwd.txt")).toBe("passwd.txt");
    expect(safeFileName("..\\..\\windows\\win.ini")).toBe("win.ini");
    expect(safeFileName("...hidden.txt")).toBe("hidden.txt");
    expect(safeFileName("report\u202Efdp.exe")).toBe("report_fdp.exe");
    expect(safeFileName("a:b*c?.log")).toBe("a_b_c_.log");
    expect(safeFileName("../")).toBe("");
  });

  it("shortens a long name before its extension", () => {
    const long = `${"q".repeat(300)}.pdf`;
    const short = safeFileName(long);
    expect(short).toHaveLength(MAX_FILE_NAME_CHARS);
    expect(short.endsWith("q.pdf")).toBe(true);
    expect(safeFileName(`${"q".repeat(300)}`)).toHaveLength(MAX_FILE_NAME_CHARS);
    expect(safeFileName(`Invoice ${"x".repeat(200)} .docx`).endsWith(".docx")).toBe(true);
  });
});
