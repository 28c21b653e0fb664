import { describe, expect, it } from "vitest";
import { parseSignature, withSignature } from "../../core/agent/signature.ts";
import type { DeskError } from "../../core/error.ts";

const codeOf = (typed: string) => {
  try {
    parseSignature(typed);
    return "accepted";
  } catch (error) {
    return (error as DeskError).code;
  }
};

describe("withSignature", () => {
  it("leaves a reply without a signature exactly as written", () => {
    for (const body of ["", "Hi", "Hi  \n\n", "a\n-- \nb", "\u00e9t\u00e9\r\n"]) {
      expect(withSignature(body, undefined)).toBe(body);
      expect(withSignature(body, "")).toBe(body);
    }
  });

  it("adds a blank line, the '-- ' delimiter and the signature under the body", () => {
    expect(withSignature("Hi there\n\n", "Sam\nAcme")).toBe("Hi there\n\n-- \nSam\nAcme");
  });
});

describe("parseSignature", () => {
  it("tidies blank lines around and trailing spaces; empty is none", () => {
    expect(parseSignature("\n Sam  \nAcme\t".replace("\t", " "))).toBe(" Sam\nAcme");
    expect(parseSignature("   \n\n")).toBeUndefined();
    expect(parseSignature("")).toBeUndefined();
  });

  it("keeps right-to-left text and its plain marks (only overrides and isolates are refused)", () => {
    expect(parseSignature("\u05e9\u05e8\u05d4 \u200f\u05ea\u05de\u05d9\u05db\u05d4")).toBe(
      "\u05e9\u05e8\u05d4 \u200f\u05ea\u05de\u05d9\u05db\u05d4",
    );
  });

  it("refuses with a stable code what it would not mail", () => {
    expect(codeOf("a\r\nb")).toBe("signature_forbidden_characters");
    expect(codeOf("a\u202Eb")).toBe("signature_forbidden_characters");
    expect(codeOf("a\u0085b")).toBe("signature_forbidden_characters");
    expect(codeOf("\ud800")).toBe("signature_forbidden_characters");
    expect(codeOf("\ufeffSam")).toBe("signature_forbidden_characters");
    expect(codeOf("x".repeat(501))).toBe("signature_too_long");
    expect(codeOf("x".repeat(500))).toBe("accepted");
    expect(codeOf("1\n2\n3\n4\n5\n6")).toBe("accepted");
    expect(codeOf("1\n2\n3\n4\n5\n6\n7")).toBe("signature_too_many_lines");
    expect(codeOf("Sam\n--")).toBe("signature_delimiter");
    expect(codeOf("Sam -- Acme")).toBe("accepted");
  });
});
