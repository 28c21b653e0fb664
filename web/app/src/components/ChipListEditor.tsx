import type { InputHTMLAttributes } from "preact";
import { useEffect, useState } from "preact/hooks";
import { lengthProblem } from "../limits.ts";
import { t } from "../strings.ts";
import type { Ticket } from "../types.ts";
import type { Write } from "./TicketActions.tsx";

const EMAIL: InputHTMLAttributes<HTMLInputElement> = { type: "email", required: true };

/** The ticket's fields that are a list of short strings, each edited as chips. */
type ListField = "tags" | "cc";

/**
 * One of the ticket's lists as chips: remove one with its button, add one in the field. A PATCH of the whole list
 * with the version shown, applied to a newer version only if the list did not change meanwhile (triage or another
 * field moving leaves it alone). Failures are told here, in sight of the list.
 */
export function ChipListEditor(props: {
  ticket: Ticket;
  write: Write;
  lastFailure: () => string;
  stale: boolean;
  field: ListField;
  /** The section's class, and its heading's id prefix. */
  name: string;
  words: {
    title: string;
    empty: string;
    input: string;
    add: string;
    remove: (item: string) => string;
    notSaved: string;
  };
  /** How an item is shown, when not as it is kept (an address's domain in Unicode). */
  show?: (item: string) => string;
  /** How a typed item is kept (trimmed at least). */
  normalize: (typed: string) => string;
  /**
   * The field: at most this long (the server's limit; longer is said under the field, never cut); an address
   * field is typed email and required.
   */
  input: { maxLength: number; email?: boolean };
  /** One change at a time: a second click built from the list before the first landed would undo the first. */
  oneAtATime?: boolean;
}) {
  const [draft, setDraft] = useState("");
  const [problem, setProblem] = useState("");
  const [busy, setBusy] = useState(false);
  // "Show the latest" ends the stale state: its "the ticket changed" message has been acted on.
  useEffect(() => {
    if (!props.stale) setProblem("");
  }, [props.stale]);
  const { field, words } = props;
  const items = props.ticket[field];
  const locked = Boolean(props.oneAtATime && busy);
  const tooLong = lengthProblem(props.normalize(draft), props.input.maxLength);
  const save = async (next: string[]) => {
    setProblem("");
    setBusy(true);
    const ok = await props
      .write(
        `/tickets/${props.ticket.id}`,
        "PATCH",
        { [field]: next },
        t.saved,
        (seen, latest) => seen[field].join() === latest[field].join(),
      )
      .finally(() => setBusy(false));
    if (!ok) setProblem(`${words.notSaved} ${props.lastFailure()}`);
    return ok;
  };
  return (
    <section class={props.name} aria-labelledby={`${props.name}-title`}>
      <h2 id={`${props.name}-title`}>{words.title}</h2>
      {items.length === 0 ? (
        <p class="muted">{words.empty}</p>
      ) : (
        <ul class="chips">
          {items.map((item) => (
            <li key={item}>
              {props.show?.(item) ?? item}{" "}
              <button
                type="button"
                class="link"
                aria-label={words.remove(props.show?.(item) ?? item)}
                disabled={locked}
                onClick={() => save(items.filter((x) => x !== item))}
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
          const item = props.normalize(draft);
          if (tooLong) return;
          if (!item || items.includes(item)) return setDraft("");
          if (await save([...items, item])) setDraft("");
        }}
      >
        <label>
          <span class="sr-only">{words.input}</span>
          <input
            {...(props.input.email ? EMAIL : {})}
            value={draft}
            aria-invalid={tooLong ? "true" : undefined}
            aria-describedby={tooLong ? `${props.name}-too-long` : undefined}
            placeholder={words.input}
            onInput={(e) => setDraft(e.currentTarget.value)}
          />
        </label>
        <button type="submit" disabled={locked}>
          {words.add}
        </button>
      </form>
      {tooLong && (
        <p id={`${props.name}-too-long`} role="alert" class="error">
          {tooLong}
        </p>
      )}
      {problem && (
        <p role="alert" class="error">
          {problem}
        </p>
      )}
    </section>
  );
}
