import { t } from "../strings.ts";
import type { Ticket } from "../types.ts";
import { CustomerLink } from "./CustomerLink.tsx";
import { MergeDialog } from "./MergeDialog.tsx";
import { TagEditor } from "./TagEditor.tsx";
import { TicketLinks } from "./TicketLinks.tsx";
import { VendorHandoff } from "./VendorHandoff.tsx";

/**
 * The side panel's everyday actions, mounted by the ticket page in one place: tags, related tickets, vendor
 * hand-off, merge, the customer link. Field changes go through the page's versioned writes (`change`,
 * `write`); the others are idempotent on the server and end with `changed` (reload and say what happened).
 */
export function TicketActions(props: {
  ticket: Ticket;
  change: (patch: Record<string, unknown>) => Promise<boolean>;
  write: (path: string, method: string, body: unknown, done: string) => Promise<boolean>;
  changed: (notice: string) => void;
}) {
  return (
    <section class="ticket-actions" aria-label={t.ticketActions.actions}>
      <TagEditor ticket={props.ticket} change={props.change} />
      <TicketLinks ticket={props.ticket} changed={props.changed} />
      <VendorHandoff ticket={props.ticket} write={props.write} />
      <MergeDialog ticket={props.ticket} changed={props.changed} />
      <CustomerLink ticketId={props.ticket.id} />
    </section>
  );
}
