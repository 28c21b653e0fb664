/// <reference path="./punycode.d.ts" />
import { toUnicode } from "punycode/punycode.es6.js";
import { displayAddressWith, displayDomainWith } from "../../../core/mail/idn-display.ts";

/**
 * A label decoded only if it is valid: the browser's own URL parser (IDNA, as for its address bar) must give the
 * same ASCII label back, which is what node:url's `domainToUnicode` checks on the server. "" otherwise.
 */
function decodeLabel(label: string): string {
  const ascii = label.toLowerCase();
  try {
    const shown = toUnicode(ascii);
    return new URL(`http://${shown}/`).hostname === ascii ? shown : "";
  } catch {
    return "";
  }
}

/**
 * An address as agents read it: an internationalised domain in Unicode (`josé@société.fr`), as the API stores
 * and sends it in ASCII (`josé@xn--socit-esab.fr`). Links, searches and requests keep the stored form.
 */
export const shownAddress = (address: string) => displayAddressWith(address, decodeLabel);

/** A list of addresses as a change records it ("a@x, b@y": a ticket's CC, a merge's senders), each as agents read it. */
export const shownAddressList = (addresses: string) =>
  addresses
    .split(",")
    .map((address) => address.trim())
    .filter(Boolean)
    .map(shownAddress)
    .join(", ");

/** A domain as agents read it, by the same rule (the host of a link in a message). */
export const shownDomain = (domain: string) => displayDomainWith(domain, decodeLabel);

/** A requester's name as shown: mail with no display name gave them their address as name, shown as an address. */
export const shownName = (name: string, email: string) =>
  name.toLowerCase() === email.toLowerCase() ? shownAddress(email) : name;
