import { encodeTime } from "ulid";
import { z } from "zod";
import { log } from "../log.ts";
import { ATTACHMENTS_PREFIX, placeOfKey, storedAtOfKey } from "../mail/file-keys.ts";
import { countStoredBytes, deleteObjects, listStored } from "../mail/raw-store.ts";
import type { SweepSettings } from "../sla/sweep-settings.ts";
import { store } from "../store/index.ts";

/**
 * Reclaims orphan files: attachments stored for an entry whose write never happened (a write that failed without
 * a clear answer keeps its files, core/ticket/write-outcome.ts; a Lambda that died between upload and write; mail
 * set aside after its files were stored). Without this they would stay in the bucket for ever, unreferenced.
 *
 * Once a day the sweep walks `attachments/` in key order from where it stopped (the setting `file-reclaim`), at
 * most `limit` objects a run, and stops at the first file younger than `minAgeMs` (a day: far past any retry or
 * transaction in flight). Keys start with their entry's ULID, so that order is the order files were stored and
 * each file is examined once, ever. A file is deleted only when its key names a ticket and entry (file-keys.ts)
 * and one strongly consistent GetItem of that entry finds no item, or a stored item that mentions the key nowhere;
 * anything else is kept (older keys that name no ticket, another layout). What references files: the entry that stored
 * them (held mail, merged tickets' entries stay where they are), a split's new ticket (the same keys, and the
 * split message keeps them too). Raw mail (`inbound/`), the knowledge-base index (`kb/`) are never listed.
 *
 * Cost: nothing on a run that is not due (the setting comes with the sweep's one settings Query); a due run with
 * nothing new is one LIST ($0.005 per 1,000) and one setting PutItem; each file is listed once and costs one
 * strong GetItem per entry (1 RRU per 4 KB of entry), deletes are free.
 */
export const FILE_RECLAIM = "file-reclaim";

const Position = z.object({
  /** The last key examined: the next walk starts after it. */
  after: z.string().optional(),
  /** When the next walk is due; absent while a walk is cut short by the limit (it goes on at the next run). */
  nextAt: z.string().optional(),
});

export interface ReclaimOptions {
  limit?: number;
  minAgeMs?: number;
  everyMs?: number;
}

export interface ReclaimResult {
  examined: number;
  deleted: number;
  deletedBytes: number;
  referenced: number;
  unknown: number;
  /** The walk reached the youngest old-enough file (or the end): the next one is due a day later. */
  done: boolean;
  /** Orphans kept because the table holds no ticket at all (see `tableHasNumberedTickets`). */
  withheld?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** One bounded step of the reclaim; "not_due" (no request at all) on every run but one a day. */
export async function reclaimOrphanFiles(
  now: Date,
  settings: SweepSettings | undefined,
  { limit = 500, minAgeMs = DAY_MS, everyMs = DAY_MS }: ReclaimOptions = {},
): Promise<ReclaimResult | "not_due"> {
  // Settings unreadable this run: nothing is known about the position, so nothing is listed.
  if (!settings) return "not_due";
  const position = Position.catch({}).parse(settings.stored(FILE_RECLAIM)?.value ?? {});
  if (position.nextAt && Date.parse(position.nextAt) > now.getTime()) return "not_due";

  const cutoff = now.getTime() - minAgeMs;
  const page = await listStored(ATTACHMENTS_PREFIX, position.after, limit);
  // Where the files of entries created at the cutoff will sort: the position never passes it, so a key that does
  // not start with an entry's ULID and sorts after them all (by hand, an odd layout) cannot carry the walk past
  // every file stored later (they would never be examined).
  const horizon = `${ATTACHMENTS_PREFIX}${encodeTime(Math.max(0, cutoff), 10)}`;
  // Young by its upload or by its entry's id: the walk stops before it, and resumes there tomorrow.
  const young = (o: { key: string; lastModified: number }) => {
    const storedAt = storedAtOfKey(o.key);
    return !(o.lastModified <= cutoff) || storedAt > cutoff || o.key >= horizon;
  };
  const firstYoung = page.objects.findIndex(young);
  const old = firstYoung < 0 ? page.objects : page.objects.slice(0, firstYoung);

  const listing = await entryListings(old.map((o) => o.key));
  const result: ReclaimResult = {
    examined: 0,
    deleted: 0,
    deletedBytes: 0,
    referenced: 0,
    unknown: 0,
    done: firstYoung >= 0 || !page.more,
  };
  const orphans: { key: string; size: number }[] = [];
  let after = position.after;
  for (const object of old) {
    const place = placeOfKey(object.key);
    const listed = place ? listing.get(placeId(place)) : undefined;
    // A read that failed: stop before this file (its verdict is unknown), the next run starts here.
    if (place && listed === "failed") {
      result.done = false;
      break;
    }
    result.examined++;
    after = object.key;
    if (!place) result.unknown++;
    else if (listed && listed !== "failed" && listed.has(object.key)) result.referenced++;
    else orphans.push(object);
  }

  if (orphans.length && !(await tableHasNumberedTickets())) {
    // A table that never numbered a ticket holds no entry at all: the desk reads another table than the one these
    // files were written for (a renamed or recreated table, a wrong stage), and every file looks orphaned there.
    // Nothing is deleted and the walk stays where it was, to look again tomorrow.
    log.error("file reclaim: the table never numbered a ticket; files kept", { withheld: orphans.length });
    result.withheld = orphans.length;
    result.done = true;
    after = position.after;
    orphans.length = 0;
  }
  if (orphans.length) {
    await deleteObjects(orphans.map((o) => o.key));
    result.deleted = orphans.length;
    result.deletedBytes = orphans.reduce((n, o) => n + o.size, 0);
    // They were counted when stored (storeFiles): the storage figure drops by what was reclaimed.
    await countStoredBytes(-result.deletedBytes);
    log.info("file reclaim: orphan files deleted", {
      deleted: result.deleted,
      bytes: result.deletedBytes,
      keys: orphans.map((o) => o.key),
    });
  }
  const next = result.done ? new Date(now.getTime() + everyMs).toISOString() : undefined;
  await store()
    .entities.setting.put({
      name: FILE_RECLAIM,
      value: Position.parse({ after, nextAt: next }),
      updatedAt: now.toISOString(),
      updatedBy: "sweep",
    })
    .go();
  return result;
}

const placeId = (place: { ticketId: string; entryId: string }) => `${place.ticketId}/${place.entryId}`;

/**
 * Whether the ticket counter exists (createTicket takes a number before it writes, so any table that ever stored
 * an entry has it): one strong GetItem, only on a run that found orphans. Read raw, as entries are.
 */
async function tableHasNumberedTickets() {
  const { data } = await store()
    .entities.counter.get({ name: "ticket" })
    .go({ consistent: true, data: "raw" });
  return Boolean((data as { Item?: unknown } | null)?.Item);
}

/**
 * A stored entry item "lists" a key when the key is a string value anywhere in it (keys hold no character JSON
 * escapes): whatever attribute holds it, a file its entry names in any way is kept.
 */
const mentionsOf = (item: Record<string, unknown> | undefined) => {
  // A string set (DynamoDB SS) unmarshals to a Set, which JSON.stringify would write as {}.
  const json = item ? JSON.stringify(item, (_, v: unknown) => (v instanceof Set ? [...v] : v)) : "";
  return { has: (key: string) => json.includes(JSON.stringify(key)) };
};

/**
 * What each named entry's stored item mentions (nothing when the entry does not exist), or "failed" when it could
 * not be read. Strongly consistent: a file is deleted only on what DynamoDB holds now. 25 reads at a time.
 */
async function entryListings(keys: string[]) {
  const places = new Map<string, { ticketId: string; entryId: string }>();
  for (const key of keys) {
    const place = placeOfKey(key);
    if (place) places.set(placeId(place), place);
  }
  const listing = new Map<string, ReturnType<typeof mentionsOf> | "failed">();
  const all = [...places];
  for (let i = 0; i < all.length; i += 25) {
    // The item as stored, not as today's model reads it: an entry another version of the code wrote (an entity
    // version bump, attributes renamed by a migration) is one ElectroDB would answer as missing or listing nothing.
    const reads = await Promise.allSettled(
      all
        .slice(i, i + 25)
        .map(([, place]) => store().entities.entry.get(place).go({ consistent: true, data: "raw" })),
    );
    reads.forEach((read, j) => {
      const [id] = all[i + j]!;
      if (read.status === "rejected") {
        log.warn("file reclaim: entry not read, its files kept for now", { id, error: String(read.reason) });
        listing.set(id, "failed");
      } else {
        const item = (read.value.data as { Item?: Record<string, unknown> } | null)?.Item;
        listing.set(id, mentionsOf(item));
      }
    });
  }
  return listing;
}
