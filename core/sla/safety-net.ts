import { newId } from "../ids.ts";
import { log } from "../log.ts";
import { type AgentItem, type EntryItem, store, type TicketItem } from "../store/index.ts";
import { changeTicket } from "../ticket/commit.ts";
import { readCounts } from "../ticket/counts.ts";
import { type EventPart, said, toldParams } from "../ticket/event-text.ts";
import { queueOf } from "../ticket/model.ts";
import { eventEntry } from "../ticket/write-parts.ts";
import { assigneeGoneNotice, numbered, type TeamNames } from "./notice-text.ts";
import type { Directory } from "./sweep-directory.ts";

type Change = NonNullable<EntryItem["changes"]>[number];

/** Who the sweep tells about a ticket, and who they are (for the timeline). */
export interface People {
  owners: string[];
  escalatesTo?: string;
  /** The names of the team it escalates to (the notices name it in each recipient's language). */
  newTeamName?: TeamNames;
  newTeamMembers: string[];
  /** assignee: the assignee; team: the team's present members; admins: nobody else could act. */
  ownersAre?: "assignee" | "team" | "admins";
  newTeamAre?: "team" | "admins";
}

/** Every agent of the directory (one Query on its small partition). */
export async function allAgents(): Promise<AgentItem[]> {
  const { data } = await store().entities.agent.query.directory({}).go({ pages: "all" });
  return data as AgentItem[];
}

/**
 * Who hears of a ticket: its assignee while they can act; else the team's present members; else — nobody in
 * the team, or no team — every admin. So a warning, an escalation or an alert never goes to nobody.
 */
export async function peopleFor(t: TicketItem, dir: Directory): Promise<People> {
  const escalatesTo = await dir.escalatesTo(t.team);
  const nextTeam = escalatesTo ? await dir.members(escalatesTo) : [];
  const base = {
    escalatesTo,
    newTeamName: escalatesTo ? await dir.teamName(escalatesTo) : undefined,
    newTeamMembers: nextTeam.length || !escalatesTo ? nextTeam : await dir.admins(),
    newTeamAre: nextTeam.length || !escalatesTo ? ("team" as const) : ("admins" as const),
  };
  if (t.assigneeId && (await dir.present(t.assigneeId)))
    return { ...base, owners: [t.assigneeId], ownersAre: "assignee" };
  const team = await dir.members(t.team);
  if (team.length) return { ...base, owners: team, ownersAre: "team" };
  return { ...base, owners: await dir.admins(), ownersAre: "admins" };
}

/** How the timeline names who was told. */
export function whoWasTold(are: People["ownersAre"], team: string | undefined): string {
  if (are === "admins")
    return team ? `the admins (nobody in team ${team} is available)` : "the admins (the ticket has no team)";
  if (are === "team") return team ? `team ${team}` : "the team";
  return are === "assignee" ? "the assignee" : "the team";
}

/** The "Safety net" timeline entry: why the ticket was brought to someone, and who. */
export function safetyEntry(
  ticketId: string,
  now: Date,
  lines: string[],
  changes: Change[] = [],
  parts: EventPart[] = [],
) {
  return eventEntry(
    ticketId,
    { type: "system", name: "Safety net" },
    changes,
    now,
    `Safety net — ${lines.join("; ")}.`,
    { code: "safety_net", parts },
  );
}

/** At most this many tickets of away or deactivated assignees are brought to someone per sweep. */
export const STRANDED_PER_SWEEP = 50;

/**
 * Tickets held by an agent who is away or deactivated: each is brought to the team (or the admins) once per
 * ticket and condition. Reads the directory (one Query), the queue counters of those agents (one BatchGet), and
 * only the non-empty queues (Query on their work-queue partition) — never a Scan, at most `limit` alerts a run.
 */
export async function sweepStranded(now: Date, dir: Directory, limit = STRANDED_PER_SWEEP) {
  const gone = (await allAgents()).filter((a) => !a.active || a.away);
  if (gone.length === 0) return 0;
  const counts = await readCounts(gone.map((a) => `queue:agent:${a.agentId}`));
  let alerted = 0;
  let failedInRow = 0;
  for (const agent of gone) {
    if (!counts[`queue:agent:${agent.agentId}`]) continue;
    const marker = `${agent.active ? "away" : "inactive"}:${agent.agentId}`;
    let cursor: string | null = null;
    do {
      const page: { data: TicketItem[]; cursor: string | null } = await store()
        .entities.ticket.query.byQueue({ queue: `agent:${agent.agentId}` })
        .go({ cursor, limit: 100 });
      for (const ticket of page.data) {
        if ((ticket.safetyNet ?? []).includes(marker)) continue;
        // A ticket whose write fails stays for the next run, logged; it must not keep the alerts of the tickets
        // after it from going out (five in a row: the table is failing, the run stops).
        try {
          if (await alertStranded(ticket.ticketId, agent, marker, now, dir)) alerted++;
          failedInRow = 0;
        } catch (error) {
          log.error("safety net: stranded ticket not alerted", {
            ticketId: ticket.ticketId,
            error: String(error),
          });
          if (++failedInRow >= 5) throw error;
        }
        if (alerted >= limit) return alerted;
      }
      cursor = page.cursor;
    } while (cursor);
  }
  return alerted;
}

async function alertStranded(
  ticketId: string,
  agent: AgentItem,
  marker: string,
  now: Date,
  dir: Directory,
): Promise<boolean> {
  const at = now.toISOString();
  const current = (await store().entities.ticket.get({ ticketId }).go({ consistent: true }))
    .data as TicketItem;
  if (!current || current.assigneeId !== agent.agentId) return false;
  const people = await peopleFor(current, dir);
  let done = false;
  await changeTicket(ticketId, undefined, (before) => {
    if (before.assigneeId !== agent.agentId || (before.safetyNet ?? []).includes(marker)) return null;
    done = true;
    const state = agent.active ? "is away" : "has been deactivated";
    const told = whoWasTold(people.ownersAre, before.team);
    return {
      after: {
        ...before,
        safetyNet: [...(before.safetyNet ?? []), marker],
        ...queueOf(before),
        version: before.version + 1,
        updatedAt: at,
      },
      entries: [
        safetyEntry(
          ticketId,
          now,
          [`the assignee ${agent.name} ${state}: told ${told}`],
          [],
          [
            said("safety_assignee_gone", {
              agent: agent.agentId,
              state: agent.active ? "away" : "inactive",
              ...toldParams(people.ownersAre, before.team),
            }),
          ],
        ),
      ],
      events: people.owners.length
        ? [
            {
              type: "ticket.notice",
              id: newId(now),
              occurredAt: at,
              ticketId,
              agentIds: people.owners,
              ...numbered(before.number, assigneeGoneNotice(before, agent.name, Boolean(agent.active))),
              safetyNet: true,
            },
          ]
        : [],
    };
  });
  return done;
}
