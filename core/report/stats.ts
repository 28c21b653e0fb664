import { DateTime } from "luxon";
import type { DeskEvent } from "../events/schema.ts";
import { slaContext } from "../sla/policy.ts";
import { store, type TicketItem } from "../store/index.ts";
import { markDeskChanged } from "../ticket/changes.ts";
import { backoffMs, IdempotencyRaceError, loadTicketItem } from "../ticket/commit.ts";
import { packCountMoves } from "../ticket/counts.ts";
import {
  addMetrics,
  cellOf,
  KEYED,
  queryRange,
  rangesOf,
  rowsOf,
  type StatRow,
  type Target,
} from "./counters.ts";
import { bucketOf } from "./facts.ts";

/** The dimensions every ticket counter is kept for (and "all", the desk as a whole). */
export const DIMENSIONS = ["all", "agent", "team", "category", "priority", "channel", "tier"] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const keysOf = (t: TicketItem): Record<Dimension, string> => ({
  all: "all",
  agent: t.assigneeId ?? "unassigned",
  team: t.team ?? "none",
  category: t.category ?? "none",
  priority: t.priority,
  channel: t.channel,
  tier: t.tier,
});

type StatChange = { metric: string; delta: number; agentId?: string };

/** The counter changes an event makes: one per dimension for each metric it moves. */
export function statChanges(event: DeskEvent): StatChange[] {
  switch (event.type) {
    case "ticket.csat_request":
      return [{ metric: "csat_sent", delta: 1 }];
    case "ticket.rated":
      if (event.rating === event.previous) return [];
      return [
        { metric: `csat_${event.rating}`, delta: 1 },
        ...(event.previous ? [{ metric: `csat_${event.previous}`, delta: -1 }] : []),
      ];
    case "ticket.facts":
      return event.facts.flatMap((fact) => {
        const metric = fact.detail ? `${fact.metric}_${fact.detail}` : fact.metric;
        const counts: StatChange[] = [
          { metric, delta: 1, ...(fact.agentId ? { agentId: fact.agentId } : {}) },
        ];
        if (fact.minutes !== undefined)
          counts.push({
            metric: `${fact.metric}_b${bucketOf(fact.minutes)}`,
            delta: 1,
            ...(fact.agentId ? { agentId: fact.agentId } : {}),
          });
        return counts;
      });
    default:
      return [];
  }
}

/**
 * The counter items that changes move for a ticket, each with the metrics it adds (core/report/counters.ts): the
 * cell of its priority, channel and tier, and its agent (a reply under the agent who wrote it), team and
 * category; deltas summed where two changes meet on one metric, metrics that sum to zero and items left with none
 * dropped. Shared by the worker and the rebuild.
 */
export function counterMoves(changes: StatChange[], keys: Record<Dimension, string>) {
  const moves = new Map<string, { target: Target; metrics: Record<string, number> }>();
  const move = (target: Target, metric: string, delta: number) => {
    const id = `${target.dim}#${target.key}`;
    const entry = moves.get(id) ?? { target, metrics: {} };
    entry.metrics[metric] = (entry.metrics[metric] ?? 0) + delta;
    moves.set(id, entry);
  };
  for (const { metric, delta, agentId } of changes) {
    move({ dim: "cell", key: cellOf(keys) }, metric, delta);
    for (const dim of KEYED)
      move({ dim, key: dim === "agent" && agentId ? agentId : keys[dim] }, metric, delta);
  }
  return [...moves.values()]
    .map(({ target, metrics }) => ({
      target,
      metrics: Object.fromEntries(Object.entries(metrics).filter(([, n]) => n !== 0)),
    }))
    .filter(({ metrics }) => Object.keys(metrics).length > 0);
}

/**
 * Moves the report counters for one event, once: the event's id is claimed in the same transaction as the
 * counters, so a redelivered event changes nothing. Days are the desk's, in its time zone.
 */
export async function applyEvent(event: DeskEvent) {
  if (!("ticketId" in event)) return "ignored";
  const changes = statChanges(event);
  // The queue counters a ticket change moved (core/ticket/commit.ts), added under the same claim.
  const queueCounts = event.type === "ticket.facts" ? (event.counts ?? []) : [];
  const comment = event.type === "ticket.rated" && event.comment ? event : undefined;
  if (changes.length === 0 && queueCounts.length === 0 && !comment) return "ignored";
  const ticket = await loadTicketItem(event.ticketId);
  const { hours } = await slaContext();
  const dayOf = (iso: string) => DateTime.fromISO(iso, { zone: hours.timezone }).toISODate()!;
  // The comment first: latest wins, so it is safe to repeat on every delivery.
  if (comment) await fileComment(comment, ticket, dayOf(comment.firstRatedAt ?? comment.occurredAt));
  if (changes.length === 0 && queueCounts.length === 0) return "counted";
  const day = dayOf(event.occurredAt);
  // Busy counters (open, status:new…) are in many events' transactions at once: DynamoDB cancels one of two
  // simultaneous transactions on an item (TransactionConflict), so a conflict is retried here, jittered, rather
  // than sent back to the queue to wait minutes of backoff.
  for (let attempt = 1; ; attempt++) {
    const outcome = await countOnce(event, ticket, day, changes, queueCounts);
    if (outcome !== "conflict") {
      // Open queues reload when the desk's marker moves: the counts they show changed only now.
      if (outcome === "counted" && queueCounts.length) await markDeskChanged();
      return outcome;
    }
    if (attempt >= MAX_COUNT_ATTEMPTS) throw new IdempotencyRaceError();
    await new Promise((r) => setTimeout(r, backoffMs(attempt)));
  }
}

const MAX_COUNT_ATTEMPTS = 8;
/** How long a report claim is kept: longer than any redelivery (SQS keeps a message 14 days at most). */
const CLAIM_DAYS = 30;

/**
 * When a report claim may go (epoch seconds): 30 days after it is written, or after the event happened if that is
 * later. A delivery comes back at most while its queue keeps it (14 days) — but the outbox may publish an event
 * long after it happened (a sweep that could not reach SNS for weeks), and a claim already expired when written
 * would let a redelivery count it twice.
 */
export function claimExpiresAt(occurredAt: string, now = Date.now()) {
  return Math.floor(Math.max(now, Date.parse(occurredAt)) / 1000) + CLAIM_DAYS * 86_400;
}

/** One try at the claim and the counters in one transaction. */
async function countOnce(
  event: DeskEvent & { ticketId: string },
  ticket: TicketItem,
  day: string,
  changes: StatChange[],
  queueCounts: { name: string; delta: number }[],
): Promise<"counted" | "duplicate" | "conflict"> {
  const packed = counterMoves(changes, keysOf(ticket)).flatMap(
    ({ target, metrics }) => addMetrics(day, target, metrics) ?? [],
  );
  const result = await store()
    .transaction.write(({ idempotency, queueCount }) => {
      const { updates, single } = packCountMoves(queueCounts);
      const counts = single.map(({ name, delta }) =>
        queueCount.update({ name }).add({ count: delta }).commit(),
      );
      return [
        idempotency
          .create({
            scope: "report",
            idemKey: event.id,
            fingerprint: "",
            ticketId: ticket.ticketId,
            number: ticket.number,
            createdAt: event.occurredAt,
            expiresAt: claimExpiresAt(event.occurredAt),
          })
          .commit(),
        // The packed counters: one ADD of several metrics per item, written as DynamoDB takes it (their metrics
        // are attributes named at run time, which an ElectroDB model cannot declare).
        ...([...packed, ...updates] as unknown as typeof counts),
        ...counts,
      ];
    })
    .go();
  if (result.canceled) {
    if (result.data[0]?.code === "ConditionalCheckFailed") return "duplicate";
    if (result.data.some((r) => r.code === "TransactionConflict")) return "conflict";
    throw new IdempotencyRaceError();
  }
  return "counted";
}

/** A ticket's satisfaction comment as the reports list it (under `day`, with the ticket's dimensions). */
export function commentItem(
  ticket: TicketItem,
  said: { rating: "good" | "bad"; comment: string; ratedAt: string },
  day: string,
) {
  const keys = keysOf(ticket);
  return {
    month: day.slice(0, 7),
    day,
    ticketId: ticket.ticketId,
    number: ticket.number,
    ...said,
    agent: keys.agent,
    team: keys.team,
    category: keys.category,
    priority: keys.priority,
    channel: keys.channel,
    tier: keys.tier,
  };
}

/** Files (or updates) a ticket's satisfaction comment, unless a newer rating of that ticket got there first. */
async function fileComment(
  event: Extract<DeskEvent, { type: "ticket.rated" }>,
  ticket: TicketItem,
  day: string,
) {
  const said = { rating: event.rating, comment: event.comment!, ratedAt: event.occurredAt };
  await store()
    .entities.feedback.put(commentItem(ticket, said, day))
    .where(({ ratedAt }, { notExists, lt }) => `${notExists(ratedAt)} OR ${lt(ratedAt, event.occurredAt)}`)
    .go()
    .catch((error: { name?: string; cause?: { name?: string } }) => {
      if (![error.name, error.cause?.name].includes("ConditionalCheckFailedException")) throw error;
    });
}

/** The months (yyyy-MM) a range of days touches, oldest first: one partition each for counters and comments. */
export function monthsOf(from: string, to: string) {
  const months: string[] = [];
  for (let m = DateTime.fromISO(`${from.slice(0, 7)}-01`); m.toISODate()! <= to; m = m.plus({ months: 1 }))
    months.push(m.toFormat("yyyy-MM"));
  return months;
}

/**
 * Every counter of one dimension (or of the knowledge base, `kb`) in a date range, as one row per metric, key and
 * day: per month of the range one Query of the dimension's range (both layouts), and one of the cells for the desk,
 * a priority, a channel or a tier — at most 50 Queries for two years.
 */
export async function readStats(from: string, to: string, dim: Dimension | "kb"): Promise<StatRow[]> {
  const months = monthsOf(from, to);
  const dayAfter = DateTime.fromISO(to).plus({ days: 1 }).toISODate()!;
  const pages = await Promise.all(
    months.flatMap((month) =>
      rangesOf(dim).map(async (prefix) => rowsOf(await queryRange(month, prefix, from, dayAfter), dim)),
    ),
  );
  return pages.flat().filter((s) => s.day >= from && s.day <= to);
}
