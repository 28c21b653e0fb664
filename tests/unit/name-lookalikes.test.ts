import { describe, expect, it } from "vitest";
import { requesterName } from "../../core/mail/sender.ts";

// The desk sends as support@desk.localhost (DESK_MAIL_FROM's default in tests).
describe("a name that shows an address to the eye is no name", () => {
  it.each([
    ["support@desk\u2024localhost", "one-dot leader"],
    ["support@desk\uFE52localhost", "small full stop"],
    ["support@desk\u00B7localhost", "middle dot"],
    ["support@desk .localhost", "spaced dot"],
    ["support @ desk . localhost", "spaced at sign and dot"],
    ["support\u24D0desk.localhost", "circled a"],
    ["ｓｕｐｐｏｒｔ@ｄｅｓｋ.ｌｏｃａｌｈｏｓｔ", "full-width letters"],
    ["Help Desk support@desk", "the desk's mailbox without its domain's dots"],
    ["SUPPORT@Desk", "the desk's mailbox in capitals"],
    ["billing@bank\u2024example", "anyone's address with a look-alike dot"],
    ["billing@bank\uA4F8example", "Lisu letter tone mya ti"],
    ["support\u200B@desk", "a zero-width space before the at sign"],
    ["sup\u200Bport@desk", "a zero-width space in the mailbox"],
  ])("%s (%s) gives way to the sender's own address", (name) => {
    expect(requesterName(name, "x-1@evil.example")).toBe("x-1@evil.example");
  });

  it.each([
    ["R&D@Acme"],
    ["Team@Work Ltd"],
    ["Jane @jane_doe"],
    ["- Jane @ -"],
    ["Café · Bar"],
    ["Jean-Pierre Dupont"],
    ["李@华"],
    ["sales@yourdesk"],
    ["Marie @ Paris · Lyon"],
    ["Secretaria @ Col·legi Sant Jordi"],
    ["Jean @ Acme. Sales"],
    ["Ann & Bob @ Home. Office"],
  ])("%s stays as it was", (name) => {
    expect(requesterName(name, "x-1@client.example")).toBe(name);
  });
});

describe("a name of any length", () => {
  it("is read within a bound, so a hostile one cannot hold the parser", () => {
    // Unbounded, the address patterns took over a minute on this name (past the test's timeout).
    const name = `${"a".repeat(200_000)}@`;
    expect(requesterName(name, "x-1@client.example")).toBe(name.slice(0, 1000));
    expect(requesterName(`${"a".repeat(999)}😀`, "x-1@client.example")).toBe("a".repeat(999));
  });
});
