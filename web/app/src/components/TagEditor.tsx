import { useEffect, useState } from "preact/hooks";
import { t } from "../strings.ts";
import type { Ticket } from "../types.ts";
import type { Write } from "./TicketActions.tsx";

/**
 * The ticket's tags: remove one with its button, add one by name. A PATCH with the version shown, applied to a
 * newer version only if the tags did not change meanwhile (triage or another field moving leaves them alone).
 */
export function TagEditor(props: {
  ticket: Ticket;
  write: Write;
  lastFailure: () => string;
  stale: boolean;
}) {
  const [draft, setDraft] = useState("");
  const [problem, setProblem] = useState("");
  // "Show the latest" ends the stale state: its "the ticket changed" message has been acted on.
  useEffect(() => {
    if (!props.stale) setProblem("");
  }, [props.stale]);
  const { tags } = props.ticket;
  const s = t.ticketActions;
  const save = async (next: string[]) => {
    setProblem("");
    const ok = await props.write(
      `/tickets/${props.ticket.id}`,
      "PATCH",
      { tags: next },
      t.saved,
      (seen, latest) => seen.tags.join() === latest.tags.join(),
    );
    if (!ok) setProblem(`${t.day.tagsNotSaved} ${props.lastFailure()}`);
    return ok;
  };
  return (
    <section class="ticket-tags" aria-labelledby="tags-title">
      <h2 id="tags-title">{s.tags}</h2>
      {tags.length === 0 ? (
        <p class="muted">{s.noTags}</p>
      ) : (
        <ul class="chips">
          {tags.map((tag) => (
            <li key={tag}>
              {tag}{" "}
              <button
                type="button"
                class="link"
                aria-label={s.removeTag(tag)}
                onClick={() => save(tags.filter((x) => x !== tag))}
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
          const tag = draft.trim();
          if (!tag || tags.includes(tag)) return setDraft("");
          if (await save([...tags, tag])) setDraft("");
        }}
      >
        <label>
          <span class="sr-only">{s.newTag}</span>
          <input
            value={draft}
            maxLength={50}
            placeholder={s.newTag}
            onInput={(e) => setDraft(e.currentTarget.value)}
          />
        </label>
        <button type="submit">{s.addTag}</button>
      </form>
      {problem && (
        <p role="alert" class="error">
          {problem}
        </p>
      )}
    </section>
  );
}
