import { deskIdentity } from "../config.ts";
import { deskAliases, knownDeskAliases } from "../desk/name.ts";
import { DeskError } from "../error.ts";
import { type DeskAddresses, isDeskAddress, sendingAddressOnly } from "./automatic.ts";
import { bareAddress } from "./message-id.ts";

/**
 * The desk's addresses: DESK_MAIL_FROM's and the aliases an admin listed, read with the desk's name (one item,
 * cached a minute per process: core/desk/name.ts). Throws when the setting cannot be read — a decision about
 * loops and copies is not made without it.
 */
export async function deskAddresses(): Promise<DeskAddresses> {
  return { from: bareAddress(deskIdentity().mailFrom), aliases: await deskAliases() };
}

/**
 * The same, as this process last read them, for code that cannot wait (the mail parser): the caller has read
 * them first (`deskAddresses`), as inbound filing does beside its object read.
 */
export function knownDeskAddresses(): DeskAddresses {
  return { from: bareAddress(deskIdentity().mailFrom), aliases: knownDeskAliases() };
}

/**
 * Refuses one of the desk's own addresses (an alias too, or with a +token) as a ticket's requester: every mail
 * of the ticket would go to the desk itself. 400 `requester_is_desk`.
 */
export async function refuseDeskAsRequester(email: string): Promise<void> {
  if (isDeskAddress(email, await deskAddresses())) throw requesterIsDesk(email);
}

/** The same for DESK_MAIL_FROM's address alone (with a +token too), which needs no read. */
export function refuseDeskSendingAddress(email: string): void {
  if (isDeskAddress(email, sendingAddressOnly(bareAddress(deskIdentity().mailFrom))))
    throw requesterIsDesk(email);
}

function requesterIsDesk(email: string): DeskError {
  const message = `${email} is the desk's own address: a ticket's requester must be someone the desk can answer`;
  return new DeskError("validation", "requester_is_desk", message, { params: { addresses: [email] } });
}
