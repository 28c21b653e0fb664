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

describe("a reply to a closed ticket keeps the customer's own [#n]", () => {
  it("drops only the tags of the tickets named", () => {
    expect(withoutReplyPrefixes("Re: [#1] is not a tag [#19]", [19])).toBe("[#1] is not a tag");
    expect(withoutReplyPrefixes("Re: Order [#4521] missing [#19]", [19, 7])).toBe("Order [#4521] missing");
    expect(withoutReplyPrefixes("Re: [#7] suite", [19, 7])).toBe("suite");
  });
});

describe("a reply to the desk's own mail about a closed ticket", () => {
  it("loses the desk's words after the tag, in both languages, and keeps the customer's", () => {
    expect(withoutReplyPrefixes("Re: [#19] How did we do? Printer jam", [19])).toBe("Printer jam");
    expect(withoutReplyPrefixes("RE: [#19] Nous avons bien reçu votre demande : Imprimante", [19])).toBe(
      "Imprimante",
    );
    expect(withoutReplyPrefixes("AW: [#19] We are waiting for your answer: VPN", [19])).toBe("VPN");
    expect(withoutReplyPrefixes("Re: [#19] Comment s'est passée votre demande ?", [19])).toBe("");
    expect(withoutReplyPrefixes("Re: [#19] We received your request", [19])).toBe("");
    // Only right after the desk's tag: the same words typed by the customer are theirs.
    expect(withoutReplyPrefixes("How did we do? [#19]", [19])).toBe("How did we do?");
    expect(withoutReplyPrefixes("Re: [#7] How did we do? Printer", [19])).toBe("[#7] How did we do? Printer");
  });

  it("keeps a subject of the customer's that merely starts with the desk's words (an agent's reply carries it)", () => {
    expect(withoutReplyPrefixes("Re: [#19] We received your requests for invoices", [19])).toBe(
      "We received your requests for invoices",
    );
    expect(withoutReplyPrefixes("Re: [#19] We received your request for quotation", [19])).toBe(
      "We received your request for quotation",
    );
    expect(withoutReplyPrefixes("Re: [#19] Nous attendons votre réponse depuis lundi", [19])).toBe(
      "Nous attendons votre réponse depuis lundi",
    );
    expect(withoutReplyPrefixes("Re: [#19] How did we do?!", [19])).toBe("How did we do?!");
  });
});
