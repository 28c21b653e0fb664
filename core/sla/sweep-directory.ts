// Who the SLA sweep tells and where it moves tickets: teams, members, admins, read once per run.
import { teamAgentItems } from "../agent/agent.ts";
import { listTeams } from "../agent/directory.ts";
import { availableAgents } from "../triage/team-agents.ts";
import type { TeamNames } from "./notice-text.ts";
import { allAgents } from "./safety-net.ts";

/** What the sweep knows about teams and people, read once per ticket that needs it. */
export interface Directory {
  escalatesTo(team: string | undefined): Promise<string | undefined>;
  /** The team's names, as agents read them (English, and French where set); undefined for an unknown team. */
  teamName(team: string | undefined): Promise<TeamNames | undefined>;
  /** The team's members who can act now (active, not away). */
  members(team: string | undefined): Promise<string[]>;
  /** Every active admin (those not away first): who hears of work nobody else can take. */
  admins(): Promise<string[]>;
  /** Whether an agent can act on a ticket now (active, not away). */
  present(agentId: string): Promise<boolean>;
  offer(team: string): Promise<Awaited<ReturnType<typeof availableAgents>>["candidates"][number] | undefined>;
}

export function directory(): Directory {
  let teams: Promise<Map<string, Awaited<ReturnType<typeof listTeams>>[number]>> | undefined;
  const readTeams = () => {
    teams ??= listTeams().then((list) => new Map(list.map((t) => [t.id, t])));
    return teams;
  };
  let everyone: ReturnType<typeof allAgents> | undefined;
  const members = new Map<string, Promise<string[]>>();
  return {
    async escalatesTo(team) {
      return (team && (await readTeams()).get(team)?.escalatesTo) || undefined;
    },
    async teamName(team) {
      const found = team ? (await readTeams()).get(team) : undefined;
      return found ? { name: found.name, nameFr: found.nameFr } : undefined;
    },
    members(team) {
      if (!team) return Promise.resolve([]);
      if (!members.has(team))
        members.set(
          team,
          teamAgentItems(team).then((agents) =>
            agents.filter((a) => a.active && !a.away).map((a) => a.agentId),
          ),
        );
      return members.get(team)!;
    },
    async admins() {
      everyone ??= allAgents();
      const admins = (await everyone).filter((a) => a.active && a.role === "admin");
      const here = admins.filter((a) => !a.away);
      return (here.length ? here : admins).map((a) => a.agentId);
    },
    async present(agentId) {
      everyone ??= allAgents();
      const agent = (await everyone).find((a) => a.agentId === agentId);
      return Boolean(agent?.active && !agent.away);
    },
    async offer(team) {
      return (await availableAgents(team)).candidates[0];
    },
  };
}
