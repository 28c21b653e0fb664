import { DateTime } from "luxon";
import { slaContext } from "../sla/policy.ts";
import { STATUSES } from "../store/entities/ticket.ts";
import { store, type TicketItem } from "../store/index.ts";
import { SHARDS } from "../store/table.ts";
import { getTicketWithTimeline } from "../ticket/read.ts";
import { batchWrite, counterItem, monthItems, type Target } from "./counters.ts";
import type { Fact } from "./facts.ts";
import { replayTicket, ticketAt } from "./replay.ts";
import { commentItem, counterMoves, keysOf, statChanges } from "./stats.ts";

/**
 * Rebuilds every report counter from the tickets themselves (for upgrades and repairs): reads each ticket with
 * its timeline, replays its writes with the live facts (core/report/replay.ts: the same `factsOf`, on the ticket as
 * it was before and after each write, so an unowned ticket's first response and solve go to the agent who made
 * them and a ticket filed as spam counts from when it stopped being so, as live), counts each under the ticket's
 * dimensions right after that write, and surveys and ratings when they happened; then replaces the counters of
 * the months it touched and files each ticket's satisfaction comment again.
 * Deadlines are worked out again write by write under today's SLA policies and business hours (the timeline does
 * not keep the ones of the day). Reads every ticket:
 * a tool for operators, never a request path.
 */
export async function rebuildReports(onProgress: (done: number) => void = () => {}) {
  const ctx = await slaContext();
  // Per counter item (`<day>|<dim>|<key>`): its target and metrics.
  const counters = new Map<string, { day: string; target: Target; metrics: Record<string, number> }>();
  const dayOf = (iso: string) => DateTime.fromISO(iso, { zone: ctx.hours.timezone }).toISODate()!;
  const count = (
    ticket: TicketItem,
    at: string,
    facts: Fact[],
    extra: { metric: string; delta: number }[] = [],
  ) => {
    const day = dayOf(at);
    const changes = [
      ...statChanges({ type: "ticket.facts", id: "-", occurredAt: at, ticketId: ticket.ticketId, facts }),
      ...extra,
    ];
    for (const { target, metrics } of counterMoves(changes, keysOf(ticket))) {
      const id = `${day}|${target.dim}|${target.key}`;
      const item = counters.get(id) ?? { day, target, metrics: {} };
      for (const [metric, n] of Object.entries(metrics))
        item.metrics[metric] = (item.metrics[metric] ?? 0) + n;
      counters.set(id, item);
    }
  };

  let done = 0;
  for (const status of STATUSES)
    for (let shard = 0; shard < SHARDS; shard++) {
      let cursor: string | null = null;
      do {
        const page: { data: TicketItem[]; cursor: string | null } = (await store()
          .entities.ticket.query.byStatus({ status, shard })
          .go({ cursor, limit: 100 })) as never;
        await Promise.all(
          page.data.map(async (item) => {
            const { ticket, entries } = await getTicketWithTimeline(item.ticketId);
            // Each write's facts as live made them, under the ticket as it was right after that write (what the
            // worker loads when it counts, seconds later): core/report/replay.ts.
            const writes = replayTicket(ticket, entries, ctx);
            for (const write of writes) if (write.facts.length) count(write.after, write.at, write.facts);
            // Surveys and ratings count apart from the facts (their own events), under the ticket as it was then.
            if (ticket.csatRequestedAt)
              count(
                ticketAt(writes, ticket.csatRequestedAt),
                ticket.csatRequestedAt,
                [],
                [{ metric: "csat_sent", delta: 1 }],
              );
            // Each rating as its event counted it, on its day: the new rating in, the one it replaced out (the
            // timeline records every change of rating; a comment alone changes none, csatRatedAt moves with it).
            for (const entry of entries)
              for (const change of entry.changes ?? [])
                if (change.field === "csatRating" && change.to)
                  count(
                    ticketAt(writes, entry.createdAt),
                    entry.createdAt,
                    [],
                    [
                      { metric: `csat_${change.to}`, delta: 1 },
                      ...(change.from ? [{ metric: `csat_${change.from}`, delta: -1 }] : []),
                    ],
                  );
            if (ticket.csatRating && ticket.csatRatedAt && ticket.csatComment) {
              const day = dayOf(ticket.csatFirstRatedAt ?? ticket.csatRatedAt);
              const said = {
                rating: ticket.csatRating,
                comment: ticket.csatComment,
                ratedAt: ticket.csatRatedAt,
              };
              await store()
                .entities.feedback.put(commentItem(ticketAt(writes, ticket.csatRatedAt), said, day))
                .go();
            }
          }),
        );
        done += page.data.length;
        onProgress(done);
        cursor = page.cursor;
      } while (cursor);
    }

  // Replace the counters of every month that has any: both layouts' items of the tickets' dimensions go, the
  // knowledge base's (`kb`, first layout: not in the tickets) stay; the packed layout is written.
  const months = new Set([...counters.values()].map(({ day }) => day.slice(0, 7)));
  for (const month of months) {
    const old = (await monthItems(month)).filter((item) => item.dim !== "kb");
    await batchWrite(old.map((item) => ({ DeleteRequest: { Key: { pk: item.pk, sk: item.sk } } })));
  }
  const items = [...counters.values()]
    .map(({ day, target, metrics }) => counterItem(day, target, metrics))
    .filter((item) => Object.keys(item).length > 2);
  await batchWrite(items.map((Item) => ({ PutRequest: { Item } })));
  return { tickets: done, counters: items.length, months: months.size };
}
