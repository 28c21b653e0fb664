import { useEffect, useRef } from "preact/hooks";
import { addFiles } from "../attachment-files.ts";
import { locale } from "../locale.ts";
import { t } from "../strings.ts";
import "../work.css";

const kb = new Intl.NumberFormat(locale, { style: "unit", unit: "kilobyte", maximumFractionDigits: 0 });
const mb = new Intl.NumberFormat(locale, { style: "unit", unit: "megabyte", maximumFractionDigits: 1 });
export const fileSize = (bytes: number) =>
  bytes >= 1024 * 1024 ? mb.format(bytes / 1024 / 1024) : kb.format(Math.max(1, Math.ceil(bytes / 1024)));

/** Adds files (from the picker or a drop) within the limits, or reports the limit they break. */
export function withAdded(files: File[], added: File[]) {
  return addFiles(files, added, { tooMany: t.work.tooManyFiles, tooLarge: t.work.filesTooLarge });
}

/**
 * The files going out with a message: a button to choose them (drops are handled by the surrounding form), the
 * chosen ones with their size and a way to remove each, and the limit a choice broke.
 */
export function Attachments(props: {
  id: string;
  files: File[];
  setFiles: (files: File[]) => void;
  problem: string;
  setProblem: (problem: string) => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <div class="attach">
      <input
        ref={input}
        id={props.id}
        type="file"
        multiple
        class="sr-only"
        aria-describedby={`${props.id}-hint`}
        onChange={(e) => {
          const { files, problem } = withAdded(props.files, [...(e.currentTarget.files ?? [])]);
          props.setFiles(files);
          props.setProblem(problem);
          // The same file can be chosen again after it was removed.
          e.currentTarget.value = "";
        }}
      />
      {/* The input stays in the page (keyboard, screen readers, tests); its label is what people see. */}
      <label class="attach-button" for={props.id}>
        {t.work.attachFiles}
      </label>{" "}
      <span id={`${props.id}-hint`} class="muted">
        {/* Dropping files needs a mouse: a touch screen is offered the button alone (style.css, `.drop-only`). */}
        <span class="drop-only">{t.work.attachDropHint} </span>
        {t.work.attachLimits}
      </span>
      {props.problem && (
        <p role="alert" class="error">
          {props.problem}
        </p>
      )}
      {props.files.length > 0 && (
        <ul class="chosen-files" aria-label={t.work.chosenFiles}>
          {props.files.map((file, index) => (
            <li key={`${file.name}-${index}`}>
              <span>{file.name}</span> <span class="muted">{fileSize(file.size)}</span>{" "}
              <button
                type="button"
                class="link"
                aria-label={t.work.removeFile(file.name)}
                onClick={() => {
                  props.setFiles(props.files.filter((_, i) => i !== index));
                  props.setProblem("");
                  input.current?.focus();
                }}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Drag-and-drop onto a form: highlights it while files are over it and adds what is dropped. */
export function dropHandlers(onFiles: (files: File[]) => void, setOver: (over: boolean) => void) {
  const hasFiles = (e: DragEvent) => [...(e.dataTransfer?.types ?? [])].includes("Files");
  return {
    onDragOver: (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      setOver(true);
    },
    onDragLeave: (e: DragEvent) => {
      if (!(e.currentTarget as HTMLElement).contains(e.relatedTarget as Node | null)) setOver(false);
    },
    onDrop: (e: DragEvent) => {
      if (!e.dataTransfer?.files.length) return;
      e.preventDefault();
      setOver(false);
      onFiles([...e.dataTransfer.files]);
    },
  };
}

/**
 * While a page takes dropped files, files dropped beside its drop zone are ignored rather than opened by the
 * browser, which would leave the page and lose what the agent typed.
 */
export function useNoStrayDrops() {
  useEffect(() => {
    const ignore = (e: DragEvent) => {
      if ([...(e.dataTransfer?.types ?? [])].includes("Files")) e.preventDefault();
    };
    window.addEventListener("dragover", ignore);
    window.addEventListener("drop", ignore);
    return () => {
      window.removeEventListener("dragover", ignore);
      window.removeEventListener("drop", ignore);
    };
  }, []);
}
