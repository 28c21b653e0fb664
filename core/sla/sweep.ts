// The SLA sweep run: every ticket whose next check is due, shard by shard, within a time budget.
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { config } from "../config.ts";
import { log } from "../log.ts";
import { dynamo } from "../store/client.ts";
import { store } from "../store/index.ts";
import { SHARDS } from "../store/table.ts";
import { directory } from "./sweep-directory.ts";
import { sweepTicket } from "./sweep-ticket.ts";

/** Tickets in a row whose sweep write failed before a run gives up (the table, not one ticket, is failing). */
const MAX_FAILURES_IN_A_ROW = 5;

/**
 * The SLA sweep: every ticket whose next check is due, shard by shard, oldest first, paginated; each decided and
 * written on its own (a sweep that stops half-way leaves the rest due for the next run). Costs in proportion to
 * the tickets due, never to the tickets that exist.
 */
export async function sweepDue(
  now = new Date(),
  /** `ready`: the sweep's settings, read meanwhile (the SLA context they prime), awaited before any ticket. */
  options: { budgetMs?: number; pageSize?: number; ready?: Promise<unknown> } = {},
) {
  const started = Date.now();
  const budget = options.budgetMs ?? 40_000;
  const dir = directory();
  const counts: Record<string, number> = {};
  let failedInRow = 0;
  if (await dueIndexEmpty()) return counts;
  await options.ready;
  for (let shard = 0; shard < SHARDS; shard++) {
    let cursor: string | null = null;
    do {
      const page: { data: { ticketId?: string; nextCheckAt?: string }[]; cursor: string | null } =
        await store()
          .entities.ticket.query.byDue({ shard })
          .lte({ nextCheckAt: now.toISOString() })
          .go({ cursor, limit: options.pageSize ?? 100, attributes: ["ticketId", "nextCheckAt"] });
      for (const item of page.data) {
        if (!item.nextCheckAt || item.nextCheckAt > now.toISOString()) continue;
        // One ticket whose write fails (throttled, refused) stays due for the next run and is logged; it must
        // not hold back every warning, escalation and alert of the tickets after it, run after run. Several
        // failures in a row mean the table itself is failing: the run stops and the next one starts over.
        let outcome: string;
        try {
          outcome = await sweepTicket(item.ticketId!, now, dir);
          failedInRow = 0;
        } catch (error) {
          outcome = "failed";
          log.error("sweep: ticket not decided", { ticketId: item.ticketId, error: String(error) });
          if (++failedInRow >= MAX_FAILURES_IN_A_ROW) {
            counts.failed = (counts.failed ?? 0) + 1;
            return { ...counts, stoppedEarly: 1 };
          }
        }
        counts[outcome] = (counts[outcome] ?? 0) + 1;
        if (Date.now() - started > budget) return { ...counts, stoppedEarly: 1 };
      }
      cursor = page.cursor;
    } while (cursor);
  }
  return counts;
}

/**
 * Whether no ticket at all waits for a check (the desk is new, or every ticket is closed): one Scan of the sparse
 * due index with Limit 1 — 0.5 read unit — instead of a Query per shard. Anything in it, or a page boundary
 * that hides whether there is, and the shards are queried as before.
 */
async function dueIndexEmpty(): Promise<boolean> {
  const page = await dynamo().send(
    new ScanCommand({ TableName: config().tableName, IndexName: "gsi6", Limit: 1, Select: "COUNT" }),
  );
  return !page.Count && !page.LastEvaluatedKey;
}
