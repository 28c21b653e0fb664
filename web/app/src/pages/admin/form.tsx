import { type ComponentChildren, Fragment } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError } from "../../api.ts";
import { errorText, fieldText } from "../../errors.ts";
import { t } from "../../strings.ts";

/**
 * One sentence for a failed call: the server's field messages (named by the screen's labels) when it gave any,
 * else its message. A single place per form shows it, so the same error never appears twice.
 */
export function describeError(error: unknown, labels: Record<string, string> = {}): string {
  if (!(error instanceof ApiError)) return t.admin.failed;
  // A known code reads from the catalogue (in the agent's language); the server's text is English.
  const known = t.admin.more.errors[error.code];
  const fields = Object.entries(error.fields);
  if (fields.length === 0) return known ?? errorText(error);
  // "keywords.2" is the third keyword: the admin reads the field's label, the most precise one the screen gives
  // ("week.mon.0.1" reads "week.mon", Monday, when the screen labels it, else "week").
  const label = (name: string) => {
    const parts = name.split(".");
    for (let n = parts.length; n > 0; n--) {
      const found = labels[parts.slice(0, n).join(".")];
      if (found) return found;
    }
    return t.admin.more.thisField;
  };
  // The server words field errors in English; the catalogue has the admin's language for the ones it knows.
  const lines = fields.map(([name]) => t.fieldErrors.line(label(name), known ?? fieldText(error, name)));
  return [...new Set(lines)].join(" · ");
}

/** The outcome of the last save on a screen: an error (cleared by the next success) or a confirmation. */
export function useOutcome(labels?: Record<string, string>) {
  const [error, setError] = useState("");
  const [status, setStatus] = useState("");
  /** Runs a save; returns whether it worked. */
  const run = async (save: () => Promise<unknown>) => {
    setStatus("");
    // The same error again is emptied first, so a screen reader announces it again.
    setError("");
    try {
      const done = await save();
      setStatus(typeof done === "string" && done ? done : t.admin.saved);
      return true;
    } catch (failure) {
      setError(describeError(failure, labels));
      return false;
    }
  };
  const view = (
    <>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      <p role="status">{status}</p>
    </>
  );
  return { run, view };
}

/**
 * A form whose submit calls the API and shows the outcome (one error, or the confirmation) next to it.
 * Its fields are uncontrolled (defaultValue, defaultChecked, option `selected`): a refused save leaves what the
 * admin typed in place, and saving another form on the screen leaves this one's unsaved edits alone. After a
 * success the fields are built again (a new key) from the values the screen reloaded.
 */
export function ApiForm(props: {
  label: string;
  submit: (form: FormData) => Promise<string | undefined>;
  children: ComponentChildren;
  button: string;
  /** API field name → the label the admin reads, for field errors. */
  labels?: Record<string, string>;
  /** Empty the form after a success (a "new …" form). */
  reset?: boolean;
}) {
  const outcome = useOutcome(props.labels);
  const [generation, setGeneration] = useState(0);
  const [busy, setBusy] = useState(false);
  const running = useRef(false);
  return (
    <form
      class="stack"
      aria-label={props.label}
      onSubmit={async (event) => {
        event.preventDefault();
        // One request at a time (a second Enter while the first runs is ignored).
        if (running.current) return;
        running.current = true;
        setBusy(true);
        const element = event.currentTarget as HTMLFormElement;
        try {
          if (await outcome.run(() => props.submit(new FormData(element)))) {
            if (props.reset) element.reset();
            setGeneration((g) => g + 1);
          }
        } finally {
          running.current = false;
          setBusy(false);
        }
      }}
    >
      <Fragment key={generation}>{props.children}</Fragment>
      {outcome.view}
      <button type="submit" disabled={busy}>
        {props.button}
      </button>
    </form>
  );
}

/** A wide table that scrolls by itself (not the page) on a narrow screen; reachable by keyboard. */
export function TableScroll(props: { label: string; children: ComponentChildren }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (WCAG 2.1.1).
    <section class="table-scroll" aria-label={t.admin.more.tableOf(props.label)} tabIndex={0}>
      {props.children}
    </section>
  );
}

/** A button that asks before it does something that cannot be undone (inline: no browser dialog). */
export function ConfirmButton(props: {
  label: string;
  question: string;
  yes: string;
  onConfirm: () => void;
}) {
  const [asking, setAsking] = useState(false);
  const cancel = useRef<HTMLButtonElement>(null);
  // The clicked button is gone: keyboard focus goes to the safe answer.
  useEffect(() => {
    if (asking) cancel.current?.focus();
  }, [asking]);
  if (!asking)
    return (
      <button type="button" onClick={() => setAsking(true)}>
        {props.label}
      </button>
    );
  return (
    <span class="confirm">
      {props.question}{" "}
      <button
        type="button"
        onClick={() => {
          setAsking(false);
          props.onConfirm();
        }}
      >
        {props.yes}
      </button>{" "}
      <button type="button" ref={cancel} onClick={() => setAsking(false)}>
        {t.admin.more.cancel}
      </button>
    </span>
  );
}

export const text = (form: FormData, name: string) => String(form.get(name) ?? "").trim();
export const list = (value: string) =>
  value
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
/** The id the API needs for a new team, category or vendor, made from its name (admins never type ids). */
export const slugOf = (name: string) =>
  name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");

/** Ids the API refuses or reads as something else: the whole desk, no team, nobody, the KB's "no category". */
const RESERVED_IDS = ["all", "none", "unassigned", "general"];

/**
 * The ids to try for a new item named `name`, best first: its slug, then `-2`, `-3`… (a near-duplicate name, or a
 * reserved word, gets the next free one); a name with no Latin letter or digit gets a generated id.
 */
export function idsFor(name: string): string[] {
  const slug = slugOf(name) || `x-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const base = slug.slice(0, 37).replace(/-+$/, "");
  const suffixed = Array.from({ length: 8 }, (_, i) => `${base}-${i + 2}`);
  return RESERVED_IDS.includes(slug) ? suffixed : [slug, ...suffixed];
}

/** Creates an item under the first free id made from its name (409 already_exists: the next one). */
export async function createNamed<T>(name: string, create: (id: string) => Promise<T>): Promise<T> {
  const ids = idsFor(name);
  for (const [i, id] of ids.entries()) {
    try {
      return await create(id);
    } catch (error) {
      const taken = error instanceof ApiError && error.status === 409 && error.code === "already_exists";
      if (!taken || i === ids.length - 1) throw error;
    }
  }
  throw new Error("unreachable");
}
