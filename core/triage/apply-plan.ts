import type { DeskEvent } from "../events/schema.ts";
import type { EntryItem, TicketItem } from "../store/index.ts";
import { assignedEvent } from "../ticket/assignment.ts";
import { AssignmentConflictError, changeTicket, IdempotencyRaceError } from "../ticket/commit.ts";
import { type EventPart, said } from "../ticket/event-text.ts";
import { markLoadCheck } from "../ticket/load-check.ts";
import { queueOf } from "../ticket/model.ts";
import { eventEntry } from "../ticket/write-parts.ts";
import { availableAgents, type Candidate, type MembersOf, type readTeam } from "./team-agents.ts";

type Change = NonNullable<EntryItem["changes"]>[number];
const TRIAGED_FIELDS = ["category", "team", "priority", "tier"] as const;
type Field = (typeof TRIAGED_FIELDS)[number];

/** What triage wants for each field, with the reason; fields it has no opinion on are absent. */
export type Plan = { [F in Field]?: { value: TicketItem[F]; reason: string; parts: EventPart[] } } & {
  notes: string[];
  noteParts: EventPart[];
};

/**
 * Applies a plan once (idempotency record `triage/<key>`), leaving every field an agent set — before triage,
 * or while it ran — and assigns the ticket to the team's available agent with the least open work when it has
 * nobody yet (`assign`). Every decision and its reason land on the timeline as one "Triage" event.
 */
export async function applyPlan(input: {
  ticketId: string;
  key: string;
  loaded: TicketItem;
  agentFields: Set<string>;
  plan: () => Plan;
  assign: boolean;
  now: Date;
  /** The members of teams already read in this run (staffing). */
  membersOf?: MembersOf;
  /** The item of the team triage expects to assign in, read while it checked the team's members. */
  teamRead?: { teamId: string; read: ReturnType<typeof readTeam> };
}) {
  const { ticketId, loaded, agentFields, now } = input;
  const at = now.toISOString();
  const plan = input.plan();
  const plannedTeam = agentFields.has("team") ? loaded.team : (plan.team?.value ?? loaded.team);
  let why = "";
  let whyCode = "";

  // The first write starts from the ticket as triage read it (no second GetItem); it is conditioned on that
  // version, and a ticket changed meanwhile is read again and decided afresh (changeTicket).
  let readAs: TicketItem | undefined = loaded;
  const change: typeof changeTicket = (id, expectedVersion, decide) => {
    const from = readAs;
    readAs = undefined;
    return changeTicket(id, expectedVersion, decide, from);
  };
  const attempt = (candidate: Candidate | undefined) =>
    change(ticketId, undefined, (before) => {
      // Also leave whatever changed since we read the ticket: someone else (an agent) did that.
      const free = (field: Field) => !agentFields.has(field) && before[field] === loaded[field];
      const after = { ...before };
      const changes: Change[] = [];
      const reasons: string[] = [];
      const parts: EventPart[] = [];
      for (const field of TRIAGED_FIELDS) {
        const wanted = plan[field];
        if (!wanted) continue;
        if (!free(field)) {
          reasons.push(`${field}: kept as an agent set it`);
          parts.push(said("triage_kept", { field }));
          continue;
        }
        reasons.push(wanted.reason);
        parts.push(...wanted.parts);
        if (before[field] === wanted.value) continue;
        (after as Record<string, unknown>)[field] = wanted.value;
        changes.push({ field, from: before[field] ?? undefined, to: wanted.value ?? undefined });
      }
      reasons.push(...plan.notes);
      parts.push(...plan.noteParts);
      const events: DeskEvent[] = [];
      let assignment: { agentId: string; expectedOpen: number; at: string } | undefined;
      if (
        candidate &&
        (!before.assigneeId || before.assigneeId === loaded.assigneeId) &&
        after.team === plannedTeam
      ) {
        after.assigneeId = candidate.agent.agentId;
        changes.push({ field: "assigneeId", from: before.assigneeId, to: candidate.agent.agentId });
        reasons.push(
          `assignee ${candidate.agent.name}: least open work in ${plannedTeam} (${candidate.open} of ${candidate.capacity})`,
        );
        parts.push(
          said("triage_assigned", {
            agent: candidate.agent.agentId,
            team: plannedTeam,
            open: candidate.open,
            capacity: candidate.capacity,
          }),
        );
        assignment = { agentId: candidate.agent.agentId, expectedOpen: candidate.storedOpen, at };
        events.push(assignedEvent(ticketId, candidate.agent.agentId, now));
      } else if (why) {
        reasons.push(`assignee: none, ${why}; the ticket waits in the team queue`);
        parts.push(said("triage_waits", { team: plannedTeam, why: whyCode }));
      }
      const entry = eventEntry(
        ticketId,
        { type: "system", name: "Triage" },
        changes,
        now,
        `Triage — ${reasons.join("; ")}.`,
        { code: "triage", parts },
      );
      return {
        after: { ...after, ...queueOf(after), version: before.version + 1, updatedAt: at },
        entries: [entry],
        events,
        idempotency: {
          scope: "triage",
          idemKey: input.key,
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
    for (let round = 0; input.assign && plannedTeam && round < 10; round++) {
      const early = round === 0 && input.teamRead?.teamId === plannedTeam ? input.teamRead.read : undefined;
      const available = await availableAgents(plannedTeam, input.membersOf, early);
      why = available.why;
      whyCode = available.whyCode;
      const [best] = available.candidates;
      if (!best) break;
      try {
        await attempt(best);
        return "triaged";
      } catch (error) {
        if (!(error instanceof AssignmentConflictError)) throw error;
        // Usually another ticket got there first; a count that keeps refusing has drifted: the sweep checks it.
        if (round > 0) await markLoadCheck(best.agent.agentId);
        why = "the team's agents were being assigned other tickets; try again by hand";
        whyCode = "busy";
      }
    }
    await attempt(undefined);
  } catch (error) {
    if (error instanceof IdempotencyRaceError) return "already_triaged";
    throw error;
  }
  return "triaged";
}
