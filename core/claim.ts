import { store } from "./store/index.ts";

/**
 * Claims a one-time action (an acknowledgement, a notice) so that a redelivered message never repeats it:
 * true for the first caller, false for every later one. Release it if the action then fails.
 */
export async function claimOnce(
  scope: string,
  key: string,
  ticket: { ticketId: string; number: number },
  now = new Date(),
) {
  try {
    await store()
      .entities.idempotency.create({
        scope,
        idemKey: key,
        fingerprint: "",
        ticketId: ticket.ticketId,
        number: ticket.number,
        createdAt: now.toISOString(),
      })
      .go();
    return true;
  } catch (error) {
    if (String(error).includes("conditional request failed")) return false;
    throw error;
  }
}

export async function releaseClaim(scope: string, key: string): Promise<void> {
  await store().entities.idempotency.delete({ scope, idemKey: key }).go();
}

/**
 * Does `send` at most once per (scope, key): claims first, and releases the claim if sending fails, so that a
 * retry sends. "already_sent" when another run claimed it.
 */
export async function sendOnce(
  scope: string,
  key: string,
  ticket: { ticketId: string; number: number },
  send: () => Promise<unknown>,
  now = new Date(),
): Promise<"sent" | "already_sent"> {
  if (!(await claimOnce(scope, key, ticket, now))) return "already_sent";
  try {
    await send();
    return "sent";
  } catch (error) {
    await releaseClaim(scope, key);
    throw error;
  }
}
