import { asciiDomain, isAscii } from "./sender.ts";

/**
 * An address a person typed (the web form, an agent opening a ticket for a customer) as the desk keeps it: lower
 * case, an internationalised domain in ASCII (`marie@exemple.рф` is `marie@exemple.xn--p1ai`, the form inbound mail
 * arrives in and SES sends to), so keys and lookups find one form; people see it in Unicode again where its labels
 * are Latin (core/mail/display-address.ts). A local part beyond ASCII (`josé@…`, SMTPUTF8) is refused with its
 * own reason: SES, the desk's mail provider, cannot deliver to it, so the desk could never answer.
 */
export type TypedAddress =
  | { ok: true; address: string }
  | { ok: false; problem: "unicode_local_part" | "invalid_address" };

// zod's own local part (letters, digits, `_'+-.`, no leading, trailing or double dot), which the form always took.
const LOCAL = /^(?!\.)(?!.*\.\.)[a-z0-9_'+.-]*[a-z0-9_+-]$/;
// Letter/digit/hyphen labels; the last one letters, or a punycode label (`xn--p1ai` for `рф`): never digits alone.
const LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
const DOMAIN = new RegExp(`^(?:${LABEL}\\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{0,58}[a-z0-9])$`);

export function normaliseTypedAddress(typed: string): TypedAddress {
  const address = asciiDomain(typed.trim().toLowerCase());
  const at = address.lastIndexOf("@");
  if (at <= 0) return { ok: false, problem: "invalid_address" };
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (!isAscii(local)) return { ok: false, problem: "unicode_local_part" };
  if (!LOCAL.test(local) || !DOMAIN.test(domain) || address.length > 254)
    return { ok: false, problem: "invalid_address" };
  return { ok: true, address };
}

/** What a person reads for each refusal (the web form and the agent app translate these words). */
export const TYPED_ADDRESS_MESSAGES = {
  invalid_address: "Enter a valid email address",
  unicode_local_part:
    "Our mail service (Amazon SES) cannot deliver to an address with accents or non-Latin letters before the @: give another address",
} as const;
