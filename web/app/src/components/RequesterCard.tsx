// The ticket's requester, with their other recent tickets.
import { useState } from "preact/hooks";
import { shownAddress, shownName } from "../address.ts";
import { api } from "../api.ts";
import { blockReasonText } from "../block-reason.ts";
import { errorText } from "../errors.ts";
import { ago, when } from "../format.ts";
import { shownText } from "../placeholders.ts";
import { useSession } from "../session.ts";
import { t } from "../strings.ts";
import type { RequesterUndeliverable, Ticket } from "../types.ts";

/**
 * The desk may no longer mail the requester (a hard bounce, a complaint): when, what the bounce said, and what the
 * agent can do, since a reply is still sent (and shows "sent") though it will most likely bounce again. A
 * complaint is lifted by admins only (the server refuses others: 403 `complaint_admin_only`): an agent is told to
 * ask one, not offered a button that can only fail.
 */
function Undeliverable(props: {
  ticketId: string;
  mark: RequesterUndeliverable;
  changed: (done: string) => void;
}) {
  const { mark } = props;
  const s = t.ticketPage.undeliverable;
  const { agent } = useSession();
  const mayLift = mark.reason === "bounce" || agent.role === "admin";
  const why = blockReasonText(mark);
  const since = when(mark.since);
  const [asking, setAsking] = useState(false);
  const lift = async () => {
    try {
      // No If-Match: lifting does not depend on what else changed on the ticket; a second lift says `no_block`.
      await api(`/tickets/${props.ticketId}/requester-undeliverable`, { method: "DELETE" });
      setAsking(false);
      props.changed(s.lifted);
    } catch (failure) {
      // Said by the page, as a lift is, for the card may be gone: the block may have gone or changed meanwhile (a
      // complaint replacing a bounce), and the page reloaded shows it as it is.
      setAsking(false);
      props.changed(errorText(failure));
    }
  };
  return (
    <div class="undeliverable warning" role="note">
      <p>
        <strong>{mark.reason === "bounce" ? s.bounce(since) : s.complaint(since)}</strong>
      </p>
      {why && (
        <p>
          {s.why} {why}
        </p>
      )}
      {mark.detail &&
        (why ? (
          // SES's own words stay at hand (a diagnostic to quote to the customer's provider), behind the wording.
          <details>
            <summary>{s.sesDetail}</summary>
            <q class="bounce-detail">{mark.detail}</q>
          </details>
        ) : (
          <p>
            {s.detail} <q class="bounce-detail">{mark.detail}</q>
          </p>
        ))}
      <p>{mark.reason === "bounce" ? s.bounceWhat : s.complaintWhat}</p>
      {!mayLift ? (
        <p class="admin-lifts">{s.adminLifts}</p>
      ) : asking ? (
        <div role="alertdialog" aria-labelledby="lift-question" class="confirm">
          <p id="lift-question">{s.liftConfirm}</p>
          <button type="button" onClick={lift}>
            {s.liftYes}
          </button>{" "}
          <button type="button" onClick={() => setAsking(false)}>
            {s.liftNo}
          </button>
        </div>
      ) : (
        <button type="button" onClick={() => setAsking(true)}>
          {s.lift}
        </button>
      )}
    </div>
  );
}

/** Who asked (and whether their address still takes mail), a search for their address, their other tickets. */
export function RequesterCard({
  ticket,
  history,
  changed,
}: {
  ticket: Ticket & { requesterUndeliverable?: RequesterUndeliverable | null };
  history: Ticket[];
  changed: (done: string) => void;
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
      {ticket.requesterUndeliverable && (
        <Undeliverable ticketId={ticket.id} mark={ticket.requesterUndeliverable} changed={changed} />
      )}
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
