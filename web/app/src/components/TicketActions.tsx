import { t } from "../strings.ts";
import type { Ticket, TicketWithTimeline } from "../types.ts";
import { CopiedEditor } from "./CopiedEditor.tsx";
import { CustomerLink } from "./CustomerLink.tsx";
import { MergeDialog } from "./MergeDialog.tsx";
import { TagEditor } from "./TagEditor.tsx";
import { TicketLinks } from "./TicketLinks.tsx";
import { VendorHandoff } from "./VendorHandoff.tsx";

/** The ticket page's versioned write: on a 412, `unchanged` says whether the change still holds on the latest. */
export type Write = (
  path: string,
  method: string,
  body: unknown,
  done: string,
  unchanged?: (seen: TicketWithTimeline, latest: TicketWithTimeline) => boolean,
) => Promise<boolean>;

/**
 * The side panel's everyday actions, mounted by the ticket page in one place: tags, related tickets, vendor
 * hand-off, merge, the customer link. Tags and hand-offs go through the page's versioned write (`write`); the others are idempotent on the server and end with `changed` (reload and say what happened).
 */
export function TicketActions(props: {
  ticket: Ticket;
  write: Write;
  changed: (notice: string) => void;
  /** Why the page's last write failed: told beside the form that made it (the page's notice may be out of sight). */
  lastFailure: () => string;
  /** The page says the ticket changed meanwhile (until the agent shows the latest). */
  stale: boolean;
}) {
  return (
    <section class="ticket-actions" aria-label={t.ticketActions.actions}>
      <TagEditor
        ticket={props.ticket}
        write={props.write}
        lastFailure={props.lastFailure}
        stale={props.stale}
      />
      <CopiedEditor
        ticket={props.ticket}
        write={props.write}
        lastFailure={props.lastFailure}
        stale={props.stale}
      />
      <TicketLinks ticket={props.ticket} changed={props.changed} />
      <VendorHandoff
        ticket={props.ticket}
        write={props.write}
        lastFailure={props.lastFailure}
        stale={props.stale}
      />
      <MergeDialog ticket={props.ticket} changed={props.changed} />
      <CustomerLink ticketId={props.ticket.id} />
    </section>
  );
}
