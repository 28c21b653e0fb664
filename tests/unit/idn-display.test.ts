import { describe, expect, it } from "vitest";
import { mailboxText } from "../../core/mail/address.ts";
import { displayAddress } from "../../core/mail/display-address.ts";
import { Email } from "../../core/ticket/input.ts";
import { shownAddress, shownAddressList, shownName } from "../../web/app/src/address.ts";

/** The same cases for the server's form (node:url) and the agent app's (punycode.js checked by URL). */
const CASES: [string, string][] = [
  // Every label of the domain decoded, the local part untouched.
  ["jose@xn--socit-esab.fr", "jose@société.fr"],
  ["joerg@mail.xn--mller-it-65a.example", "joerg@mail.müller-it.example"],
  // Mixed: only the xn-- labels change; upper-case ACE prefixes are punycode too.
  ["info@XN--SOCIT-ESAB.xn--p1ai", "info@société.xn--p1ai"],
  // Already Unicode, or plain ASCII: as it is.
  ["jose@société.fr", "jose@société.fr"],
  ["casey@example.com", "casey@example.com"],
  // Not valid punycode: each such label as it is, the valid ones beside it still decoded.
  ["x@xn--zz.fr", "x@xn--zz.fr"],
  ["x@xn--.xn--socit-esab.fr", "x@xn--.société.fr"],
  ["x@xn--a-ecp.ru", "x@xn--a-ecp.ru"],
  // Latin mixed with Cyrillic (a lookalike of paypal): the honest ASCII form stays.
  ["billing@xn--pypal-4ve.com", "billing@xn--pypal-4ve.com"],
  // Any label not in Latin letters stays in punycode: a whole-script lookalike (аррӏе in Cyrillic, gօօgle with
  // Armenian letters, Cherokee) would pass for a Latin name, and no rule of ours can tell one from a genuine name.
  ["a@xn--80ak6aa92e.com", "a@xn--80ak6aa92e.com"],
  ["a@xn--ggle-vifa.com", "a@xn--ggle-vifa.com"],
  ["a@xn--g9d2m.com", "a@xn--g9d2m.com"],
  // Not an address at all: nothing to decode, nothing thrown.
  ["", ""],
  ["no-at-sign", "no-at-sign"],
];

describe("addresses as people read them", () => {
  for (const [stored, shown] of CASES) {
    it(`shows ${JSON.stringify(stored)} as ${JSON.stringify(shown)}, on the server and in the agent app`, () => {
      expect(displayAddress(stored)).toBe(shown);
      expect(shownAddress(stored)).toBe(shown);
    });
  }

  it("shows a recorded list of addresses (a CC change, a merge's senders) each decoded", () => {
    expect(shownAddressList("jose@xn--socit-esab.fr, ann@example.com")).toBe(
      "jose@société.fr, ann@example.com",
    );
    expect(shownAddressList("")).toBe("");
  });

  it("shows a name that is only the address as the address", () => {
    expect(shownName("jose@xn--socit-esab.fr", "jose@xn--socit-esab.fr")).toBe("jose@société.fr");
    expect(shownName("José Martin", "jose@xn--socit-esab.fr")).toBe("José Martin");
    // A name is never decoded as if it were a domain.
    expect(shownName("xn--socit-esab", "jose@xn--socit-esab.fr")).toBe("xn--socit-esab");
  });

  it("writes notices with the readable address, the name after it only when it says more", () => {
    expect(mailboxText("jose@xn--socit-esab.fr", "jose@société.fr")).toBe("jose@société.fr");
    expect(mailboxText("jose@xn--socit-esab.fr", "jose@xn--socit-esab.fr")).toBe("jose@société.fr");
    expect(mailboxText("jose@xn--socit-esab.fr", "José", "fr")).toBe("jose@société.fr (« José »)");
  });

  it("keeps a typed Unicode domain in its ASCII form (keys, lookups, SES)", () => {
    expect(Email.parse(" Jose@Société.FR ")).toBe("jose@xn--socit-esab.fr");
    expect(Email.parse("jose@xn--socit-esab.fr")).toBe("jose@xn--socit-esab.fr");
    expect(Email.safeParse("jose@").success).toBe(false);
  });
});
