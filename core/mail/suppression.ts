import { store } from "../store/index.ts";

/** Addresses that hard-bounced or complained get no automatic mail: one GetItem. */
export async function isSuppressed(email: string): Promise<boolean> {
  const { data } = await store().entities.suppression.get({ email: email.toLowerCase() }).go();
  return data !== null;
}

export async function suppression(email: string) {
  const { data } = await store().entities.suppression.get({ email: email.toLowerCase() }).go();
  return data ? { reason: data.reason, detail: data.detail ?? null, since: data.createdAt } : null;
}

/** Marks an address undeliverable (idempotent: the first reason is kept). */
export async function suppress(
  email: string,
  reason: "bounce" | "complaint",
  detail: string,
  now = new Date(),
) {
  await store()
    .entities.suppression.create({
      email: email.toLowerCase(),
      reason,
      detail: detail.slice(0, 500),
      createdAt: now.toISOString(),
    })
    .go()
    .catch((error: unknown) => {
      if (!String(error).includes("conditional request failed")) throw error;
    });
}
