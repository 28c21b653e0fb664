import { log } from "../log.ts";
import { clearMarker } from "../sla/sweep-settings.ts";
import { store } from "../store/index.ts";
import { SHARDS } from "../store/table.ts";
import { OUTBOX_PENDING, publishGroup } from "./publish.ts";
import type { DeskEvent } from "./schema.ts";
import { deadLetterOutboxItem, outboxEventsOf } from "./unreadable-outbox.ts";

// The sweep's side of the outbox (functions/cron/sweep.ts), apart from publishing (core/events/publish.ts) so that
// the functions that publish carry neither this code nor its DeadLetters link.

/**
 * Re-publishes outbox events older than `minAgeSeconds` (younger ones may still be in flight). Bounded: at most
 * `maxPerShard` a run per shard, oldest first; what is left waits for the next run.
 */
export async function republishPending(
  now = new Date(),
  minAgeSeconds = 30,
  maxPerShard = 100,
  shards: number[] = [...Array(SHARDS).keys()],
) {
  const before = new Date(now.getTime() - minAgeSeconds * 1000).toISOString();
  let published = 0;
  let failed = 0;
  /** Unreadable items moved to DeadLetters (gone from the outbox). */
  let deadLettered = 0;
  /**
   * Unreadable items whose move to DeadLetters failed (failed too): left for the next pass over their shard, which
   * rotation brings within SHARDS runs, so they do not keep the marker set (SQS down would mean every shard read
   * each run until it is back, for items no publish can help).
   */
  let unreadable = 0;
  let full = false;
  for (const shard of shards) {
    const { data } = await store()
      .entities.outbox.query.byShard({ shard })
      .lt({ createdAt: before })
      .go({ limit: maxPerShard });
    if (data.length === maxPerShard) full = true;
    for (const item of data) {
      let events: DeskEvent[];
      try {
        events = outboxEventsOf(item.event);
      } catch (error) {
        // No code can read it, and retrying cannot change that: an admin must see it (Admin → Dead letters,
        // with the reason). The rest of the shard still goes out.
        try {
          await deadLetterOutboxItem(item, error);
          deadLettered++;
        } catch (moveError) {
          failed++;
          unreadable++;
          log.error("event republish failed", {
            eventId: item.eventId,
            unreadable: true,
            error: String(error),
            deadLetterError: String(moveError),
          });
        }
        continue;
      }
      try {
        await publishGroup(events);
        published += events.length;
      } catch (error) {
        failed += events.length;
        log.error("event republish failed", { eventId: item.eventId, error: String(error) });
      }
    }
  }
  return { published, failed, unreadable, deadLettered, before, full };
}

/**
 * The sweep's outbox step. While the marker a failed publish leaves is there, every shard is read each run, so
 * those events go out within the minute as before, and the marker is cleared after a pass that left nothing
 * behind (conditioned on nobody having set it again meanwhile). Without it, one shard a run, in turn: an item
 * left by a function that died between its commit and its publish (which could leave no marker) goes out within
 * SHARDS minutes, and an idle desk pays one Query a run instead of SHARDS. That shard is read while the sweep's
 * settings are still being read (`known`: the marker, or undefined when they could not be read: every shard).
 */
export async function republishStep(
  now: Date,
  known: Promise<{ marker?: { updatedAt: string } } | undefined>,
) {
  const rotation = Math.floor(now.getTime() / 60_000) % SHARDS;
  const [first, settings] = await Promise.all([
    republishPending(now, undefined, undefined, [rotation]),
    known,
  ]);
  const others = [...Array(SHARDS).keys()].filter((shard) => shard !== rotation);
  const rest =
    !settings || settings.marker
      ? await republishPending(now, undefined, undefined, others)
      : { published: 0, failed: 0, unreadable: 0, deadLettered: 0, full: false };
  const published = first.published + rest.published;
  const failed = first.failed + rest.failed;
  const retryable = failed - first.unreadable - rest.unreadable;
  const full = first.full || rest.full;
  const before = first.before;
  // Every item whose failed publish set the marker was stored before it, so before `before`: this pass saw it.
  const marker = settings?.marker;
  if (marker && retryable === 0 && !full && marker.updatedAt < before) {
    await clearMarker(OUTBOX_PENDING, marker);
  }
  return { published, failed, deadLettered: first.deadLettered + rest.deadLettered };
}
