import { store } from "../store/index.ts";

/**
 * A portal sign-in with a link mailed to `email` (core/auth/magic-link.ts): its owner reads that mailbox. Kept
 * per address, not on each ticket: the sign-in opens all of the address's tickets at once, and a ticket write for
 * each would move their versions (agents' If-Match) for nothing they would see. One PutItem per sign-in (1 WRU).
 */
export async function recordAddressProof(email: string, now = new Date()) {
  await store().entities.addressProof.put({ email: email.toLowerCase(), provenAt: now.toISOString() }).go();
}

/**
 * Whether the address's owner signed in after `since` (a ticket's creation): proof for the tickets that existed
 * then. A ticket filed later (the web form takes any address) is not covered by an earlier sign-in. One GetItem.
 */
export async function addressProvenSince(email: string, since: string): Promise<boolean> {
  const { data } = await store().entities.addressProof.get({ email: email.toLowerCase() }).go();
  return data !== null && data.provenAt > since;
}
