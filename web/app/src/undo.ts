/**
 * One action waiting a few seconds before it is carried out, so it can be taken back (solve by keyboard). The
 * action is delayed rather than done and reverted: a revert would count as a reopen, and solving already
 * schedules the satisfaction survey and teaches triage. It lives outside any page, so leaving the ticket (`u`)
 * neither loses nor cancels it; leaving the app (reload, closed tab) carries it out at once.
 */
export const UNDO_MS = 5_000;

export interface Undoable {
  /** What will happen, as the toast says it. */
  message: string;
  /** Identifies the action: the same one asked twice while waiting is kept once. */
  key: string;
  commit: () => unknown;
  /** Carries the action out as the page goes away (a request that outlives the page). */
  flush: () => unknown;
}

let pending: (Undoable & { timer: ReturnType<typeof setTimeout> }) | null = null;
const listeners = new Set<(current: Undoable | null) => void>();
const notify = () => {
  for (const listener of listeners) listener(pending);
};

/** Waits UNDO_MS, then commits; an earlier waiting action is committed at once (one toast at a time). */
export function schedule(action: Undoable, ms = UNDO_MS) {
  if (pending?.key === action.key) return;
  commitNow();
  const timer = setTimeout(() => {
    if (pending?.timer !== timer) return;
    pending = null;
    notify();
    action.commit();
  }, ms);
  pending = { ...action, timer };
  notify();
}

/** Takes the waiting action back: nothing was sent. */
export function undo() {
  if (!pending) return;
  clearTimeout(pending.timer);
  pending = null;
  notify();
}

function commitNow() {
  if (!pending) return;
  const action = pending;
  clearTimeout(action.timer);
  pending = null;
  notify();
  action.commit();
}

export function watchUndo(listener: (current: Undoable | null) => void) {
  listeners.add(listener);
  listener(pending);
  return () => {
    listeners.delete(listener);
  };
}

if (typeof window !== "undefined")
  window.addEventListener("pagehide", () => {
    if (!pending) return;
    const action = pending;
    clearTimeout(action.timer);
    pending = null;
    action.flush();
  });
