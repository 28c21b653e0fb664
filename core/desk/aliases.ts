import { config } from "../config.ts";
import { DeskError } from "../error.ts";
import { isDeliverable } from "../mail/address.ts";
import { isDeskAddress, sendingAddressOnly } from "../mail/automatic.ts";
import { bareAddress } from "../mail/message-id.ts";
import { asciiDomain } from "../mail/sender.ts";

/** At most this many other addresses (billing@, sales@, an old support address forwarding to the desk…). */
export const DESK_ALIASES_MAX = 20;

/**
 * The desk's other addresses as an admin lists them, checked and normalised (lower case, domain in ASCII, in the
 * order given). Each refusal is a 400 with its own code, naming the addresses in `params.addresses`:
 * `invalid_desk_alias` (not one plain `local@domain`), `duplicate_desk_alias` (listed twice),
 * `desk_alias_is_mail_from` (DESK_MAIL_FROM's own address, the desk's already), `too_many_desk_aliases`.
 */
export function checkDeskAliases(input: unknown, mailFrom = config().mailFrom): string[] {
  if (!Array.isArray(input) || input.some((a) => typeof a !== "string"))
    throw refused("invalid_desk_alias", "The desk's other addresses must be a list of addresses", []);
  const list = input.map((a: string) => a.trim()).filter(Boolean);
  if (list.length > DESK_ALIASES_MAX)
    throw refused("too_many_desk_aliases", `At most ${DESK_ALIASES_MAX} other addresses`, []);
  const invalid = list.filter((a) => a.length > 254 || !isDeliverable(a));
  if (invalid.length) throw refused("invalid_desk_alias", "Not a valid address", invalid);
  const normalised = list.map((a) => asciiDomain(a.toLowerCase()));
  const twice = normalised.filter((a, i) => normalised.indexOf(a) !== i);
  if (twice.length) throw refused("duplicate_desk_alias", "An address is listed twice", [...new Set(twice)]);
  // With a +token too (support+x@): the desk's own address already.
  const sending = sendingAddressOnly(bareAddress(mailFrom));
  const own = normalised.filter((a) => isDeskAddress(a, sending));
  if (own.length)
    throw refused(
      "desk_alias_is_mail_from",
      "The desk's sending address (DESK_MAIL_FROM) is the desk's already",
      own,
    );
  return normalised;
}

function refused(code: string, message: string, addresses: string[]) {
  const text = addresses.length ? `${message}: ${addresses.join(", ")}` : message;
  return new DeskError("validation", code, text, { params: { addresses } });
}
