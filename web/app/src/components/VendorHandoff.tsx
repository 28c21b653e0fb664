import { useEffect, useState } from "preact/hooks";
import { api } from "../api.ts";
import { LIMITS } from "../limits.ts";
import { t } from "../strings.ts";
import type { Ticket } from "../types.ts";
import { LimitedField } from "./LimitedField.tsx";
import type { Write } from "./TicketActions.tsx";

type Vendor = { id: string; name: string; email: string; responseMinutes: number | null };

/**
 * Hands the ticket to an external vendor (tier L4), picked by name, with what they should do: the vendor is
 * mailed a summary and their replies thread back. An open ticket only; the one holding it is named.
 */
export function VendorHandoff(props: {
  ticket: Ticket;
  write: Write;
  lastFailure: () => string;
  stale: boolean;
}) {
  const [vendors, setVendors] = useState<Vendor[] | null>(null);
  const [problem, setProblem] = useState("");
  // "Show the latest" ends the stale state: its "the ticket changed" message has been acted on.
  useEffect(() => {
    if (!props.stale) setProblem("");
  }, [props.stale]);
  const [vendorId, setVendorId] = useState("");
  const [message, setMessage] = useState("");
  const s = t.ticketActions;
  useEffect(() => {
    api<{ items: Vendor[] }>("/vendors")
      .then(({ data }) => setVendors(data.items))
      .catch(() => setVendors([]));
  }, []);
  const holding = props.ticket.vendor && vendors?.find((v) => v.id === props.ticket.vendor!.id);
  const open = !["solved", "closed"].includes(props.ticket.status);
  return (
    <section class="vendor-handoff" aria-labelledby="vendor-title">
      <h2 id="vendor-title">{s.vendor}</h2>
      {holding && <p>{s.vendorHolding(holding.name)}</p>}
      {vendors?.length === 0 && <p class="muted">{s.vendorNone}</p>}
      {open && vendors && vendors.length > 0 && (
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            setProblem("");
            const chosen = vendorId || vendors[0]!.id;
            const ok = await props.write(
              `/tickets/${props.ticket.id}/vendor`,
              "POST",
              { vendorId: chosen, message },
              s.vendorDone,
              // Still open and with nobody else's vendor: triage or another field moving does not matter.
              (seen, latest) =>
                latest.status !== "solved" &&
                latest.status !== "closed" &&
                seen.vendor?.id === latest.vendor?.id,
            );
            if (ok) setMessage("");
            else setProblem(`${t.day.notHandedOff} ${props.lastFailure()}`);
          }}
        >
          <label>
            {s.vendorPick}
            <select value={vendorId || vendors[0]!.id} onChange={(e) => setVendorId(e.currentTarget.value)}>
              {vendors.map((v) => (
                <option key={v.id} value={v.id}>
                  {v.name}
                </option>
              ))}
            </select>
          </label>
          <LimitedField
            label={s.vendorMessage}
            max={LIMITS.vendorMessage}
            rows={3}
            required
            value={message}
            onInput={(e) => setMessage(e.currentTarget.value)}
          />
          {problem && (
            <p role="alert" class="error">
              {problem}
            </p>
          )}
          <button type="submit">{s.vendorSend}</button>
        </form>
      )}
    </section>
  );
}
