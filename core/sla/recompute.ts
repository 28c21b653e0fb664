import * as z from "zod";
import { readSetting, writeSetting } from "../desk/settings.ts";
import { store, type TicketItem } from "../store/index.ts";
import { SHARDS } from "../store/table.ts";
import { changeTicket } from "../ticket/commit.ts";
import { slaSignature } from "./clock.ts";
import { slaContext } from "./policy.ts";
import type { SweepSettings } from "./sweep-settings.ts";

/** Where the background recomputation of open tickets' deadlines stands (after a policy or calendar change). */
const Job = z.object({
  pending: z.boolean().default(false),
  shard: z.number().int().default(0),
  cursor: z.string().nullable().default(null),
});

/** Asks the sweep to bring every open ticket's deadlines in line with the settings, a page per run. */
export const requestRecompute = () =>
  writeSetting("sla-recompute", Job, { pending: true, shard: 0, cursor: null });

/**
 * One bounded step of the recomputation: up to `limit` open tickets (index of open tickets, shard by shard),
 * rewriting only those whose deadlines were computed from other settings; the position is saved for the next
 * run. Returns how many tickets it rewrote, or null when there is nothing to do.
 */
export async function recomputeStep(now = new Date(), limit = 200, settings?: SweepSettings) {
  // The sweep passes the settings it read for the whole run: an idle run reads nothing more here.
  const job = settings ? settings.get("sla-recompute", Job) : await readSetting("sla-recompute", Job);
  if (!job.pending) return null;
  const ctx = await slaContext(0);
  let { shard, cursor } = job;
  let seen = 0;
  let rewritten = 0;
  while (shard < SHARDS && seen < limit) {
    const page = await store()
      .entities.ticket.query.byOpen({ shard })
      .go({
        cursor,
        limit: limit - seen,
        attributes: ["ticketId", "priority", "category", "team", "slaTargets"],
      });
    for (const t of page.data) {
      seen++;
      if (t.slaTargets === slaSignature(t as TicketItem, ctx)) continue;
      await changeTicket(t.ticketId!, undefined, (before) => ({
        after: { ...before, version: before.version + 1, updatedAt: now.toISOString() },
        entries: [],
        events: [],
      }));
      rewritten++;
    }
    cursor = page.cursor;
    if (!cursor) shard++;
  }
  await writeSetting("sla-recompute", Job, { pending: shard < SHARDS, shard, cursor });
  return rewritten;
}
