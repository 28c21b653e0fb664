import { useState } from "preact/hooks";
import { api } from "../api.ts";
import { errorText } from "../errors.ts";
import { shownText } from "../placeholders.ts";
import { t } from "../strings.ts";
import type { Ticket } from "../types.ts";

/** Related tickets, linked both ways: listed with their subjects, added by number, removed one by one. */
export function TicketLinks(props: { ticket: Ticket; changed: (notice: string) => void }) {
  const [number, setNumber] = useState("");
  const [error, setError] = useState("");
  const s = t.ticketActions;
  const run = async (path: string, method: string, body: unknown, done: string) => {
    setError("");
    try {
      await api(path, { method, body });
      props.changed(done);
      return true;
    } catch (failure) {
      setError(errorText(failure));
      return false;
    }
  };
  return (
    <section class="ticket-links" aria-labelledby="links-title">
      <h2 id="links-title">{s.links}</h2>
      {props.ticket.links.length === 0 ? (
        <p class="muted">{s.noLinks}</p>
      ) : (
        <ul class="related">
          {props.ticket.links.map((link) => (
            <li key={link.id}>
              <a href={`/app/tickets/${link.id}`}>
                #{link.number} {shownText(link.subject)}
              </a>{" "}
              <button
                type="button"
                class="link"
                aria-label={s.unlink(link.number)}
                onClick={() =>
                  run(`/tickets/${props.ticket.id}/links/${link.id}`, "DELETE", undefined, s.unlinked)
                }
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        class="inline"
        onSubmit={async (e) => {
          e.preventDefault();
          const n = number.trim().replace(/^#/, "");
          if (!/^\d+$/.test(n)) return setError(s.notANumber);
          if (await run(`/tickets/${props.ticket.id}/links`, "POST", { ticketId: Number(n) }, s.linked))
            setNumber("");
        }}
      >
        <label>
          <span class="sr-only">{s.linkNumber}</span>
          <input
            inputMode="numeric"
            placeholder="#"
            value={number}
            onInput={(e) => setNumber(e.currentTarget.value)}
          />
        </label>
        <button type="submit">{s.addLink}</button>
      </form>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
    </section>
  );
}
