// A queue's tickets as a table: column headings with select-all, then one row a ticket.
import type { RefObject } from "preact";
import { t } from "../../strings.ts";
import type { Ticket } from "../../types.ts";
import { type Names, TicketRow } from "./TicketRow.tsx";

export function TicketTable({
  rows,
  names,
  selected,
  checked,
  checkAll,
  check,
  focused,
  body,
}: {
  rows: Ticket[];
  names: Names;
  /** The index of the row in focus (j/k). */
  selected: number;
  checked: Set<string>;
  checkAll: (on: boolean) => void;
  check: (ticketId: string, on: boolean) => void;
  focused: (ticketId: string) => void;
  /** The rows' container, where j/k find the subject links to focus. */
  body: RefObject<HTMLTableSectionElement | null>;
}) {
  return (
    <table class="tickets">
      <thead>
        <tr>
          <th scope="col">
            <input
              type="checkbox"
              aria-label={t.queuePage.selectAll}
              checked={rows.length > 0 && checked.size === rows.length}
              onChange={(e) => checkAll(e.currentTarget.checked)}
            />
          </th>
          <th scope="col">{t.queuePage.ticket}</th>
          <th scope="col">{t.requester}</th>
          <th scope="col">{t.status}</th>
          <th scope="col">{t.priority}</th>
          <th scope="col">{t.team}</th>
          <th scope="col">{t.assignee}</th>
          <th scope="col">{t.sla}</th>
          <th scope="col">{t.queuePage.activity}</th>
        </tr>
      </thead>
      <tbody ref={body}>
        {rows.map((ticket, index) => (
          <TicketRow
            key={ticket.id}
            ticket={ticket}
            names={names}
            selected={index === selected}
            checked={checked.has(ticket.id)}
            check={(on) => check(ticket.id, on)}
            focused={() => focused(ticket.id)}
          />
        ))}
      </tbody>
    </table>
  );
}
