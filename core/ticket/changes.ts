import { log } from "../log.ts";
import { store } from "../store/index.ts";

/**
 * The desk-wide "something changed" marker an open queue polls: a counter item (the queue counters' entity)
 * moved on after every stored ticket change. It is written after the ticket's transaction, not inside it: one
 * item that every transaction touched would make concurrent changes of different tickets conflict.
 */
const MARKER = "desk:changes";

/** Moves the marker on: one UpdateItem (1 WRU). A failure only delays the queues (they also reload on a timer). */
export async function markDeskChanged(): Promise<void> {
  await store()
    .entities.queueCount.update({ name: MARKER })
    .add({ count: 1 })
    .go()
    .catch((error: unknown) => log.warn("desk change marker not moved", { error: String(error) }));
}

/** The marker's current value (0 before the first change): one eventually consistent GetItem, 0.5 RRU. */
export async function deskChangeMarker(): Promise<number> {
  const { data } = await store().entities.queueCount.get({ name: MARKER }).go();
  return data?.count ?? 0;
}
