// The ticket's fields an agent sets from the side panel: status, priority, assignee, team, category, tier.
import { localName } from "../names.ts";
import { allowedStatuses } from "../status-moves.ts";
import { t } from "../strings.ts";
import type { Agent, Category, Team, Ticket } from "../types.ts";
import { Escalate } from "./Escalate.tsx";
import { Options } from "./Options.tsx";

/** Each choice is one versioned change (`change`, the page's PATCH). */
export function TicketFields({
  ticket,
  agents,
  teams,
  categories,
  change,
}: {
  ticket: Ticket;
  agents: Agent[];
  teams: Team[];
  categories: Category[];
  change: (patch: Record<string, unknown>) => Promise<boolean>;
}) {
  return (
    <>
      <label>
        {t.status}
        <select value={ticket.status} onChange={(e) => change({ status: e.currentTarget.value })}>
          <Options entries={allowedStatuses(ticket.status, t.statuses)} />
        </select>
      </label>
      <label>
        {t.priority}
        <select value={ticket.priority} onChange={(e) => change({ priority: e.currentTarget.value })}>
          <Options entries={t.priorities} />
        </select>
      </label>
      <label>
        {t.assignee}
        <select
          value={ticket.assigneeId ?? ""}
          onChange={(e) => change({ assigneeId: e.currentTarget.value || null })}
        >
          <Options none={t.nobody} entries={Object.fromEntries(agents.map((a) => [a.id, a.name]))} />
        </select>
      </label>
      <label>
        {t.team}
        <select value={ticket.team ?? ""} onChange={(e) => change({ team: e.currentTarget.value || null })}>
          <Options none={t.none} entries={Object.fromEntries(teams.map((x) => [x.id, localName(x)]))} />
        </select>
      </label>
      <label>
        {t.category}
        <select
          value={ticket.category ?? ""}
          onChange={(e) => change({ category: e.currentTarget.value || null })}
        >
          <Options none={t.none} entries={Object.fromEntries(categories.map((x) => [x.id, localName(x)]))} />
        </select>
      </label>
      <Escalate ticket={ticket} teams={teams} onEscalate={change} />
    </>
  );
}
