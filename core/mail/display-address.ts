import { domainToUnicode } from "node:url";
import { displayAddressWith } from "./idn-display.ts";

// node:url answers "" for a label that is not valid punycode: it is then shown as stored.
const decodeLabel = (label: string) => domainToUnicode(label);

/**
 * An address as a person reads it (mail text, greetings, timeline notes): its `xn--` domain labels in Unicode
 * (`josé@société.fr`). Only for display — keys, lookups and SES keep the ASCII form (`asciiDomain`, sender.ts).
 */
export const displayAddress = (address: string) => displayAddressWith(address, decodeLabel);
