import * as z from "zod";
import { writeSetting } from "../desk/settings.ts";
import { store, type TicketItem } from "../store/index.ts";
import { SHARDS } from "../store/table.ts";
import { changeTicket } from "../ticket/commit.ts";
import { slaSignature, unassignedAlertAt } from "./clock.ts";
import { forgetSlaContext, slaContext } from "./policy.ts";
import type { SweepSettings } from "./sweep-settings.ts";

const JOB = "sla-recompute";

/** Where the background recomputation of open tickets' deadlines stands (after a policy or calendar change). */
const Job = z.object({
  pending: z.boolean().default(false),
  shard: z.number().int().default(0),
  cursor: z.string().nullable().default(null),
});

/** Asks the sweep to bring every open ticket's deadlines in line with the settings, a page per run. */
export const requestRecompute = () => writeSetting(JOB, Job, { pending: true, shard: 0, cursor: null });

/**
 * One bounded step of the recomputation: up to `limit` open tickets (index of open tickets, shard by shard),
 * rewriting only those whose deadlines (or, unassigned, safety-net alert time) were computed from other settings; the position is saved for the next
 * run. Returns how many tickets it rewrote, or null when there is nothing to do.
 */
export async function recomputeStep(now = new Date(), limit = 200, settings?: SweepSettings) {
  // The sweep passes the settings it read for the whole run: an idle run reads nothing more here.
  if (settings && !settings.get(JOB, Job).pending) return null;
  // That snapshot is tens of seconds old by now: an admin who changed a policy and restarted the job since must
  // win, so the job is read again (strongly consistent) and the SLA context rebuilt from the stored settings.
  const read = await readJob();
  if (!read.job.pending) return null;
  forgetSlaContext();
  const ctx = await slaContext(now.getTime());
  let { shard, cursor } = read.job;
  let seen = 0;
  let rewritten = 0;
  while (shard < SHARDS && seen < limit) {
    const page = await store()
      .entities.ticket.query.byOpen({ shard })
      .go({
        cursor,
        limit: limit - seen,
        attributes: [
          "ticketId",
          "priority",
          "category",
          "team",
          "slaTargets",
          "assigneeId",
          "unassignedSince",
          "unassignedAlertAt",
        ],
      });
    for (const t of page.data) {
      seen++;
      // The safety net's alert of an unassigned ticket follows the threshold and calendar too.
      const alertLags =
        !t.assigneeId &&
        t.unassignedSince &&
        t.unassignedAlertAt !== unassignedAlertAt(t.unassignedSince, ctx);
      if (t.slaTargets === slaSignature(t as TicketItem, ctx) && !alertLags) continue;
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
  await saveJobPosition(read.updatedAt, { pending: shard < SHARDS, shard, cursor });
  return rewritten;
}

/** The job as stored now, and its `updatedAt` (undefined when never written) for the conditional write back. */
async function readJob() {
  const { data } = await store().entities.setting.get({ name: JOB }).go({ consistent: true });
  return { job: Job.parse(data?.value ?? {}), updatedAt: data?.updatedAt };
}

/**
 * Saves where the job stands, only if nobody wrote the job since it was read (`readAt`, its `updatedAt` then):
 * an admin's restart (`requestRecompute`, back to shard 0) meanwhile is kept, and the next run starts over.
 * Returns whether it was saved.
 */
export async function saveJobPosition(readAt: string | undefined, position: z.input<typeof Job>) {
  try {
    await store()
      .entities.setting.put({
        name: JOB,
        value: Job.parse(position),
        updatedAt: new Date().toISOString(),
        updatedBy: "sweep",
      })
      .where((attr, { eq, notExists }) => (readAt ? eq(attr.updatedAt, readAt) : notExists(attr.updatedAt)))
      .go();
    return true;
  } catch (error) {
    if (!String(error).includes("conditional request failed")) throw error;
    return false;
  }
}
