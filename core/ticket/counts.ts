import { OPEN_STATUSES } from "../store/entities/ticket.ts";
import { store, type TicketItem } from "../store/index.ts";
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

/** The current counts of some counters: one BatchGetItem (0.5 RRU each). Missing counters are 0. */
export async function readCounts(names: string[]): Promise<Record<string, number>> {
  const unique = [...new Set(names)];
  if (unique.length === 0) return {};
  const { data } = await store()
    .entities.queueCount.get(unique.map((name) => ({ name })))
    .go();
  const found = new Map(data.map((c) => [c.name, Math.max(0, c.count ?? 0)]));
  return Object.fromEntries(unique.map((name) => [name, found.get(name) ?? 0]));
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
