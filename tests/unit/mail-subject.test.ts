import { describe, expect, it } from "vitest";
import { coreSubject } from "../../core/mail/quoted-history.ts";
import { withoutReplyPrefixes } from "../../core/mail/subject.ts";

describe("a subject without reply prefixes and ticket tags", () => {
  it("drops every prefix and [#n], in any case and language, and keeps the customer's own words as typed", () => {
    expect(withoutReplyPrefixes("Re: [#19] suite")).toBe("suite");
    expect(withoutReplyPrefixes("RE: AW: Réf : Laptop  ne démarre pas [#7]")).toBe("Laptop ne démarre pas");
    expect(withoutReplyPrefixes("SV: Re[2]: TR: Fwd: Printer")).toBe("Printer");
    expect(withoutReplyPrefixes("回复：Invoice")).toBe("Invoice");
    expect(withoutReplyPrefixes("Re: [#19]")).toBe("");
    expect(withoutReplyPrefixes("Regarding the VPN")).toBe("Regarding the VPN");
  });
  it("is what threading compares, lower-cased", () => {
    expect(coreSubject("Re: [#19] Suite")).toBe("suite");
  });
});
