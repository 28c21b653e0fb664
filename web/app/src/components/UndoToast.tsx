import { useEffect, useState } from "preact/hooks";
import { typing } from "../keys.ts";
import { t } from "../strings.ts";
import { type Undoable, undo, watchUndo, watchUndoFailures } from "../undo.ts";
import "../work.css";

/**
 * The toast of an action waiting to be carried out (solve by keyboard), on every page, with Undo; `z` undoes too
 * (the keyboard user who pressed `s` need not reach for the mouse).
 */
export function UndoToast() {
  const [waiting, setWaiting] = useState<Undoable | null>(null);
  const [said, setSaid] = useState("");
  const [failed, setFailed] = useState("");
  useEffect(() => watchUndo(setWaiting), []);
  // A solve refused after the agent moved on must not go unnoticed: it stays until dismissed.
  useEffect(() => watchUndoFailures(setFailed), []);
  useEffect(() => {
    if (!said) return;
    const timer = setTimeout(() => setSaid(""), 3_000);
    return () => clearTimeout(timer);
  }, [said]);
  useEffect(() => {
    if (!waiting) return;
    setSaid("");
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "z" || event.ctrlKey || event.metaKey || event.altKey || typing(event)) return;
      event.preventDefault();
      if (undo()) setSaid(t.work.undone);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [waiting]);
  return (
    <>
      {failed && (
        <div role="alert" class="undo-toast undo-failed">
          <span>{failed}</span>
          <button type="button" onClick={() => setFailed("")}>
            {t.workfix.dismiss}
          </button>
        </div>
      )}
      <div role="status" aria-live="polite" class={waiting || said ? "undo-toast" : "sr-only"}>
        {waiting ? (
          <>
            <span>{waiting.message}</span>
            <button
              type="button"
              onClick={() => {
                if (undo()) setSaid(t.work.undone);
              }}
            >
              {t.work.undo} <kbd>z</kbd>
            </button>
          </>
        ) : (
          said && <span>{said}</span>
        )}
      </div>
    </>
  );
}
