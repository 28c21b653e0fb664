import { config } from "../config.ts";
import { getItems } from "../store/batch-retry.ts";
import { OPEN_STATUSES } from "../store/entities/ticket.ts";
import type { TicketItem } from "../store/index.ts";
import { allTeamIds } from "./views.ts";

const isOpen = (t: TicketItem | null) =>
  Boolean(t && (OPEN_STATUSES as readonly string[]).includes(t.status));

/**
 * The counters a ticket adds one to: while open, its work queue, team, SLA state, "all", and its status on the
 * day it was created (for the backlog's age buckets); its status always.
 */
export function countersOf(ticket: TicketItem | null): string[] {
  if (!ticket) return [];
  const open = isOpen(ticket)
    ? [
        `queue:${ticket.queue}`,
        `team:${ticket.teamQueue}`,
        "open",
        `sla:${ticket.slaState ?? "ok"}`,
        // by status and day of creation (UTC): the backlog's age buckets
        `age:${ticket.status}:${ticket.createdAt.slice(0, 10)}`,
      ]
    : [];
  return [...open, `status:${ticket.status}`];
}

/** How a change moves the counters: -1 where the ticket leaves, +1 where it arrives (nothing if it stays). */
export function countChanges(
  before: TicketItem | null,
  after: TicketItem,
): { name: string; delta: number }[] {
  const was = new Set(countersOf(before));
  const now = new Set(countersOf(after));
  return [
    ...[...was].filter((name) => !now.has(name)).map((name) => ({ name, delta: -1 })),
    ...[...now].filter((name) => !was.has(name)).map((name) => ({ name, delta: 1 })),
  ];
}

/**
 * Where a counter is kept since counters were packed: the desk-wide ones (`open`, `status:…`, `sla:…`) as
 * attributes of one item, `QCOUNTS#desk`, and the backlog's age counters of one day of creation as attributes of
 * `QCOUNTS#age:<day>` (one per status), so that a change moving several of them writes one item; the queues
 * (`queue:…`, `team:…`) and the rest stay one item each (`QCOUNT#<name>`), as they were.
 */
export function packedCounter(name: string): { pk: string; attribute: string } | undefined {
  if (name === "open" || name.startsWith("status:") || name.startsWith("sla:"))
    return { pk: "QCOUNTS#desk", attribute: name };
  const age = /^age:([^:]+):(.+)$/.exec(name);
  return age ? { pk: `QCOUNTS#age:${age[2]}`, attribute: age[1]! } : undefined;
}

/**
 * The counter moves of a change, as written: one ADD of several attributes per packed item, and the counters kept
 * one item each (`single`, for their entity's update).
 */
export function packCountMoves(moves: { name: string; delta: number }[], table = config().tableName) {
  const packed = new Map<string, Record<string, number>>();
  const single: { name: string; delta: number }[] = [];
  for (const move of moves) {
    const where = packedCounter(move.name);
    if (!where) {
      single.push(move);
      continue;
    }
    const item = packed.get(where.pk) ?? {};
    item[where.attribute] = (item[where.attribute] ?? 0) + move.delta;
    packed.set(where.pk, item);
  }
  const updates = [...packed.entries()]
    .map(([pk, attrs]) => [pk, Object.entries(attrs).filter(([, n]) => n !== 0)] as const)
    .filter(([, attrs]) => attrs.length > 0)
    .map(([pk, attrs]) => ({
      Update: {
        TableName: table,
        Key: { pk, sk: "COUNT" },
        UpdateExpression: `ADD ${attrs.map((_, i) => `#c${i} :c${i}`).join(", ")}`,
        ExpressionAttributeNames: Object.fromEntries(attrs.map(([a], i) => [`#c${i}`, a])),
        ExpressionAttributeValues: Object.fromEntries(attrs.map(([, n], i) => [`:c${i}`, n])),
      },
    }));
  return { updates, single: single.filter((m) => m.delta !== 0) };
}

/**
 * The current counts of some counters: one BatchGetItem (0.5 RRU each) of their items — for a packed counter, its
 * packed item and the item it was kept in before the packing (`QCOUNT#<name>`, no longer written: a desk upgraded
 * over it needs no step, its count is the sum). Missing counters are 0.
 */
export async function readCounts(names: string[]): Promise<Record<string, number>> {
  const unique = [...new Set(names)];
  if (unique.length === 0) return {};
  const pks = new Set(unique.map((name) => `QCOUNT#${name}`));
  for (const name of unique) {
    const packed = packedCounter(name);
    if (packed) pks.add(packed.pk);
  }
  const items = await getItems([...pks].map((pk) => ({ pk, sk: "COUNT" })));
  const countOf = (name: string) => {
    const packed = packedCounter(name);
    const kept = Number(items.get(`QCOUNT#${name}`)?.count ?? 0);
    return kept + (packed ? Number(items.get(packed.pk)?.[packed.attribute] ?? 0) : 0);
  };
  return Object.fromEntries(unique.map((name) => [name, Math.max(0, countOf(name))]));
}

/** The counts an agent's queue list shows: unassigned per team, mine, each team, all open, per status. */
export async function queueCountsFor(viewer: { agentId: string; teams: string[]; role?: "admin" | "agent" }) {
  // An admin's "unassigned" is the whole desk's (as their view is): every team's unassigned counter.
  const unassignedTeams = viewer.role === "admin" ? await allTeamIds() : viewer.teams;
  const me = { agentId: viewer.agentId, teams: viewer.teams };
  const statuses = ["new", "open", "pending", "on_hold", "solved"];
  const names = [
    ...unassignedTeams.map((team) => `queue:unassigned:${team}`),
    "queue:unassigned:none",
    `queue:agent:${me.agentId}`,
    ...me.teams.map((team) => `team:${team}`),
    "open",
    ...statuses.map((s) => `status:${s}`),
  ];
  const counts = await readCounts(names);
  return {
    unassigned:
      unassignedTeams.reduce((sum, team) => sum + counts[`queue:unassigned:${team}`]!, 0) +
      counts["queue:unassigned:none"]!,
    mine: counts[`queue:agent:${me.agentId}`]!,
    teams: Object.fromEntries(me.teams.map((team) => [team, counts[`team:${team}`]!])),
    all: counts.open!,
    byStatus: Object.fromEntries(statuses.map((s) => [s, counts[`status:${s}`]!])),
  };
}
