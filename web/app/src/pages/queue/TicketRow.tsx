// One ticket in a queue: its checkbox, subject link, requester, status, priority, team, assignee, SLA, activity.
import { shownName } from "../../address.ts";
import { SlaBadge } from "../../components/SlaBadge.tsx";
import { when } from "../../format.ts";
import { shownText } from "../../placeholders.ts";
import { t } from "../../strings.ts";
import type { Ticket } from "../../types.ts";

/** Team and agent names by id (deactivated agents included): the row shows names, not ids. */
export type Names = { teams: Record<string, string>; agents: Record<string, string> };

export function TicketRow({
  ticket,
  names,
  selected,
  checked,
  check,
  focused,
}: {
  ticket: Ticket;
  names: Names;
  /** The row in focus (j/k). */
  selected: boolean;
  checked: boolean;
  check: (on: boolean) => void;
  focused: () => void;
}) {
  return (
    <tr class={selected ? "selected" : undefined}>
      <td>
        <input
          type="checkbox"
          aria-label={t.queuePage.select(ticket.number)}
          checked={checked}
          onChange={(e) => check(e.currentTarget.checked)}
        />
      </td>
      <td>
        <a class="subject" href={`/app/tickets/${ticket.id}`} onFocus={focused}>
          #{ticket.number} {shownText(ticket.subject)}
        </a>
      </td>
      <td>{shownName(ticket.requester.name, ticket.requester.email)}</td>
      <td>
        <span class={`status ${ticket.status}`}>{t.statuses[ticket.status]}</span>
      </td>
      <td>
        <span class={`priority ${ticket.priority}`}>{t.priorities[ticket.priority]}</span>
      </td>
      <td>{ticket.team ? (names.teams[ticket.team] ?? ticket.team) : "—"}</td>
      <td>
        {ticket.assigneeId ? (
          (names.agents[ticket.assigneeId] ?? ticket.assigneeId)
        ) : (
          <span class="unassigned">{t.unassigned}</span>
        )}
      </td>
      <td>
        <SlaBadge ticket={ticket} />
      </td>
      <td>{when(ticket.lastActivityAt)}</td>
    </tr>
  );
}
