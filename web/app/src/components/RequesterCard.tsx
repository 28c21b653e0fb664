// The ticket's requester, with their other recent tickets.
import { shownAddress, shownName } from "../address.ts";
import { ago, when } from "../format.ts";
import { shownText } from "../placeholders.ts";
import { t } from "../strings.ts";
import type { Ticket } from "../types.ts";

/** Who asked, a search for their address, and up to five of their other tickets. */
export function RequesterCard({ ticket, history }: { ticket: Ticket; history: Ticket[] }) {
  return (
    <>
      <h2>{t.requester}</h2>
      <p>
        {shownName(ticket.requester.name, ticket.requester.email)}
        <br />
        <a href={`/app/search?q=${encodeURIComponent(ticket.requester.email)}`}>
          {shownAddress(ticket.requester.email)}
        </a>
      </p>
      {history.length > 0 && (
        <ul class="history" aria-label={t.ticketPage.otherTickets}>
          {history.map((other) => (
            <li key={other.id}>
              <a href={`/app/tickets/${other.id}`}>
                #{other.number} {shownText(other.subject)}
              </a>{" "}
              <span class={`status ${other.status}`}>{t.statuses[other.status]}</span>{" "}
              <time dateTime={other.lastActivityAt} title={when(other.lastActivityAt)}>
                {ago(other.lastActivityAt)}
              </time>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
