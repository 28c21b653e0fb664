import { useEffect } from "preact/hooks";

/** True when the key press belongs to a text field (shortcuts stay out of the way while typing). */
export const typing = (event: KeyboardEvent) => {
  const target = event.target as HTMLElement | null;
  return Boolean(target?.closest("input, textarea, select, [contenteditable=true]"));
};

/** Single-key shortcuts for the current screen; ignored while typing and with modifier keys. */
export function useKeys(bindings: Record<string, (event: KeyboardEvent) => void>, deps: unknown[]) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || typing(event)) return;
      const handler = bindings[event.key];
      if (handler) {
        event.preventDefault();
        handler(event);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, deps);
}
