import { DEFAULT_CAPACITY, teamAgentItems } from "../agent/agent.ts";
import { listCategories } from "../agent/directory.ts";
import type { DeskEvent } from "../events/schema.ts";
import { newId } from "../ids.ts";
import { type EntryItem, store, type TicketItem } from "../store/index.ts";
import { AssignmentConflictError, changeTicket, IdempotencyRaceError } from "../ticket/commit.ts";
import { queueOf } from "../ticket/model.ts";
import { getTicketWithTimeline } from "../ticket/read.ts";
import { matchCategory, priorityFromSignals } from "./rules.ts";

type Change = NonNullable<EntryItem["changes"]>[number];
const TRIAGED_FIELDS = ["category", "team", "priority", "tier"] as const;

/** Fields an agent has set on this ticket (by a change on the timeline, or when opening it): triage leaves them. */
function setByAgents(ticket: TicketItem, entries: EntryItem[]): Set<string> {
  const fields = new Set(
    entries
      .filter((e) => e.kind === "event" && e.authorType === "agent")
      .flatMap((e) => (e.changes ?? []).map((c) => c.field)),
  );
  if (ticket.createdBy) {
    for (const field of TRIAGED_FIELDS)
      if (ticket[field] !== undefined && field !== "tier") fields.add(field);
  }
  return fields;
}

/**
 * Categorizes, prioritizes and routes a new ticket, once: keyword rules (English and French) pick the category
 * and with it the team, urgency signals the priority; new tickets start at tier L1. Each decision and its reason
 * land on the timeline as one event. Fields an agent set — before triage, or while it ran — are never touched.
 */
/** The team's available agents, least open work first, ties to whoever got a ticket longest ago (round-robin). */
async function availableAgents(teamId: string) {
  const { data: team } = await store().entities.team.get({ teamId }).go();
  if (!team || team.autoAssign === false) return { candidates: [], why: `auto-assign is off for ${teamId}` };
  const agents = (await teamAgentItems(teamId)).filter((a) => a.active && !a.away);
  if (agents.length === 0) return { candidates: [], why: `nobody in ${teamId} is available` };
  const { data: loads } = await store()
    .entities.agentLoad.get(agents.map(({ agentId }) => ({ agentId })))
    .go();
  const loadOf = new Map(loads.map((l) => [l.agentId, l]));
  const candidates = agents
    .map((agent) => {
      const load = loadOf.get(agent.agentId);
      return {
        agent,
        open: Math.max(0, load?.open ?? 0),
        last: load?.lastAssignedAt ?? "",
        capacity: agent.capacity ?? DEFAULT_CAPACITY,
      };
    })
    .filter((c) => c.open < c.capacity)
    .sort(
      (a, b) =>
        a.open - b.open || a.last.localeCompare(b.last) || a.agent.agentId.localeCompare(b.agent.agentId),
    );
  return { candidates, why: candidates.length ? "" : `everyone in ${teamId} is at capacity` };
}

export async function triageTicket(ticketId: string, now = new Date()) {
  const { data: done } = await store().entities.idempotency.get({ scope: "triage", idemKey: ticketId }).go();
  if (done) return "already_triaged";
  const { ticket: loaded, entries } = await getTicketWithTimeline(ticketId);
  const first = entries.find((e) => e.kind === "customer_message");
  const body = first?.body ?? "";
  const agentFields = setByAgents(loaded, entries);
  const categories = await listCategories();
  const match = matchCategory(loaded.subject, body, categories);
  const { priority, signals } = priorityFromSignals(loaded.subject, body, loaded.channel);
  const at = now.toISOString();
  const plannedCategory = agentFields.has("category") || !match ? loaded.category : match.category.id;
  const plannedTeam = agentFields.has("team")
    ? loaded.team
    : (categories.find((c) => c.id === plannedCategory)?.defaultTeam ?? loaded.team);
  const assignable = !loaded.assigneeId && !agentFields.has("assigneeId") && plannedTeam;
  type Candidate = Awaited<ReturnType<typeof availableAgents>>["candidates"][number];
  let why = "";

  const attempt = (candidate: Candidate | undefined) =>
    changeTicket(ticketId, undefined, (before) => {
      // Also leave whatever changed since we read the ticket: someone else (an agent) did that.
      const free = (field: (typeof TRIAGED_FIELDS)[number]) =>
        !agentFields.has(field) && before[field] === loaded[field];
      const after = { ...before };
      const changes: Change[] = [];
      const reasons: string[] = [];
      const set = <K extends (typeof TRIAGED_FIELDS)[number]>(
        field: K,
        value: TicketItem[K],
        reason: string,
      ) => {
        if (!free(field)) {
          reasons.push(`${field}: kept as an agent set it`);
          return;
        }
        reasons.push(reason);
        if (before[field] === value) return;
        after[field] = value;
        changes.push({
          field,
          from: (before[field] as string | undefined) ?? undefined,
          to: (value as string | undefined) ?? undefined,
        });
      };
      if (match) {
        set(
          "category",
          match.category.id,
          `category ${match.category.name}: rule matched ${match.matched.map((k) => `"${k}"`).join(", ")}`,
        );
      } else if (free("category")) {
        reasons.push("category: no rule matched; left for an agent");
      }
      // Route by the category the ticket ends up with: an agent's choice of category routes like a rule's.
      const category = categories.find((c) => c.id === after.category);
      if (category?.defaultTeam)
        set(
          "team",
          category.defaultTeam,
          `team ${category.defaultTeam}: the default team of ${category.name}`,
        );
      set(
        "priority",
        priority,
        signals.length
          ? `priority ${priority}: ${signals.map((s) => `"${s}"`).join(", ")}`
          : "priority normal: no urgency signal",
      );
      set("tier", "L1", "tier L1: new tickets start at the front line");
      const events: DeskEvent[] = [];
      let assignment: { agentId: string; expectedOpen: number; at: string } | undefined;
      if (candidate && !before.assigneeId && after.team === plannedTeam) {
        after.assigneeId = candidate.agent.agentId;
        changes.push({ field: "assigneeId", to: candidate.agent.agentId });
        reasons.push(
          `assignee ${candidate.agent.name}: least open work in ${plannedTeam} (${candidate.open} of ${candidate.capacity})`,
        );
        assignment = { agentId: candidate.agent.agentId, expectedOpen: candidate.open, at };
        events.push({
          type: "ticket.assigned",
          id: newId(now),
          occurredAt: at,
          ticketId,
          agentId: candidate.agent.agentId,
        });
      } else if (why) {
        reasons.push(`assignee: none, ${why}; the ticket waits in the team queue`);
      }
      const entry: EntryItem = {
        ticketId,
        entryId: newId(now),
        kind: "event",
        createdAt: at,
        authorType: "system",
        authorName: "Triage",
        body: `Triage — ${reasons.join("; ")}.`,
        changes,
      };
      return {
        after: { ...after, ...queueOf(after), version: before.version + 1, updatedAt: at },
        entries: [entry],
        events,
        idempotency: {
          scope: "triage",
          idemKey: ticketId,
          fingerprint: "",
          ticketId,
          number: before.number,
          createdAt: at,
        },
        assignment,
      };
    });

  try {
    // Another ticket may be given to the chosen agent meanwhile: then look at the loads again and choose again.
    for (let round = 0; assignable && round < 10; round++) {
      const available = await availableAgents(plannedTeam);
      why = available.why;
      const [best] = available.candidates;
      if (!best) break;
      try {
        await attempt(best);
        return "triaged";
      } catch (error) {
        if (!(error instanceof AssignmentConflictError)) throw error;
        why = "the team's agents were being assigned other tickets; try again by hand";
      }
    }
    await attempt(undefined);
  } catch (error) {
    if (error instanceof IdempotencyRaceError) return "already_triaged";
    throw error;
  }
  return "triaged";
}
