import { useEffect, useState } from "preact/hooks";
import { t } from "../strings.ts";
import type { Ticket } from "../types.ts";
import type { Write } from "./TicketActions.tsx";

/**
 * Who else gets the ticket's mail besides the requester: remove one with its button, add an address. A PATCH of
 * the whole list with the version shown, applied to a newer version only if the list did not change meanwhile.
 */
export function CopiedEditor(props: {
  ticket: Ticket;
  write: Write;
  lastFailure: () => string;
  stale: boolean;
}) {
  const [draft, setDraft] = useState("");
  const [problem, setProblem] = useState("");
  // One change at a time: a second click built from the list before the first landed would undo the first.
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!props.stale) setProblem("");
  }, [props.stale]);
  const { cc } = props.ticket;
  const s = t.copied;
  const save = async (next: string[]) => {
    setProblem("");
    setBusy(true);
    const ok = await props
      .write(
        `/tickets/${props.ticket.id}`,
        "PATCH",
        { cc: next },
        t.saved,
        (seen, latest) => seen.cc.join() === latest.cc.join(),
      )
      .finally(() => setBusy(false));
    if (!ok) setProblem(`${s.notSaved} ${props.lastFailure()}`);
    return ok;
  };
  return (
    <section class="ticket-copied" aria-labelledby="copied-title">
      <h2 id="copied-title">{s.title}</h2>
      {cc.length === 0 ? (
        <p class="muted">{s.nobody}</p>
      ) : (
        <ul class="chips">
          {cc.map((address) => (
            <li key={address}>
              {address}{" "}
              <button
                type="button"
                class="link"
                aria-label={s.remove(address)}
                disabled={busy}
                onClick={() => save(cc.filter((x) => x !== address))}
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
          const address = draft.trim().toLowerCase();
          if (!address || cc.includes(address)) return setDraft("");
          if (await save([...cc, address])) setDraft("");
        }}
      >
        <label>
          <span class="sr-only">{s.address}</span>
          <input
            type="email"
            required
            value={draft}
            maxLength={254}
            placeholder={s.address}
            onInput={(e) => setDraft(e.currentTarget.value)}
          />
        </label>
        <button type="submit" disabled={busy}>
          {s.add}
        </button>
      </form>
      {problem && (
        <p role="alert" class="error">
          {problem}
        </p>
      )}
    </section>
  );
}
