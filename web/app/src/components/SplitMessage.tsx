import { useState } from "preact/hooks";
import { api } from "../api.ts";
import { errorText } from "../errors.ts";
import { splitInTimeline } from "../held-mail.ts";
import { t } from "../strings.ts";
import type { Entry } from "../types.ts";

/**
 * On a customer message of this ticket: split it into a new ticket (its author, text and attachments), or,
 * once split, the ticket it became. Held mail keeps its own accept/split choice (HeldMail.tsx), but for what
 * reads as a delivery report, which the held bar leaves out.
 */
export function SplitMessage(props: { ticketId: string; entry: Entry; changed: (notice: string) => void }) {
  const [error, setError] = useState("");
  const { entry } = props;
  const s = t.ticketActions;
  if (entry.kind !== "customer_message" || entry.fromTicket) return null;
  const made =
    entry.splitInto ??
    (entry.held?.splitTicketId
      ? { id: entry.held.splitTicketId, number: entry.held.splitTicketNumber }
      : null);
  if (made)
    return (
      <p class="split-into">
        {s.splitInto} <a href={`/app/tickets/${made.id}`}>#{made.number}</a>
      </p>
    );
  if (!splitInTimeline(entry)) return null;
  return (
    <>
      <button
        type="button"
        class="link"
        onClick={async () => {
          setError("");
          try {
            const { data } = await api<{ ticketId: string; number: number }>(
              `/tickets/${props.ticketId}/split`,
              {
                method: "POST",
                body: { entryId: entry.id },
              },
            );
            props.changed(`${s.splitDone} #${data.number}`);
          } catch (failure) {
            setError(errorText(failure));
          }
        }}
      >
        {s.split}
      </button>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
    </>
  );
}
