import { DeskError, someCause } from "../error.ts";
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
 * window through the table's TTL. True when this hit counted anew (false for a key already counted in this
 * window), so that a hit that turns out to be a replay can be taken back (`takeBackHit`).
 */
export async function hitRateLimit(
  bucket: string,
  limit: Limit,
  now = new Date(),
  distinctKey?: string,
): Promise<boolean> {
  const { windowStart, windowEnd } = windowOf(limit, now);
  const refused = () => rateLimited(windowEnd, now);
  const update = store().entities.rateLimit.update({ bucket, window: String(windowStart) });
  const expiresAt = Math.ceil(windowEnd / 1000) + 60;
  // The item as it was, to tell a key counted anew from one counted before in this window. A new key is added
  // only while the set is below the limit: refused keys must not grow the item without end (each write of it
  // costs a unit per KB, and an item stops at 400 KB).
  const write = distinctKey
    ? update
        .add({ members: [distinctKey] })
        .set({ expiresAt })
        .where(
          ({ members }, { notExists, size, contains, escape: value }) =>
            `${notExists(members)} OR ${size(members)} < ${value(limit.max)} OR ${contains(members, distinctKey)}`,
        )
    : update.add({ count: 1 }).set({ expiresAt });
  const result = await write.go({ response: "all_old" }).catch((error: unknown) => {
    if (someCause(error, ({ name }) => name === "ConditionalCheckFailedException")) throw refused();
    throw error;
  });
  const before = (result.data ?? {}) as { count?: number; members?: string[] };
  const members = before.members ?? [];
  const counted = !distinctKey || !members.includes(distinctKey);
  const hits = (before.count ?? 0) + members.length + (counted ? 1 : 0);
  if (hits > limit.max) throw refused();
  return counted;
}

/** Takes back a keyed hit counted by `hitRateLimit` at `now` (the submission turned out to be stored already). */
export async function takeBackHit(bucket: string, limit: Limit, now: Date, distinctKey: string) {
  const { windowStart } = windowOf(limit, now);
  await store()
    .entities.rateLimit.update({ bucket, window: String(windowStart) })
    .delete({ members: [distinctKey] })
    .go({ response: "none" });
}

/** Whether two moments fall in the same window of a limit. */
export const sameWindow = (limit: Limit, a: Date, b: Date) =>
  windowOf(limit, a).windowStart === windowOf(limit, b).windowStart;

function windowOf(limit: Limit, now: Date) {
  const windowMs = limit.windowSeconds * 1000;
  const windowStart = Math.floor(now.getTime() / windowMs) * windowMs;
  return { windowStart, windowEnd: windowStart + windowMs };
}

/** The 429 for a window that ends at `windowEnd`, with the time left in it. */
const rateLimited = (windowEnd: number, now: Date) =>
  new DeskError("rate_limited", "rate_limited", "Too many requests; please try again later", {
    retryAfterSeconds: Math.max(1, Math.ceil((windowEnd - now.getTime()) / 1000)),
  });

/** A hit counted in advance; `release` takes it back (the attempt turned out not to count). */
export interface Reservation {
  release(): Promise<void>;
}

/**
 * Counts one hit in each bucket, in order, before the work they guard: parallel attempts cannot all slip under
 * the limit. Past a limit nothing stays counted (every hit taken so far is taken back) and it answers 429 with
 * the time left in that window. The caller releases the hits when the attempt must not count (a success).
 */
export async function reserveHits(
  buckets: { bucket: string; limit: Limit }[],
  now = new Date(),
): Promise<Reservation> {
  const taken: { bucket: string; window: string }[] = [];
  const release = async () => {
    await Promise.all(
      taken.map((key) => store().entities.rateLimit.update(key).add({ count: -1 }).go({ response: "none" })),
    );
  };
  for (const { bucket, limit } of buckets) {
    const { windowStart, windowEnd } = windowOf(limit, now);
    const key = { bucket, window: String(windowStart) };
    const result = await store()
      .entities.rateLimit.update(key)
      .add({ count: 1 })
      .set({ expiresAt: Math.ceil(windowEnd / 1000) + 60 })
      .go({ response: "all_new" });
    taken.push(key);
    if ((result.data.count ?? 0) > limit.max) {
      await release();
      throw rateLimited(windowEnd, now);
    }
  }
  return { release };
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
  /** Failed sign-ins (never successes) per address, from a device not known for that agent. */
  loginsPerEmail: () => limitFromEnv("DESK_LIMIT_LOGINS_PER_EMAIL", { max: 10, windowSeconds: 900 }),
  /** Failed sign-ins per IP; a known device gets ten times as many (same counter), so a stranger sharing the IP
   * (an office, a café) cannot lock it out. */
  loginsPerIp: () => limitFromEnv("DESK_LIMIT_LOGINS_PER_IP", { max: 30, windowSeconds: 900 }),
  /** Failed sign-ins from one known device (a signed cookie set at a successful sign-in). */
  loginsPerDevice: () => limitFromEnv("DESK_LIMIT_LOGINS_PER_DEVICE", { max: 20, windowSeconds: 900 }),
};
