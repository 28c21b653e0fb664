import { DEFAULT_CAPACITY, teamAgentItems } from "../agent/agent.ts";
import { store } from "../store/index.ts";
import { type EventPart, said } from "../ticket/event-text.ts";
import { markLoadCheck } from "../ticket/load-check.ts";

/** Who can take a triaged ticket: a team's staffing and its available agents, least open work first. */

export const readTeam = (teamId: string) => store().entities.team.get({ teamId }).go();

/** A team's members as one triage run reads them: each team's Query once, however often it is asked. */
export type MembersOf = typeof teamAgentItems;
export function membersOnce(): MembersOf {
  const read = new Map<string, ReturnType<MembersOf>>();
  return (teamId) => {
    if (!read.has(teamId)) read.set(teamId, teamAgentItems(teamId));
    return read.get(teamId)!;
  };
}

/**
 * The team's available agents, least open work first, ties to whoever got a ticket longest ago (round-robin).
 * `membersOf` lets a triage run reuse the members it read when it checked the team was staffed, and `teamRead`
 * the team's item it read meanwhile.
 */
export async function availableAgents(
  teamId: string,
  membersOf: MembersOf = teamAgentItems,
  teamRead = readTeam(teamId),
) {
  const { data: team } = await teamRead;
  if (!team || team.autoAssign === false)
    return { candidates: [], why: `auto-assign is off for ${teamId}`, whyCode: "auto_assign_off" };
  const agents = (await membersOf(teamId)).filter((a) => a.active && !a.away);
  if (agents.length === 0)
    return { candidates: [], why: `nobody in ${teamId} is available`, whyCode: "nobody_available" };
  const { data: loads } = await store()
    .entities.agentLoad.get(agents.map(({ agentId }) => ({ agentId })))
    .go();
  const loadOf = new Map(loads.map((l) => [l.agentId, l]));
  // A count that drifted below 0 is ranked as 0, reserved on as stored (below), and checked by the sweep.
  await Promise.all(loads.filter((l) => (l.open ?? 0) < 0).map((l) => markLoadCheck(l.agentId)));
  const candidates = agents
    .map((agent) => {
      const load = loadOf.get(agent.agentId);
      return {
        agent,
        open: Math.max(0, load?.open ?? 0),
        storedOpen: load?.open ?? 0,
        last: load?.lastAssignedAt ?? "",
        capacity: agent.capacity ?? DEFAULT_CAPACITY,
      };
    })
    .filter((c) => c.open < c.capacity)
    .sort(
      (a, b) =>
        a.open - b.open || a.last.localeCompare(b.last) || a.agent.agentId.localeCompare(b.agent.agentId),
    );
  return {
    candidates,
    why: candidates.length ? "" : `everyone in ${teamId} is at capacity`,
    whyCode: candidates.length ? "" : "at_capacity",
  };
}
export type Candidate = Awaited<ReturnType<typeof availableAgents>>["candidates"][number];

/**
 * A team with nobody active in it would hide a ticket: triage sends it to the desk's fallback team instead when
 * that team has someone, and otherwise leaves it where it is — admins see every unassigned ticket, and the sweep's
 * safety net mails them about it (core/sla/safety-net.ts).
 */
export async function staffedTeam(
  team: string,
  fallbackTeam: string | null,
  membersOf: MembersOf,
): Promise<{ team: string; reason?: string; part?: EventPart }> {
  const staffed = async (id: string) => (await membersOf(id)).some((a) => a.active);
  if (await staffed(team)) return { team };
  if (fallbackTeam && fallbackTeam !== team && (await staffed(fallbackTeam)))
    return {
      team: fallbackTeam,
      reason: `team ${team} has no active member: routed to the fallback team ${fallbackTeam}`,
      part: said("triage_team_rerouted", { team, fallbackTeam }),
    };
  return {
    team,
    reason: `team ${team} has no active member${fallbackTeam && fallbackTeam !== team ? ` (nor has the fallback team ${fallbackTeam})` : ""}: admins see it in their unassigned view and the safety net alerts them`,
    part: said("triage_team_unstaffed", {
      team,
      fallbackTeam: fallbackTeam && fallbackTeam !== team ? fallbackTeam : undefined,
    }),
  };
}
