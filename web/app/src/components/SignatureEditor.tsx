import { useState } from "preact/hooks";
import { MAX_SIGNATURE_CHARS } from "../../../../core/agent/signature.ts";
import { ApiError } from "../api.ts";
import { errorText } from "../errors.ts";
import { t } from "../strings.ts";

/**
 * A reply signature's text field, its count and its save: the one editor behind both "My signature" (/app/me) and
 * an admin's Agents screen, so both show the server's limits and its refusals (core/agent/signature.ts) alike.
 */
export function SignatureEditor(props: {
  /** The text field's id; its count is `<id>-count`. */
  id: string;
  initial: string;
  label: string;
  button: string;
  /** Ids of what else describes the field (an intro). */
  describedBy?: string;
  /** Saves the typed text; answers the text as the server tidied it, and what to tell the user. */
  save: (text: string) => Promise<{ saved: string; said: string }>;
}) {
  const [text, setText] = useState(props.initial);
  // A signature changed elsewhere (the agent's own, which refused an admin's stale save, then reloaded) replaces
  // what was typed: the field shows what a next save would overwrite.
  const [shown, setShown] = useState(props.initial);
  if (props.initial !== shown) {
    setShown(props.initial);
    setText(props.initial);
  }
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState("");
  const [done, setDone] = useState("");
  const count = `${props.id}-count`;
  const save = async () => {
    setBusy(true);
    setProblem("");
    setDone("");
    try {
      const { saved, said } = await props.save(text);
      setText(saved);
      setDone(said);
    } catch (error) {
      setProblem((error instanceof ApiError && t.signature.errors[error.code]) || errorText(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <label for={props.id}>{props.label}</label>
      <textarea
        id={props.id}
        rows={6}
        value={text}
        aria-describedby={[props.describedBy, count].filter(Boolean).join(" ")}
        aria-invalid={problem ? true : undefined}
        onInput={(e) => {
          setText(e.currentTarget.value);
          setDone("");
        }}
      />
      <p id={count} class="muted">
        {t.signature.count(text.length, MAX_SIGNATURE_CHARS)}
      </p>
      {problem && (
        <p role="alert" class="error">
          {problem}
        </p>
      )}
      {done && <p role="status">{done}</p>}
      <button type="submit" disabled={busy}>
        {props.button}
      </button>
    </form>
  );
}
