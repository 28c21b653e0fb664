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
  /** What the toast says when the action, once sent, did not go through (the agent may have left the page). */
  failed: string;
  /** Carries the action out; resolves to false (or rejects) when it did not go through. */
  commit: () => unknown;
  /** Carries the action out as the page goes away (a request that outlives the page). */
  flush: () => unknown;
}

let pending: (Undoable & { timer: ReturnType<typeof setTimeout> }) | null = null;
const listeners = new Set<(current: Undoable | null) => void>();
const notify = () => {
  for (const listener of listeners) listener(pending);
};
const failureListeners = new Set<(message: string) => void>();
/** Sends the action and says, through the toast on every page, when it did not go through. */
async function carryOut(action: Undoable) {
  let done: unknown;
  try {
    done = await action.commit();
  } catch {
    done = false;
  }
  if (done === false) for (const listener of failureListeners) listener(action.failed);
}

/** Waits UNDO_MS, then commits; an earlier waiting action is committed at once (one toast at a time). */
export function schedule(action: Undoable, ms = UNDO_MS) {
  if (pending?.key === action.key) return;
  commitNow();
  const timer = setTimeout(() => {
    if (pending?.timer !== timer) return;
    pending = null;
    notify();
    void carryOut(action);
  }, ms);
  pending = { ...action, timer };
  notify();
}

/** Takes the waiting action back: nothing was sent. Says whether there was one to take back. */
export function undo() {
  if (!pending) return false;
  clearTimeout(pending.timer);
  pending = null;
  notify();
  return true;
}

/** Drops the waiting action of this key without sending it (the agent decided otherwise meanwhile). */
export function cancel(key: string) {
  if (pending?.key === key) undo();
}

/** Sends the waiting action now (before signing out, or when another one is asked for). */
export function commitNow() {
  if (!pending) return Promise.resolve();
  const action = pending;
  clearTimeout(action.timer);
  pending = null;
  notify();
  return carryOut(action);
}

/** Listens for actions that were sent and did not go through. */
export function watchUndoFailures(listener: (message: string) => void) {
  failureListeners.add(listener);
  return () => {
    failureListeners.delete(listener);
  };
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
    notify();
    action.flush();
  });
