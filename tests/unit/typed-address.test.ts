import { describe, expect, it } from "vitest";
import { normaliseTypedAddress, TYPED_ADDRESS_MESSAGES } from "../../core/mail/typed-address.ts";
import { Email, TicketSubmission } from "../../core/ticket/input.ts";
import { strings } from "../../web/app/src/strings.ts";
// @ts-expect-error: the web form's plain module has no types
import { fieldMessage } from "../../web/form/i18n.js";

describe("an address a person types", () => {
  it("is kept in lower case with an internationalised domain in ASCII (punycode), TLD included", () => {
    expect(normaliseTypedAddress(" Marie@Exemple.РФ ")).toEqual({
      ok: true,
      address: "marie@exemple.xn--p1ai",
    });
    expect(normaliseTypedAddress("jose@correo.españa")).toEqual({
      ok: true,
      address: "jose@correo.xn--espaa-rta",
    });
    expect(normaliseTypedAddress("ana@société.fr")).toEqual({ ok: true, address: "ana@xn--socit-esab.fr" });
    // Typed in punycode already: the same address, the same key.
    expect(normaliseTypedAddress("marie@exemple.xn--p1ai")).toEqual({
      ok: true,
      address: "marie@exemple.xn--p1ai",
    });
    expect(normaliseTypedAddress("o'brien+desk@mail.example.co.uk")).toMatchObject({ ok: true });
  });

  it("refuses a local part beyond ASCII with its own reason: SES cannot deliver to it", () => {
    for (const typed of ["josé@société.fr", "josé@example.com", "用户@例子.广告", "ünal@correo.españa"])
      expect(normaliseTypedAddress(typed), typed).toEqual({ ok: false, problem: "unicode_local_part" });
  });

  it("refuses what is no address at all", () => {
    for (const typed of [
      "",
      "marie",
      "@exemple.fr",
      "marie@",
      "marie@localhost",
      "marie@exemple.1",
      "marie@1.2.3.4",
      "marie@exemple..fr",
      ".marie@exemple.fr",
      "ma..rie@exemple.fr",
      "marie@-exemple.fr",
      "marie@exem ple.fr",
      "marie@exemple.fr,eve@evil.example",
      "marie <marie@exemple.fr>",
      `${"a".repeat(250)}@exemple.fr`,
    ])
      expect(normaliseTypedAddress(typed), typed).toEqual({ ok: false, problem: "invalid_address" });
  });
});

describe("the desk's Email field", () => {
  it("stores the ASCII form and names the Unicode local part's refusal with a code", () => {
    expect(Email.parse("marie@exemple.рф")).toBe("marie@exemple.xn--p1ai");
    const refused = Email.safeParse("josé@exemple.fr");
    expect(refused.success).toBe(false);
    expect(refused.error?.issues).toMatchObject([
      { message: TYPED_ADDRESS_MESSAGES.unicode_local_part, params: { code: "unicode_local_part" } },
    ]);
    const invalid = TicketSubmission.safeParse({ name: "M", email: "nope", subject: "s", message: "m" });
    expect(invalid.error?.issues).toMatchObject([
      { path: ["email"], message: "Enter a valid email address" },
    ]);
  });

  it("says every refusal in French on the web form and in the agent app", () => {
    for (const message of Object.values(TYPED_ADDRESS_MESSAGES)) {
      expect(fieldMessage("fr", message), message).not.toBe(message);
      expect(fieldMessage("en", message)).toBe(message);
    }
    const unicode = TYPED_ADDRESS_MESSAGES.unicode_local_part;
    for (const lang of ["en", "fr"] as const)
      expect(Object.hasOwn(strings[lang].fieldErrors.messages, unicode), lang).toBe(true);
  });
});
