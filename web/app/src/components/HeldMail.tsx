import { useState } from "preact/hooks";
import { shownAddress, shownName } from "../address.ts";
import { api } from "../api.ts";
import { errorText } from "../errors.ts";
import { isDeliveryReport, mayAccept } from "../held-mail.ts";
import { t } from "../strings.ts";
import type { Entry } from "../types.ts";

/**
 * Mail threaded onto the ticket from someone not on it: agents decide. Accept makes it public and copies the
 * sender from now on (never offered for automatic mail, which the server refuses); split gives the sender a ticket
 * of their own. A delivery report is no decision: it stays on the timeline for agents, read as a report.
 */
export function HeldMail(props: { ticketId: string; entries: Entry[]; changed: () => void }) {
  const [status, setStatus] = useState("");
  // Held mail of a ticket merged into this one is decided on that ticket, not here; a copy cut short in transit
  // through its complete copy (core/mail/complete-copy.ts).
  const waiting = props.entries.filter(
    (e) =>
      e.held &&
      !e.held.acceptedAt &&
      !e.held.splitTicketId &&
      !e.fromTicket &&
      !e.supersededBy &&
      !isDeliveryReport(e),
  );
  if (waiting.length === 0) return status ? <p role="status">{status}</p> : null;
  const act = async (entry: Entry, action: "accept" | "split") => {
    try {
      const { data } = await api<{ number?: number | null }>(
        `/tickets/${props.ticketId}/entries/${entry.id}/${action}`,
        { method: "POST" },
      );
      setStatus(action === "accept" ? t.held.accepted : `${t.held.splitInto} #${data.number ?? ""}`);
      props.changed();
    } catch (error) {
      setStatus(errorText(error));
    }
  };
  return (
    <section class="held" aria-label={t.held.label}>
      {waiting.map((entry) => (
        <div key={entry.id} class="notice">
          <p>
            <strong>
              {entry.author.name
                ? shownName(entry.author.name, entry.author.email ?? "")
                : shownAddress(entry.author.email ?? "")}
            </strong>{" "}
            ({shownAddress(entry.author.email ?? "")}): {t.held.label}
          </p>
          <blockquote>{(entry.body ?? "").slice(0, 300)}</blockquote>
          {mayAccept(entry) && (
            <>
              <button type="button" onClick={() => act(entry, "accept")}>
                {t.held.accept}
              </button>{" "}
            </>
          )}
          <button type="button" onClick={() => act(entry, "split")}>
            {t.held.split}
          </button>
        </div>
      ))}
      <p role="status">{status}</p>
    </section>
  );
}
