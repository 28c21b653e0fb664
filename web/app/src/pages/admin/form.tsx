import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { formErrors } from "../../errors.ts";
import { t } from "../../strings.ts";

/** A form whose submit calls the API and shows the server's field errors and outcome next to it. */
export function ApiForm(props: {
  label: string;
  submit: (form: FormData) => Promise<string | undefined>;
  children: ComponentChildren;
  button: string;
}) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState("");
  return (
    <form
      class="stack"
      aria-label={props.label}
      onSubmit={async (event) => {
        event.preventDefault();
        const element = event.currentTarget as HTMLFormElement;
        try {
          const done = await props.submit(new FormData(element));
          setErrors({});
          setStatus(done ?? t.common.saved);
        } catch (error) {
          setStatus("");
          setErrors(formErrors(error));
        }
      }}
    >
      {props.children}
      {Object.entries(errors).map(([name, message]) => (
        <p key={name} role="alert" class="error">
          {name === "form" ? message : `${name}: ${message}`}
        </p>
      ))}
      <p role="status">{status}</p>
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
