import { describe, expect, it } from "vitest";
import { cleanLine, cleanText, singleLine } from "../../core/text.ts";
import { TicketSubmission } from "../../core/ticket/input.ts";

describe("text cleaning at the edge", () => {
  it("removes NUL, C0 and C1 controls, DEL and the byte-order mark", () => {
    expect(cleanLine("A\u0000n\u0007n\u001b[31m\u007f\u0085\u009b\uFEFF")).toBe("Ann[31m ");
  });

  it("removes bidi embeddings, overrides and isolates but keeps the plain RTL marks", () => {
    expect(cleanLine("invoice\u202Efdp.exe")).toBe("invoicefdp.exe");
    expect(cleanLine("\u202A\u202B\u202C\u202D\u2066\u2067\u2068\u2069x")).toBe("x");
    expect(cleanLine("שלום\u200F Ann\u200E")).toBe("שלום\u200F Ann\u200E");
  });

  it("replaces lone surrogates and keeps paired ones (emoji)", () => {
    expect(cleanLine("a\uD800b\uDC00c")).toBe("a\uFFFDb\uFFFDc");
    expect(cleanLine("ok 👍 \uD83D")).toBe("ok 👍 \uFFFD");
    expect(cleanLine("\uDC00\uD800")).toBe("\uFFFD\uFFFD");
  });

  it("makes one line of a single-line field, and keeps newlines and tabs in a body", () => {
    expect(cleanLine("Ann\r\nLee\tJr\u2028III")).toBe("Ann Lee Jr III");
    expect(cleanText("Hello\r\n\tworld\rbye\u0000\u202E")).toBe("Hello\n\tworld\nbye");
  });

  it("cleans before the length and emptiness checks", () => {
    expect(singleLine().trim().min(1).safeParse("\u0000\u202E ").success).toBe(false);
    expect(singleLine().max(3).parse("a\u0000\u0000\u0000bc")).toBe("abc");
    const parsed = TicketSubmission.parse({
      name: "Eve\u202E\u0000",
      email: "eve@example.com",
      subject: "Re\r\nBcc: x@evil.example",
      message: "Line 1\r\nLine 2\u0000",
    });
    expect(parsed).toMatchObject({
      name: "Eve",
      subject: "Re Bcc: x@evil.example",
      message: "Line 1\nLine 2",
    });
  });

  it("leaves ordinary text of any script untouched", () => {
    for (const value of ["Zoë Ångström", "北京市", "مرحبا", "Ñandú — “quotes” ‘too’", "👩‍💻 dev"]) {
      expect(cleanLine(value)).toBe(value);
      expect(cleanText(value)).toBe(value);
    }
  });
});
