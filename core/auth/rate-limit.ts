import { DeskError } from "../error.ts";
import { store } from "../store/index.ts";

export interface Limit {
  /** At most this many hits… */
  max: number;
  /** …per fixed window of this many seconds. */
  windowSeconds: number;
}

/**
 * Counts one hit against `bucket` (one UpdateItem, 1 WCU) and refuses with 429 past the limit. With a
 * `distinctKey` (an idempotency key), the same submission retried counts once. Counters expire with their
 * window through the table's TTL.
 */
export async function hitRateLimit(
  bucket: string,
  limit: Limit,
  now = new Date(),
  distinctKey?: string,
): Promise<void> {
  const windowMs = limit.windowSeconds * 1000;
  const windowStart = Math.floor(now.getTime() / windowMs) * windowMs;
  const windowEnd = windowStart + windowMs;
  const update = store().entities.rateLimit.update({ bucket, window: String(windowStart) });
  const result = await (distinctKey ? update.add({ members: [distinctKey] }) : update.add({ count: 1 }))
    .set({ expiresAt: Math.ceil(windowEnd / 1000) + 60 })
    .go({ response: "all_new" });
  const hits = (result.data.count ?? 0) + (result.data.members?.length ?? 0);
  if (hits > limit.max) {
    throw new DeskError("rate_limited", "rate_limited", "Too many requests; please try again later", {
      retryAfterSeconds: Math.max(1, Math.ceil((windowEnd - now.getTime()) / 1000)),
    });
  }
}

function limitFromEnv(name: string, fallback: Limit): Limit {
  const raw = process.env[name];
  if (!raw) return fallback;
  const [max, windowSeconds] = raw.split("/").map(Number);
  if (!max || !windowSeconds) throw new Error(`${name} must look like "<max>/<windowSeconds>", got "${raw}"`);
  return { max, windowSeconds };
}

/** The desk's limits; each can be tuned with `DESK_LIMIT_<NAME>=<max>/<windowSeconds>`. */
export const limits = {
  submissionsPerIp: () => limitFromEnv("DESK_LIMIT_SUBMISSIONS_PER_IP", { max: 20, windowSeconds: 3600 }),
  submissionsPerEmail: () =>
    limitFromEnv("DESK_LIMIT_SUBMISSIONS_PER_EMAIL", { max: 5, windowSeconds: 3600 }),
  portalMessagesPerTicket: () => limitFromEnv("DESK_LIMIT_PORTAL_MESSAGES", { max: 30, windowSeconds: 3600 }),
  loginsPerEmail: () => limitFromEnv("DESK_LIMIT_LOGINS_PER_EMAIL", { max: 10, windowSeconds: 900 }),
  loginsPerIp: () => limitFromEnv("DESK_LIMIT_LOGINS_PER_IP", { max: 30, windowSeconds: 900 }),
};
