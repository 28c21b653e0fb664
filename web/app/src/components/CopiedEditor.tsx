import { shownAddress } from "../address.ts";
import { LIMITS } from "../limits.ts";
import { t } from "../strings.ts";
import type { Ticket } from "../types.ts";
import { ChipListEditor } from "./ChipListEditor.tsx";
import type { Write } from "./TicketActions.tsx";

const FIELD = "cc";

/** Who else gets the ticket's mail besides the requester: remove one with its button, add an address. */
export function CopiedEditor(props: {
  ticket: Ticket;
  write: Write;
  lastFailure: () => string;
  stale: boolean;
}) {
  const s = t.copied;
  return (
    <ChipListEditor
      {...props}
      field={FIELD}
      name="ticket-copied"
      words={{
        title: s.title,
        empty: s.nobody,
        input: s.address,
        add: s.add,
        remove: s.remove,
        notSaved: s.notSaved,
      }}
      show={shownAddress}
      normalize={(typed) => typed.trim().toLowerCase()}
      input={{ maxLength: LIMITS.address, email: true }}
      oneAtATime
    />
  );
}
