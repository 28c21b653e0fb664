// The ticket's requester, with their other recent tickets.
import { shownAddress, shownName } from "../address.ts";
import { ago, when } from "../format.ts";
import { shownText } from "../placeholders.ts";
import { t } from "../strings.ts";
import type { RequesterUndeliverable, Ticket } from "../types.ts";

/**
 * The desk may no longer mail the requester (a hard bounce, a complaint): when, what the bounce said, and what the
 * agent can do, since a reply is still sent (and shows "sent") though it will most likely bounce again.
 */
function Undeliverable({ mark }: { mark: RequesterUndeliverable }) {
  const s = t.ticketPage.undeliverable;
  const since = when(mark.since);
  return (
    <div class="undeliverable warning" role="note">
      <p>
        <strong>{mark.reason === "bounce" ? s.bounce(since) : s.complaint(since)}</strong>
      </p>
      {mark.detail && (
        <p>
          {s.detail} <q class="bounce-detail">{mark.detail}</q>
        </p>
      )}
      <p>{mark.reason === "bounce" ? s.bounceWhat : s.complaintWhat}</p>
    </div>
  );
}

/** Who asked (and whether their address still takes mail), a search for their address, their other tickets. */
export function RequesterCard({
  ticket,
  history,
}: {
  ticket: Ticket & { requesterUndeliverable?: RequesterUndeliverable | null };
  history: Ticket[];
}) {
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
      {ticket.requesterUndeliverable && <Undeliverable mark={ticket.requesterUndeliverable} />}
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
