import { timeLeft, when } from "../format.ts";
import { t } from "../strings.ts";
import type { Ticket } from "../types.ts";

/** The deadline that matters now, with time left (or how late), coloured by the ticket's SLA state. */
export function SlaBadge({ ticket }: { ticket: Ticket }) {
  const { sla } = ticket;
  if (sla.state === "paused") return <span class="sla paused">{t.paused}</span>;
  const due = sla.firstResponseDueAt ?? sla.resolutionDueAt;
  if (!due || ticket.status === "solved" || ticket.status === "closed") return <span class="sla">—</span>;
  const left = timeLeft(due);
  return (
    <span class={`sla ${sla.state ?? "ok"}`} title={when(due)}>
      {left.text} {left.late ? t.late : t.left}
    </span>
  );
}
