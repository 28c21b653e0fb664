import { DateTime } from "luxon";
import type { DeskEvent } from "../events/schema.ts";
import { slaContext } from "../sla/policy.ts";
import { store, type TicketItem } from "../store/index.ts";
import { IdempotencyRaceError, loadTicketItem } from "../ticket/commit.ts";
import { bucketOf } from "./facts.ts";

/** The dimensions every ticket counter is kept for (and "all", the desk as a whole). */
export const DIMENSIONS = ["all", "agent", "team", "category", "priority", "channel", "tier"] as const;
export type Dimension = (typeof DIMENSIONS)[number];

const keysOf = (t: TicketItem): Record<Dimension, string> => ({
  all: "all",
  agent: t.assigneeId ?? "unassigned",
  team: t.team ?? "none",
  category: t.category ?? "none",
  priority: t.priority,
  channel: t.channel,
  tier: t.tier,
});

/** The counter changes an event makes: one per dimension for each metric it moves. */
export function statChanges(event: DeskEvent): { metric: string; delta: number; agentId?: string }[] {
  switch (event.type) {
    case "ticket.csat_request":
      return [{ metric: "csat_sent", delta: 1 }];
    case "ticket.rated":
      return [
        { metric: `csat_${event.rating}`, delta: 1 },
        ...(event.previous ? [{ metric: `csat_${event.previous}`, delta: -1 }] : []),
      ];
    case "ticket.facts":
      return event.facts.flatMap((fact) => {
        const metric = fact.detail ? `${fact.metric}_${fact.detail}` : fact.metric;
        const counts: { metric: string; delta: number; agentId?: string }[] = [
          { metric, delta: 1, ...(fact.agentId ? { agentId: fact.agentId } : {}) },
        ];
        if (fact.minutes !== undefined)
          counts.push({ metric: `${fact.metric}_b${bucketOf(fact.minutes)}`, delta: 1 });
        return counts;
      });
    default:
      return [];
  }
}

/**
 * Moves the report counters for one event, once: the event's id is claimed in the same transaction as the
 * counters, so a redelivered event changes nothing. Days are the desk's, in its time zone.
 */
export async function applyEvent(event: DeskEvent) {
  if (!("ticketId" in event)) return "ignored";
  const changes = statChanges(event);
  if (changes.length === 0) return "ignored";
  const ticket = await loadTicketItem(event.ticketId);
  const { hours } = await slaContext();
  const day = DateTime.fromISO(event.occurredAt, { zone: hours.timezone }).toISODate()!;
  const keys = keysOf(ticket);
  const result = await store()
    .transaction.write(({ idempotency, stat }) => [
      idempotency
        .create({
          scope: "report",
          idemKey: event.id,
          fingerprint: "",
          ticketId: ticket.ticketId,
          number: ticket.number,
          createdAt: event.occurredAt,
        })
        .commit(),
      ...changes.flatMap(({ metric, delta, agentId }) =>
        DIMENSIONS.map((dim) =>
          stat
            .update({
              month: day.slice(0, 7),
              day,
              metric,
              dim,
              key: dim === "agent" && agentId ? agentId : keys[dim],
            })
            .add({ count: delta })
            .commit(),
        ),
      ),
    ])
    .go();
  if (result.canceled) {
    if (result.data[0]?.code === "ConditionalCheckFailed") return "duplicate";
    throw new IdempotencyRaceError();
  }
  return "counted";
}

/** Every counter of one dimension in a date range: one Query per month of the range (at most 25 for two years). */
export async function readStats(from: string, to: string, dim: Dimension) {
  const months: string[] = [];
  for (let m = DateTime.fromISO(`${from.slice(0, 7)}-01`); m.toISODate()! <= to; m = m.plus({ months: 1 }))
    months.push(m.toFormat("yyyy-MM"));
  const dayAfter = DateTime.fromISO(to).plus({ days: 1 }).toISODate()!;
  const pages = await Promise.all(
    months.map((month) =>
      store()
        .entities.stat.query.byMonth({ month })
        .between({ dim, day: from }, { dim, day: dayAfter })
        .go({ pages: "all" }),
    ),
  );
  return pages.flatMap((p) => p.data).filter((s) => s.day >= from && s.day <= to);
}
