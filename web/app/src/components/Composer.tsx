import type { RefObject } from "preact";
import { useState } from "preact/hooks";
import { t } from "../strings.ts";

export type ComposerMode = "reply" | "note";

/**
 * Reply (mailed to the customer) or internal note. The draft lives here, outside the ticket's data, so a reload
 * after a stale write (412) never loses it; it is cleared only once the server took it.
 */
export function Composer(props: {
  mode: ComposerMode;
  setMode: (mode: ComposerMode) => void;
  field: RefObject<HTMLTextAreaElement | null>;
  onSend: (body: string, mode: ComposerMode, solve: boolean) => Promise<boolean>;
  /** Canned replies, with their placeholders already filled for this ticket. */
  canned: { id: string; title: string; text: string }[];
  onWriting: (writing: boolean) => void;
}) {
  const [draft, setDraftState] = useState("");
  const setDraft = (next: string) => {
    setDraftState(next);
    props.onWriting(next.trim().length > 0);
  };
  const [busy, setBusy] = useState(false);
  const send = async (solve: boolean) => {
    if (!draft.trim()) return;
    setBusy(true);
    if (await props.onSend(draft, props.mode, solve)) setDraft("");
    setBusy(false);
  };
  const label = props.mode === "reply" ? t.reply : t.internalNote;
  return (
    <form
      class={`composer ${props.mode}`}
      onSubmit={(e) => {
        e.preventDefault();
        send(false);
      }}
    >
      <div role="tablist" aria-label="Composer">
        <button
          type="button"
          role="tab"
          aria-selected={props.mode === "reply"}
          onClick={() => props.setMode("reply")}
        >
          {t.reply}
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={props.mode === "note"}
          onClick={() => props.setMode("note")}
        >
          {t.internalNote}
        </button>
      </div>
      {props.canned.length > 0 && (
        <label class="canned">
          Insert canned reply
          <select
            value=""
            onChange={(e) => {
              const chosen = props.canned.find((c) => c.id === e.currentTarget.value);
              if (chosen) setDraft(draft ? `${draft}\n\n${chosen.text}` : chosen.text);
              props.field.current?.focus();
            }}
          >
            <option value="">—</option>
            {props.canned.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title}
              </option>
            ))}
          </select>
        </label>
      )}
      <label class="sr-only" for="composer-text">
        {label}
      </label>
      <textarea
        id="composer-text"
        ref={props.field}
        rows={6}
        value={draft}
        onInput={(e) => setDraft(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            send(false);
          }
          if (e.key === "Escape") e.currentTarget.blur();
        }}
      />
      <div class="actions">
        {props.mode === "reply" ? (
          <>
            <button type="submit" disabled={busy}>
              {t.sendReply}
            </button>
            <button type="button" disabled={busy} onClick={() => send(true)}>
              {t.sendAndSolve}
            </button>
          </>
        ) : (
          <button type="submit" disabled={busy}>
            {t.addNote}
          </button>
        )}
      </div>
    </form>
  );
}
