import { useEffect, useRef, useState } from "preact/hooks";
import { shownAddress } from "../address.ts";
import { api } from "../api.ts";
import { errorText } from "../errors.ts";
import { shownText } from "../placeholders.ts";
import { t } from "../strings.ts";
import type { Ticket } from "../types.ts";

/**
 * "Merge into…": the number of the ticket to keep, then a confirmation naming both tickets (a merge closes this
 * one and tells its requester: it is not undone by a click). A merged ticket says where it went instead.
 */
export function MergeDialog(props: { ticket: Ticket; changed: (notice: string) => void }) {
  const [open, setOpen] = useState(false);
  const [number, setNumber] = useState("");
  const [target, setTarget] = useState<Ticket | null>(null);
  const [error, setError] = useState("");
  const s = t.ticketActions;
  const { ticket } = props;
  // Keyboard: each step takes the focus (the number, then Cancel: the safe answer of a confirmation), and Escape
  // or Cancel gives it back to "Merge into…"; the element that had it is gone from the page at each step.
  const opener = useRef<HTMLButtonElement>(null);
  const numberField = useRef<HTMLInputElement>(null);
  const cancelMerge = useRef<HTMLButtonElement>(null);
  const [returnFocus, setReturnFocus] = useState(false);
  useEffect(() => {
    if (target) cancelMerge.current?.focus();
    else if (open) numberField.current?.focus();
    else if (returnFocus) {
      opener.current?.focus();
      setReturnFocus(false);
    }
  }, [open, target, returnFocus]);
  const reset = () => {
    setOpen(false);
    setTarget(null);
    setNumber("");
    setError("");
  };
  const dismiss = () => {
    reset();
    setReturnFocus(true);
  };
  const failed = (failure: unknown) => setError(errorText(failure));

  const merged = (
    <>
      {ticket.mergedInto && (
        <p class="merged-into">
          {s.mergedInto} <a href={`/app/tickets/${ticket.mergedInto.id}`}>#{ticket.mergedInto.number}</a>
        </p>
      )}
      {ticket.mergedFrom.length > 0 && (
        <p class="merged-from">
          {s.mergedFrom}{" "}
          {ticket.mergedFrom.map((m, i) => (
            <span key={m.id}>
              {i > 0 && ", "}
              <a href={`/app/tickets/${m.id}`}>#{m.number}</a>
            </span>
          ))}
        </p>
      )}
    </>
  );
  if (ticket.mergedInto || ticket.status === "closed") return merged;
  return (
    <section
      class="merge"
      aria-label={s.mergeInto}
      onKeyDown={(e) => {
        if (e.key === "Escape" && open) {
          e.preventDefault();
          e.stopPropagation();
          dismiss();
        }
      }}
    >
      {merged}
      {!open && (
        <button type="button" ref={opener} onClick={() => setOpen(true)}>
          {s.mergeInto}
        </button>
      )}
      {open && !target && (
        <form
          class="inline"
          onSubmit={async (e) => {
            e.preventDefault();
            const n = number.trim().replace(/^#/, "");
            if (!/^\d+$/.test(n)) return setError(s.notANumber);
            setError("");
            try {
              setTarget((await api<Ticket>(`/tickets/by-number/${n}`)).data);
            } catch (failure) {
              failed(failure);
            }
          }}
        >
          <label>
            {s.mergeNumber}
            <input
              ref={numberField}
              inputMode="numeric"
              placeholder="#"
              value={number}
              onInput={(e) => setNumber(e.currentTarget.value)}
            />
          </label>
          <button type="submit">{s.next}</button>
          <button type="button" onClick={dismiss}>
            {s.cancel}
          </button>
        </form>
      )}
      {target && (
        <div role="alertdialog" aria-labelledby="merge-question" class="confirm">
          <p id="merge-question">{s.confirmMerge(ticket.number, target.number, shownText(target.subject))}</p>
          {target.requester.email !== ticket.requester.email && (
            <p class="warning">
              {t.mergePeople.otherRequester(
                ticket.number,
                shownAddress(ticket.requester.email),
                target.number,
              )}
            </p>
          )}
          <button
            type="button"
            class="danger"
            onClick={async () => {
              try {
                await api(`/tickets/${ticket.id}/merge`, { method: "POST", body: { into: target.id } });
                reset();
                props.changed(s.merged);
              } catch (failure) {
                failed(failure);
              }
            }}
          >
            {s.confirm}
          </button>{" "}
          <button type="button" ref={cancelMerge} onClick={dismiss}>
            {s.cancel}
          </button>
        </div>
      )}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
    </section>
  );
}
