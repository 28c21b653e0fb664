import type { RefObject } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { clearDraft, loadDraft, saveDraft } from "../drafts.ts";
import { withInserted } from "../kb-insert.ts";
import { useSession } from "../session.ts";
import { t } from "../strings.ts";
import { ArticleInsert } from "./ArticleInsert.tsx";
import { Attachments, dropHandlers, useNoStrayDrops, withAdded } from "./Attachments.tsx";
import { mentionAt, mentionChoices } from "./mention.ts";
import { SignaturePreview } from "./SignaturePreview.tsx";

export type ComposerMode = "reply" | "note";

/**
 * Reply (mailed to the customer) or internal note, with files (chosen or dropped on it). The draft lives here,
 * outside the ticket's data, so a reload after a stale write (412) never loses it, and in local storage with its
 * mode (drafts.ts), so `u`, Back or a reload don't either; it is cleared only once the server took it.
 */
export function Composer(props: {
  ticketId: string;
  mode: ComposerMode;
  setMode: (mode: ComposerMode) => void;
  field: RefObject<HTMLTextAreaElement | null>;
  onSend: (body: string, mode: ComposerMode, solve: boolean, files: File[]) => Promise<boolean>;
  /** Canned replies, with their placeholders already filled for this ticket. */
  canned: { id: string; title: string; text: string }[];
  onWriting: (writing: boolean) => void;
  /** Agents a note can mention (`@Name` mails them). */
  agents?: { id: string; name: string; email: string }[];
  /** The ticket's language: an inserted article links its version in it when one is published. */
  locale: "en" | "fr";
  /** Why the last send failed: shown beside the buttons, where the agent is looking (the page's notice may be scrolled away). */
  problem?: string;
}) {
  const { agent: me } = useSession();
  const [restored] = useState(() => loadDraft(me.id, props.ticketId));
  const [draft, setDraftState] = useState(restored?.body ?? "");
  const [files, setFiles] = useState<File[]>([]);
  const [fileProblem, setFileProblem] = useState("");
  const [dropping, setDropping] = useState(false);
  useEffect(() => {
    props.setMode(restored?.mode ?? "reply");
    if (restored?.body.trim()) props.onWriting(true);
  }, []);
  // Mode changes (tabs, `r`, `n`) are saved after render; text is saved as it is typed (below), since effects
  // of a page left at once (`u` right after typing) never run.
  useEffect(() => saveDraft(me.id, props.ticketId, draft, props.mode), [draft, props.mode]);
  // Mention completion (notes only): a small listbox under the text, driven from the textarea (textbox with aria-autocomplete, the listbox's active option named by aria-activedescendant).
  const [mention, setMention] = useState<{ start: number; query: string } | null>(null);
  const [active, setActive] = useState(0);
  const choices = props.mode === "note" && mention ? mentionChoices(props.agents ?? [], mention.query) : [];
  const pick = (name: string) => {
    const field = props.field.current;
    if (!mention || !field) return;
    const caret = field.selectionStart ?? draft.length;
    const next = `${draft.slice(0, mention.start)}@${name} ${draft.slice(caret)}`;
    setDraft(next);
    setMention(null);
    const at = mention.start + name.length + 2;
    requestAnimationFrame(() => {
      field.focus();
      field.setSelectionRange(at, at);
    });
  };
  // An article's line goes where the caret was (a textarea keeps its selection while the search has the focus),
  // in the text as it is now: the agent may have typed on while the article loaded (`draft` is this render's).
  const insertAtCaret = (line: string) => {
    const field = props.field.current;
    const now = field?.value ?? draft;
    const { text, caret } = withInserted(
      now,
      field?.selectionStart ?? now.length,
      field?.selectionEnd ?? now.length,
      line,
    );
    setDraft(text);
    requestAnimationFrame(() => {
      field?.focus();
      field?.setSelectionRange(caret, caret);
    });
  };
  const setDraft = (next: string) => {
    setDraftState(next);
    saveDraft(me.id, props.ticketId, next, props.mode);
    props.onWriting(next.trim().length > 0);
  };
  const [busy, setBusy] = useState(false);
  useNoStrayDrops();
  const form = useRef<HTMLFormElement>(null);
  const send = async (solve: boolean) => {
    if (!draft.trim()) return;
    // The focus goes back to the composer after the send only if it was there when the send started and the
    // agent did not send it elsewhere meanwhile (Escape, a click): their next one-key shortcut must not be typed
    // into the box.
    const wasHere = !!form.current?.contains(document.activeElement);
    let movedOn = false;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") movedOn = true;
    };
    const onPointer = (e: Event) => {
      if (!form.current?.contains(e.target as Node)) movedOn = true;
    };
    document.addEventListener("keydown", onKey, true);
    document.addEventListener("pointerdown", onPointer, true);
    setBusy(true);
    // finally: a send that throws (reading a file, the network) must not leave the composer busy for good.
    try {
      if (await props.onSend(draft, props.mode, solve, files)) {
        setDraft("");
        setFiles([]);
        setFileProblem("");
        clearDraft(me.id, props.ticketId);
      }
    } finally {
      setBusy(false);
      document.removeEventListener("keydown", onKey, true);
      document.removeEventListener("pointerdown", onPointer, true);
      // The disabled send button dropped the focus to the page: keyboard work goes on in the composer.
      const dropped = !document.activeElement || document.activeElement === document.body;
      if (wasHere && !movedOn && dropped) requestAnimationFrame(() => props.field.current?.focus());
    }
  };
  const label = props.mode === "reply" ? t.reply : t.internalNote;
  return (
    <form
      ref={form}
      aria-busy={busy}
      class={`composer ${props.mode}${dropping ? " dropping" : ""}`}
      {...dropHandlers((added) => {
        const next = withAdded(files, added);
        setFiles(next.files);
        setFileProblem(next.problem);
      }, setDropping)}
      onSubmit={(e) => {
        e.preventDefault();
        send(false);
      }}
    >
      <div role="tablist" aria-label={t.composer.label}>
        <button
          type="button"
          role="tab"
          aria-selected={props.mode === "reply"}
          onClick={() => {
            props.setMode("reply");
            saveDraft(me.id, props.ticketId, draft, "reply");
          }}
        >
          {t.reply}
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={props.mode === "note"}
          onClick={() => {
            props.setMode("note");
            saveDraft(me.id, props.ticketId, draft, "note");
          }}
        >
          {t.internalNote}
        </button>
      </div>
      {props.canned.length > 0 && (
        <label class="canned">
          {t.composer.canned}
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
      <ArticleInsert
        locale={props.locale}
        onInsert={insertAtCaret}
        done={() => props.field.current?.focus()}
      />
      <label class="sr-only" for="composer-text">
        {label}
      </label>
      <textarea
        id="composer-text"
        ref={props.field}
        rows={6}
        value={draft}
        aria-autocomplete={props.mode === "note" ? "list" : undefined}
        aria-controls={choices.length ? "mention-list" : undefined}
        aria-activedescendant={choices.length ? `mention-${active}` : undefined}
        onInput={(e) => {
          const field = e.currentTarget;
          setDraft(field.value);
          setMention(mentionAt(field.value, field.selectionStart ?? field.value.length));
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (choices.length) {
            if (e.key === "ArrowDown" || e.key === "ArrowUp") {
              e.preventDefault();
              const step = e.key === "ArrowDown" ? 1 : -1;
              setActive((active + step + choices.length) % choices.length);
              return;
            }
            if (e.key === "Enter" || e.key === "Tab") {
              e.preventDefault();
              pick(choices[active]!.name);
              return;
            }
            if (e.key === "Escape") {
              e.preventDefault();
              setMention(null);
              return;
            }
          }
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            send(false);
          }
          if (e.key === "Escape") e.currentTarget.blur();
        }}
      />
      {choices.length > 0 && (
        <div id="mention-list" role="listbox" aria-label={t.mentionAgent} class="mentions">
          {choices.map((agent, index) => (
            <div
              key={agent.id}
              id={`mention-${index}`}
              role="option"
              tabIndex={-1}
              aria-selected={index === active}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(agent.name);
              }}
            >
              {agent.name} <span class="muted">{agent.email}</span>
            </div>
          ))}
        </div>
      )}
      {restored?.body && draft === restored.body && <p class="draft-note">{t.work.draftRestored}</p>}
      {dropping && (
        <p class="drop-note" aria-hidden="true">
          {t.work.dropHere}
        </p>
      )}
      <Attachments
        id="composer-files"
        files={files}
        setFiles={setFiles}
        problem={fileProblem}
        setProblem={setFileProblem}
      />
      {props.problem && !busy && (
        <p role="alert" class="error">
          {t.day.notSent} {props.problem}
        </p>
      )}
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
      {busy && (
        <p role="status" class="muted">
          {props.mode === "reply" ? t.work.sendingReply : t.work.savingNote}
        </p>
      )}
      {props.mode === "reply" && <SignaturePreview />}
    </form>
  );
}
