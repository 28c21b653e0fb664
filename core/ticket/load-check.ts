import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { config } from "../config.ts";
import { log } from "../log.ts";
import type { StoredSetting, SweepSettings } from "../sla/sweep-settings.ts";
import { dynamo } from "../store/client.ts";
import { store } from "../store/index.ts";

/**
 * Corrects agents' open-work counters (`LOAD#<agentId>`, core/ticket/agent-load.ts) that drifted: they move beside
 * the ticket's transaction, so a lost ADD or a transaction whose answer was lost can leave one off by one. The
 * truth is the tickets themselves: the agent's work queue on gsi3 (`Q#agent:<id>`) holds exactly what LOAD counts —
 * open tickets (new, open, pending, on hold) assigned to them; a merged ticket is closed, so it is not there. It is
 * counted with a Query `Select: COUNT`, paged. (Not the Reports worker's `QCOUNT#queue:agent:<id>`: that one is fed
 * by events and can lag by an hour — retries, dead letters — so it would "correct" a right count wrong.)
 *
 * Checked only for the agents someone had reason to doubt — a marker setting `agent-load-check:<agentId>`, set
 * when triage sees a count below 0 or loses a reservation, or when a count's ADD failed — so an idle desk pays
 * nothing: the sweep reads the markers with the settings it reads anyway. A ticket change and its ADD are two
 * writes (and gsi3 follows the table within a second or so), so a difference seen once may be a change in flight:
 * the count is corrected only when the same difference (same count, same tickets held) is still seen SETTLE_MS
 * later, and the write is conditioned on the count still being the one seen.
 *
 * A doubt raised while a marker exists moves its `doubtedAt`; the marker is cleared only if that did not move
 * since the sweep read it, and never after a correction whose condition failed (the count moved: check again).
 */
export const LOAD_CHECK_PREFIX = "agent-load-check:";
/** Agents checked per sweep run; the others wait for the next run. */
export const LOAD_CHECKS_PER_SWEEP = 25;
/** How long a difference must last before it is corrected: far longer than a change's two writes take. */
const SETTLE_MS = 10 * 60_000;

/** What the sweep saw last for a marked agent: their count, the tickets they hold, and when. */
interface Seen {
  open?: number;
  held?: number;
  seenAt?: string;
}

/** Asks the sweep to check an agent's count; when already asked, moves `doubtedAt` (its observation stays). */
export async function markLoadCheck(agentId: string, now = new Date()): Promise<void> {
  const at = now.toISOString();
  await store()
    .entities.setting.upsert({ name: `${LOAD_CHECK_PREFIX}${agentId}`, doubtedAt: at, updatedAt: at })
    .ifNotExists({ value: {} })
    .go()
    .catch((error: unknown) => {
      log.error("agent load: check not asked", { agentId, error: String(error) });
    });
}

/** How many open tickets an agent holds: their gsi3 work queue, counted (paged: a COUNT page stops at 1 MB). */
export async function countHeldTickets(agentId: string): Promise<number> {
  let held = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: config().tableName,
        IndexName: "gsi3",
        KeyConditionExpression: "gsi3pk = :queue",
        ExpressionAttributeValues: { ":queue": `Q#agent:${agentId}` },
        Select: "COUNT",
        ExclusiveStartKey: start,
      }),
    );
    held += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return held;
}

/** The sweep's step: compares the marked agents' counts with the tickets they hold; corrects lasting differences. */
export async function checkAgentLoads(now: Date, settings: SweepSettings | undefined): Promise<number> {
  const marked = settings?.named(LOAD_CHECK_PREFIX).slice(0, LOAD_CHECKS_PER_SWEEP) ?? [];
  if (marked.length === 0) return 0;
  const agentIds = marked.map(({ name }) => name.slice(LOAD_CHECK_PREFIX.length));
  // Counts first, tickets second: an ADD landing in between moves the count, so the conditioned write fails.
  const { data: loads } = await store()
    .entities.agentLoad.get(agentIds.map((agentId) => ({ agentId })))
    .go({ consistent: true });
  const heldCounts = await Promise.all(agentIds.map(countHeldTickets));
  const openOf = new Map(loads.map((l) => [l.agentId, l.open ?? 0]));
  let corrected = 0;
  for (const [i, { name, stored }] of marked.entries()) {
    const agentId = agentIds[i]!;
    const open = openOf.get(agentId) ?? 0;
    const held = heldCounts[i]!;
    const seen = (stored.value ?? {}) as Seen;
    if (open === held) {
      await clearDoubt(name, stored);
      continue;
    }
    if (seen.open === open && seen.held === held && seen.seenAt) {
      // The same difference as last seen: corrected once it lasted (until then, a change may be in flight).
      if (seen.seenAt > new Date(now.getTime() - SETTLE_MS).toISOString()) continue;
      if (await setLoad(agentId, open, held)) {
        corrected++;
        log.warn("agent load: drifted count corrected", { agentId, from: open, to: held });
        await clearDoubt(name, stored);
      }
      // Not written (the count moved since it was read): the marker stays, the next run looks again.
      continue;
    }
    // A new difference: kept, with when it was seen, for the next runs (the doubt itself stays as it is).
    await store()
      .entities.setting.update({ name })
      .set({ value: { open, held, seenAt: now.toISOString() } satisfies Seen, updatedAt: now.toISOString() })
      .go();
  }
  return corrected;
}

/** Deletes a marker only if no doubt was raised since the sweep read it (a marker of before `doubtedAt`: by its write). */
async function clearDoubt(name: string, read: StoredSetting): Promise<void> {
  await store()
    .entities.setting.delete({ name })
    .where((attr, { eq, notExists }) =>
      read.doubtedAt
        ? eq(attr.doubtedAt, read.doubtedAt)
        : `${notExists(attr.doubtedAt)} AND ${eq(attr.updatedAt, read.updatedAt)}`,
    )
    .go()
    .catch((error: unknown) => {
      if (!String(error).includes("conditional request failed")) throw error;
    });
}

/** Sets the count to `to` if it is still `from` (it moved meanwhile: the next run checks it again). */
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
