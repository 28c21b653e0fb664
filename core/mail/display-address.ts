import { domainToUnicode } from "node:url";
import { displayAddressWith } from "./idn-display.ts";

// node:url answers the label itself, lower-cased, for one that is no valid punycode (`XN--ZZ` shows as `xn--zz`),
// and "" for one it cannot read at all (shown as stored).
const decodeLabel = (label: string) => domainToUnicode(label);

/**
 * An address as a person reads it (mail text, greetings, timeline notes): its `xn--` domain labels in Unicode
 * (`josé@société.fr`). Only for display — keys, lookups and SES keep the ASCII form (`asciiDomain`, sender.ts).
 */
export const displayAddress = (address: string) => displayAddressWith(address, decodeLabel);
