import { describe, expect, it } from "vitest";
import { DeskNameInput } from "../../core/desk/name.ts";
import { signature } from "../../core/desk/signature.ts";

describe("the desk's name as an admin types it", () => {
  it("keeps quotes and angle brackets (it is a display name, never parsed), trims, and reads empty as unset", () => {
    expect(DeskNameInput.parse({ name: '  Evil <attacker@x.com> "Q"  ' })).toEqual({
      name: 'Evil <attacker@x.com> "Q"',
      nameFr: null,
    });
    expect(DeskNameInput.parse({ name: "", nameFr: "" })).toEqual({ name: null, nameFr: null });
    expect(DeskNameInput.parse({})).toEqual({ name: null, nameFr: null });
    expect(DeskNameInput.parse({ name: "Zoë 日本 😀" }).name).toBe("Zoë 日本 😀");
  });

  it("refuses what could break a header or mislead a reader", () => {
    for (const name of [
      "a\rb",
      "a\nb",
      "a\tb",
      "a\u2028b",
      "a\u2066b",
      "a\u200Fb",
      "a\u0085b",
      "x".repeat(81),
    ])
      expect(DeskNameInput.safeParse({ name }).success, JSON.stringify(name)).toBe(false);
    expect(DeskNameInput.safeParse({ nameFr: "Assistance" }).success).toBe(false);
  });

  it("refuses an encoded-word, which mail clients decode past the checks above", () => {
    // Quoted by the composer, yet Gmail, Outlook and mailparser show it decoded: a right-to-left override,
    // a line break, or another name than the one the admin screen shows.
    for (const name of [
      "=?UTF-8?Q?Acme=E2=80=AE?=",
      "Acme =?utf-8?q?=0D=0ABcc:_x@y?= IT",
      "=?utf-8?B?QmFuayBvZiBBbWVyaWNh?=",
    ]) {
      const parsed = DeskNameInput.safeParse({ name });
      expect(parsed.success, name).toBe(false);
    }
    expect(DeskNameInput.parse({ name: "Acme =? IT ?=" }).name).toBe("Acme =? IT ?=");
    expect(DeskNameInput.safeParse({ name: "A", other: 1 }).success).toBe(false);
  });
});

describe("the signature in each language", () => {
  it("uses the admin's names, else the deploy-time name (its default said in French)", () => {
    const names = { en: "Acme IT", fr: "Assistance Acme", from: null };
    expect([signature(names, "en"), signature(names, "fr"), signature(names, undefined)]).toEqual([
      "Acme IT",
      "Assistance Acme",
      "Acme IT",
    ]);
    expect(signature("Help desk", "fr")).toBe("Centre d'assistance");
    expect(signature("Acme", "fr")).toBe("Acme");
  });
});
