import { describe, expect, it, vi } from "vitest";
import { readUuencoded } from "../../core/mail/uuencoded.ts";

/** core/mail/uuencoded.ts against bodies built to exhaust it, and the blocks real encoders end. */

describe("a hostile body of one begin line and millions of short lines", () => {
  it("is read without a buffer per line, and stays text", () => {
    const alloc = vi.spyOn(Buffer, "alloc");
    try {
      for (const line of ["", "!", "`"]) {
        const text = `begin 644 a\n${`${line}\n`.repeat(1_000_000)}no end`;
        const started = performance.now();
        expect(readUuencoded(text).files).toEqual([]);
        expect(performance.now() - started).toBeLessThan(5_000);
      }
      // Checked first, decoded once whole: 3 million lines once cost a buffer each (2 GB for an 8 MB body).
      expect(alloc.mock.calls.length).toBeLessThan(10);
    } finally {
      alloc.mockRestore();
    }
  });

  it("still decodes a whole block in one buffer, its zero-length line then end", () => {
    // "abc" then the closing line, as GNU uuencode (`) and Python's uu (a space, trimmed by a relay) write it.
    for (const closing of ["`", ""]) {
      expect(readUuencoded(`begin 644 a.txt\n#86)C\n${closing}\nend\nafter`)).toMatchObject({
        text: "after",
        files: [{ filename: "a.txt", content: Buffer.from("abc") }],
      });
    }
  });

  it("leaves a begin line followed at once by end as text: even an empty file has its zero-length line", () => {
    const text = "Agenda:\nbegin 1000 standup\nend\nThanks";
    expect(readUuencoded(text)).toEqual({ text, files: [] });
    expect(readUuencoded("begin 644 empty.csv\n`\nend").files).toMatchObject([
      { filename: "empty.csv", size: 0 },
    ]);
  });
});
