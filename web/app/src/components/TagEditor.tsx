import { LIMITS } from "../limits.ts";
import { t } from "../strings.ts";
import type { Ticket } from "../types.ts";
import { ChipListEditor } from "./ChipListEditor.tsx";
import type { Write } from "./TicketActions.tsx";

const FIELD = "tags";

/** The ticket's tags: remove one with its button, add one by name. */
export function TagEditor(props: {
  ticket: Ticket;
  write: Write;
  lastFailure: () => string;
  stale: boolean;
}) {
  const s = t.ticketActions;
  return (
    <ChipListEditor
      {...props}
      field={FIELD}
      name="ticket-tags"
      words={{
        title: s.tags,
        empty: s.noTags,
        input: s.newTag,
        add: s.addTag,
        remove: s.removeTag,
        notSaved: t.day.tagsNotSaved,
      }}
      normalize={(typed) => typed.trim()}
      input={{ maxLength: LIMITS.tag }}
    />
  );
}
