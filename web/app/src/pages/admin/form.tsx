import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { ApiError } from "../../api.ts";
import { t } from "../../strings.ts";

/**
 * One sentence for a failed call: the server's field messages (named by the screen's labels) when it gave any,
 * else its message. A single place per form shows it, so the same error never appears twice.
 */
export function describeError(error: unknown, labels: Record<string, string> = {}): string {
  if (!(error instanceof ApiError)) return t.admin.failed;
  const fields = Object.entries(error.fields);
  if (fields.length === 0) return error.message;
  return fields.map(([name, message]) => `${labels[name] ?? name}: ${message}`).join(" · ");
}

/** The outcome of the last save on a screen: an error (cleared by the next success) or a confirmation. */
export function useOutcome(labels?: Record<string, string>) {
  const [error, setError] = useState("");
  const [status, setStatus] = useState("");
  /** Runs a save; returns whether it worked. */
  const run = async (save: () => Promise<unknown>) => {
    setStatus("");
    try {
      const done = await save();
      setError("");
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

/** A form whose submit calls the API and shows the outcome (one error, or the confirmation) next to it. */
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
  return (
    <form
      class="stack"
      aria-label={props.label}
      onSubmit={async (event) => {
        event.preventDefault();
        const element = event.currentTarget as HTMLFormElement;
        if ((await outcome.run(() => props.submit(new FormData(element)))) && props.reset) element.reset();
      }}
    >
      {props.children}
      {outcome.view}
      <button type="submit">{props.button}</button>
    </form>
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
