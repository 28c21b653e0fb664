import { recordAfterSend } from "./after-send.ts";
import { store } from "./store/index.ts";

/**
 * Claims a one-time action for good (a used sign-in link, the weekly summary's marker): true for the first
 * caller, false for every later one. Automatic mail uses `sendOnce`, whose claim is a lease.
 */
export async function claimOnce(
  scope: string,
  key: string,
  ticket: { ticketId: string; number: number },
  now = new Date(),
) {
  return createClaim(scope, key, ticket, now, {});
}

/** Writes the claim item unless it exists: true when this caller created it. */
async function createClaim(
  scope: string,
  key: string,
  ticket: { ticketId: string; number: number },
  now: Date,
  lease: { state?: "leased"; leaseUntil?: string; attempts?: number },
): Promise<boolean> {
  try {
    await store()
      .entities.idempotency.create({
        scope,
        idemKey: key,
        fingerprint: "",
        ticketId: ticket.ticketId,
        number: ticket.number,
        createdAt: now.toISOString(),
        ...lease,
      })
      .go();
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

export async function releaseClaim(scope: string, key: string): Promise<void> {
  await store().entities.idempotency.delete({ scope, idemKey: key }).go();
}

/**
 * Another run holds an unexpired lease on this send: it may be sending right now, or it crashed. Thrown so
 * that the queue delivers the event again later (after the lease, the next delivery takes it over), never
 * answered as "already sent".
 */
export class ClaimLeasedError extends Error {
  override name = "ClaimLeasedError";
  readonly code = "claim_leased";
  readonly leaseUntil: string;
  constructor(scope: string, key: string, leaseUntil: string) {
    super(`${scope}/${key} is being sent by another run until ${leaseUntil}; retry later`);
    this.leaseUntil = leaseUntil;
  }
}

/** What the run that sends knows about earlier attempts, for the timeline. */
export interface SendAttempt {
  /** True when an earlier run claimed this send and never confirmed it (it crashed or timed out). */
  takeover: boolean;
  /** When that earlier run's claim was made. */
  previousClaimAt?: string;
}

/** What the timeline says about a send that follows an unconfirmed one ("" for a first attempt). */
export function takeoverNote(attempt: SendAttempt): string {
  if (!attempt.takeover) return "";
  return ` An earlier attempt (claimed ${attempt.previousClaimAt ?? "earlier"}) was never confirmed, so this was sent again: the recipient may have it twice.`;
}

/**
 * How long a claim holds before another delivery may take it over: longer than a send takes (the workers'
 * timeout is 30 s), and the bound on the window in which a crash can cause a duplicate. `DESK_CLAIM_LEASE_S`.
 */
export const claimLeaseSeconds = () => Number(process.env.DESK_CLAIM_LEASE_S ?? 120);

type Claim = { taken: true; attempt: SendAttempt; leaseUntil: string } | { taken: false; sent: true };

/** Claims a send as a lease: a new claim, or the takeover of one whose lease ran out without a confirmation. */
export async function claimLease(
  scope: string,
  key: string,
  ticket: { ticketId: string; number: number },
  now = new Date(),
): Promise<Claim> {
  const leaseUntil = new Date(now.getTime() + claimLeaseSeconds() * 1000).toISOString();
  const idem = store().entities.idempotency;
  if (await createClaim(scope, key, ticket, now, { state: "leased", leaseUntil, attempts: 1 }))
    return { taken: true, attempt: { takeover: false }, leaseUntil };
  const { data: held } = await idem.get({ scope, idemKey: key }).go({ consistent: true });
  // Gone meanwhile (its run failed and released it): the next delivery claims it afresh.
  if (!held) throw new ClaimLeasedError(scope, key, now.toISOString());
  // A claim without a lease is from before leases (or a one-time marker): it counts as sent.
  if (held.state !== "leased" || !held.leaseUntil) return { taken: false, sent: true };
  if (held.leaseUntil > now.toISOString()) throw new ClaimLeasedError(scope, key, held.leaseUntil);
  try {
    await idem
      .patch({ scope, idemKey: key })
      .set({ leaseUntil, attempts: (held.attempts ?? 1) + 1 })
      .where((a, op) => `${op.eq(a.state, "leased")} AND ${op.eq(a.leaseUntil, held.leaseUntil!)}`)
      .go();
  } catch (error) {
    // Another delivery took it over first.
    if (isConditionFailure(error)) throw new ClaimLeasedError(scope, key, leaseUntil);
    throw error;
  }
  return { taken: true, attempt: { takeover: true, previousClaimAt: held.createdAt }, leaseUntil };
}

/**
 * Does `send` once per (scope, key), at least once: claims a lease first; on success marks the claim `sent`
 * (with the SES message id when `send` returns one); on failure releases it so that a retry sends. A run that
 * crashes between claim and confirmation leaves a lease that expires, and the next delivery sends (at most one
 * duplicate, within the lease). A valid lease held by another run throws ClaimLeasedError (retry later).
 * "already_sent" when a confirmed send exists.
 */
export async function sendOnce(
  scope: string,
  key: string,
  ticket: { ticketId: string; number: number },
  send: (attempt: SendAttempt) => Promise<unknown>,
  now = new Date(),
): Promise<"sent" | "already_sent"> {
  const claim = await claimLease(scope, key, ticket, now);
  if (!claim.taken) return "already_sent";
  let result: unknown;
  try {
    result = await send(claim.attempt);
  } catch (error) {
    await releaseLease(scope, key, claim.leaseUntil).catch(() => {});
    throw error;
  }
  await confirmSent(scope, key, providerMessageId(result));
  return "sent";
}

/** Lets a failed send be retried at once, unless another run took the claim over meanwhile. */
async function releaseLease(scope: string, key: string, leaseUntil: string) {
  await store()
    .entities.idempotency.delete({ scope, idemKey: key })
    .where((a, op) => op.eq(a.leaseUntil, leaseUntil))
    .go()
    .catch((error) => {
      if (!isConditionFailure(error)) throw error;
    });
}

/**
 * Marks a claim sent. The mail has left: retried through a short outage, then logged, not thrown (throwing
 * would send it again as soon as the lease expires; a lease left unconfirmed costs at most a duplicate if the
 * event comes back).
 */
async function confirmSent(scope: string, key: string, sesMessageId?: string) {
  await recordAfterSend(`claim ${scope}/${key} confirmation`, () =>
    store()
      .entities.idempotency.patch({ scope, idemKey: key })
      .set({ state: "sent", sentAt: new Date().toISOString(), ...(sesMessageId ? { sesMessageId } : {}) })
      .go(),
  );
}

function providerMessageId(result: unknown): string | undefined {
  if (typeof result === "string") return result;
  if (result && typeof result === "object" && "providerMessageId" in result) {
    const id = (result as { providerMessageId: unknown }).providerMessageId;
    return typeof id === "string" ? id : undefined;
  }
  return undefined;
}

const isConditionFailure = (error: unknown) => String(error).includes("conditional request failed");
