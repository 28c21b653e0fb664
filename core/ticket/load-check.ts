import { OUTBOX_PENDING } from "../events/publish.ts";
import { log } from "../log.ts";
import type { SweepSettings } from "../sla/sweep-settings.ts";
import { clearMarker } from "../sla/sweep-settings.ts";
import { store } from "../store/index.ts";
import { readCounts } from "./counts.ts";

/**
 * Corrects agents' open-work counters (`LOAD#<agentId>`, core/ticket/agent-load.ts) that drifted: they move beside
 * the ticket's transaction, so a lost ADD or a transaction whose answer was lost can leave one off by one. The
 * truth is the Reports worker's queue counter of the agent (`QCOUNT#queue:agent:<id>`: their open tickets).
 *
 * Checked only for the agents someone had reason to doubt — a marker setting `agent-load-check:<agentId>`, set
 * when triage sees a count below 0 or loses a reservation, or when a count's ADD failed — so an idle desk pays
 * nothing: the sweep reads the markers with the settings it reads anyway. The queue counter follows a change
 * within a delivery of its event, so a difference seen once may be a change in flight: the count is corrected
 * only when the same difference (same count, same queue counter) is still seen SETTLE_MS later, and the
 * write is conditioned on the count still being the one seen.
 */
export const LOAD_CHECK_PREFIX = "agent-load-check:";
/** Agents checked per sweep run; the others wait for the next run. */
export const LOAD_CHECKS_PER_SWEEP = 25;
/**
 * How long a difference must last before it is corrected: longer than the queue counter can lag behind a stored
 * change whose publish was lost (the sweep re-publishes an unmarked outbox item within SHARDS = 4 minutes).
 */
const SETTLE_MS = 10 * 60_000;

interface Seen {
  open?: number;
  queue?: number;
}

/** Asks the sweep to check an agent's count (kept as it is when already asked: its observation stays). */
export async function markLoadCheck(agentId: string, now = new Date()): Promise<void> {
  await store()
    .entities.setting.create({
      name: `${LOAD_CHECK_PREFIX}${agentId}`,
      value: {},
      updatedAt: now.toISOString(),
    })
    .go()
    .catch((error: unknown) => {
      if (String(error).includes("conditional request failed")) return;
      log.error("agent load: check not asked", { agentId, error: String(error) });
    });
}

/** The sweep's step: compares the marked agents' counts with their queue counters; corrects lasting differences. */
export async function checkAgentLoads(now: Date, settings: SweepSettings | undefined): Promise<number> {
  // Events still waiting in the outbox have not moved the queue counters yet: compare once they went out.
  if (!settings || settings.stored(OUTBOX_PENDING)) return 0;
  const marked = settings.named(LOAD_CHECK_PREFIX).slice(0, LOAD_CHECKS_PER_SWEEP);
  if (marked.length === 0) return 0;
  const agentIds = marked.map(({ name }) => name.slice(LOAD_CHECK_PREFIX.length));
  const [{ data: loads }, counts] = await Promise.all([
    store()
      .entities.agentLoad.get(agentIds.map((agentId) => ({ agentId })))
      .go({ consistent: true }),
    readCounts(agentIds.map((id) => `queue:agent:${id}`)),
  ]);
  const openOf = new Map(loads.map((l) => [l.agentId, l.open ?? 0]));
  let corrected = 0;
  for (const [i, { name, stored }] of marked.entries()) {
    const agentId = agentIds[i]!;
    const open = openOf.get(agentId) ?? 0;
    const queue = counts[`queue:agent:${agentId}`] ?? 0;
    const seen = (stored.value ?? {}) as Seen;
    if (open === queue) {
      await clearMarker(name, stored);
      continue;
    }
    if (seen.open === open && seen.queue === queue) {
      // The same difference as last seen: corrected once it lasted (until then, a change may be in flight).
      if (stored.updatedAt > new Date(now.getTime() - SETTLE_MS).toISOString()) continue;
      if (await setLoad(agentId, open, queue)) {
        corrected++;
        log.warn("agent load: drifted count corrected", { agentId, from: open, to: queue });
      }
      await clearMarker(name, stored);
      continue;
    }
    // A new difference: kept, with when it was seen, for the next runs.
    await store()
      .entities.setting.put({ name, value: { open, queue } satisfies Seen, updatedAt: now.toISOString() })
      .go();
  }
  return corrected;
}

/** Sets the count to `to` if it is still `from` (it moved meanwhile: the next doubt checks it again). */
async function setLoad(agentId: string, from: number, to: number): Promise<boolean> {
  try {
    await store()
      .entities.agentLoad.update({ agentId })
      .set({ open: to })
      .where(({ open }, { notExists, eq }) =>
        from === 0 ? `${notExists(open)} OR ${eq(open, 0)}` : eq(open, from),
      )
      .go();
    return true;
  } catch (error) {
    if (String(error).includes("conditional request failed")) return false;
    throw error;
  }
}
