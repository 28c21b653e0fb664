import { describe, expect, it } from "vitest";
import { checkDeskAliases } from "../../core/desk/aliases.ts";
import { automaticReasons, isDeskAddress, isNoReplyAddress } from "../../core/mail/automatic.ts";
import { parseMail } from "../../core/mail/parse.ts";
import { cutReplyHeaderBlock } from "../../core/mail/quoted-history.ts";
import { replyText } from "../../core/mail/reply-text.ts";
import { chooseRequester, fromDesk, isCopyable } from "../../core/mail/sender.ts";

const DESK = { from: "support@desk.example", aliases: ["billing@desk.example", "help@old-brand.example"] };
const mail = (lines: string[]) => parseMail(Buffer.from(`${lines.join("\r\n")}\r\n\r\nHello`));

describe("the desk's other addresses", () => {
  it("are the desk's, in any case, with a +token or a trailing dot", () => {
    for (const address of [
      "billing@desk.example",
      "Billing@DESK.example",
      "billing+x@desk.example",
      "help@old-brand.example.",
      "support@desk.example",
    ]) {
      expect(isDeskAddress(address, DESK), address).toBe(true);
      expect(isCopyable(address, null, DESK), address).toBe(false);
      expect(isNoReplyAddress(address, DESK), address).toBe(true);
    }
    for (const address of ["billing@client.example", "help@desk.example", "sales@desk.example"]) {
      expect(isDeskAddress(address, DESK), address).toBe(false);
      expect(isCopyable(address, null, DESK), address).toBe(true);
    }
    // An alias with a tag of its own (an old forwarding address) is the desk's as written.
    const tagged = { ...DESK, aliases: ["support+old@gmail.example"] };
    expect(isDeskAddress("support+old@gmail.example", tagged)).toBe(true);
    expect(isDeskAddress("support+old+t1@gmail.example", tagged)).toBe(false);
    expect(isDeskAddress("support@gmail.example", tagged)).toBe(false);
  });

  it("make mail from one a loop, and are never the requester a Reply-To names", async () => {
    const loop = await mail(["From: Billing <billing@desk.example>", "Subject: Invoice 12"]);
    expect(fromDesk(loop, DESK)).toBe(true);
    expect(automaticReasons(loop, DESK)).toContain("the desk's own address");
    const forwarded = await mail(["From: Ann <ann@client.example>", "Reply-To: help@old-brand.example"]);
    expect(chooseRequester(forwarded, DESK)).toMatchObject({ address: "ann@client.example", source: "from" });
  });

  it("start the desk's quoted message in a reply, as its sending address does", () => {
    // A header line in a language no list knows: only the desk's address tells it.
    const signed =
      "Ακόμα χαλασμένο.\n\nRegards,\nKarl\n\nΑπό: Billing <Billing+7@desk.example>\nΣτάλθηκε: Δευτέρα\n\nΓεια σας.";
    expect(replyText(signed, DESK)).toBe("Ακόμα χαλασμένο.\n\nRegards,\nKarl");
    expect(replyText(signed, { from: DESK.from, aliases: [] })).toBe(signed);
    const outlook = [
      "Thanks, that worked.",
      "",
      "From: Billing <billing@desk.example>",
      "Sent: Monday, 7 December 2026 10:00",
      "To: Karl <karl@client.example>",
      "Subject: Something else entirely",
      "",
      "Please try again.",
    ].join("\n");
    expect(cutReplyHeaderBlock(outlook, { subject: "Invoice", desk: DESK })).toBe("Thanks, that worked.");
  });
});

describe("the admin's list of them", () => {
  const FROM = "Support <support@desk.example>";
  it("is lower-cased, trimmed and kept in order, blank lines left out", () => {
    expect(checkDeskAliases([" Billing@Desk.example", "", "help@old-brand.example"], FROM)).toEqual([
      "billing@desk.example",
      "help@old-brand.example",
    ]);
    expect(checkDeskAliases([], FROM)).toEqual([]);
  });

  it.each([
    [["billing@desk.example", "billing"], "invalid_desk_alias", ["billing"]],
    [["a@b.example, c@d.example"], "invalid_desk_alias", ["a@b.example, c@d.example"]],
    [["billing@desk.example", "BILLING@desk.example"], "duplicate_desk_alias", ["billing@desk.example"]],
    [["SUPPORT@desk.example"], "desk_alias_is_mail_from", ["support@desk.example"]],
    [Array.from({ length: 21 }, (_, i) => `a${i}@desk.example`), "too_many_desk_aliases", []],
    ["billing@desk.example", "invalid_desk_alias", []],
  ])("refuses %j with %s", (input, code, addresses) => {
    expect(() => checkDeskAliases(input, FROM)).toThrowError(
      expect.objectContaining({ code, details: { params: { addresses } } }),
    );
  });

  it("takes 20", () => {
    expect(
      checkDeskAliases(
        Array.from({ length: 20 }, (_, i) => `a${i}@desk.example`),
        FROM,
      ),
    ).toHaveLength(20);
  });
});
