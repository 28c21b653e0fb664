import { useRef } from "preact/hooks";
import { useKeys } from "../keys.ts";
import { t } from "../strings.ts";

/** `?` lists the shortcuts in a modal dialog (Escape closes it, focus returns where it was). */
export function Shortcuts() {
  const dialog = useRef<HTMLDialogElement>(null);
  useKeys({ "?": () => dialog.current?.showModal() }, []);
  return (
    <dialog ref={dialog} aria-labelledby="shortcuts-title">
      <h2 id="shortcuts-title">{t.shortcuts}</h2>
      <dl class="shortcuts">
        {[...t.shortcutList, ...t.work.shortcuts].map(([key, what]) => (
          <>
            <dt>
              <kbd>{key}</kbd>
            </dt>
            <dd>{what}</dd>
          </>
        ))}
      </dl>
      <button type="button" onClick={() => dialog.current?.close()}>
        {t.close}
      </button>
    </dialog>
  );
}
