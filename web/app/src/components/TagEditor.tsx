import { useState } from "preact/hooks";
import { t } from "../strings.ts";
import type { Ticket } from "../types.ts";

/** The ticket's tags: remove one with its button, add one by name (a PATCH with the version shown). */
export function TagEditor(props: {
  ticket: Ticket;
  change: (patch: Record<string, unknown>) => Promise<boolean>;
}) {
  const [draft, setDraft] = useState("");
  const { tags } = props.ticket;
  const s = t.ticketActions;
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
                onClick={() => props.change({ tags: tags.filter((x) => x !== tag) })}
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
          if (await props.change({ tags: [...tags, tag] })) setDraft("");
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
    </section>
  );
}
