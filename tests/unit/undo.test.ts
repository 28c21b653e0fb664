import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  cancel,
  commitNow,
  schedule,
  UNDO_MS,
  type Undoable,
  undo,
  watchUndo,
  watchUndoFailures,
} from "../../web/app/src/undo.ts";

const action = (key: string) => {
  const calls = { commit: 0, flush: 0 };
  const undoable: Undoable = {
    key,
    message: key,
    failed: `${key} failed`,
    commit: () => calls.commit++,
    flush: () => calls.flush++,
  };
  return { undoable, calls };
};

describe("an undoable action (solve by keyboard)", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    undo();
    vi.useRealTimers();
  });

  it("is carried out only once the delay has passed", () => {
    const { undoable, calls } = action("solve:1");
    schedule(undoable);
    vi.advanceTimersByTime(UNDO_MS - 1);
    expect(calls.commit).toBe(0);
    vi.advanceTimersByTime(1);
    expect(calls.commit).toBe(1);
    vi.advanceTimersByTime(UNDO_MS * 2);
    expect(calls.commit).toBe(1);
  });

  it("never happens when undone, and tells whoever shows the toast", () => {
    const seen: (string | null)[] = [];
    const stop = watchUndo((current) => seen.push(current?.key ?? null));
    const { undoable, calls } = action("solve:2");
    schedule(undoable);
    undo();
    vi.advanceTimersByTime(UNDO_MS * 2);
    expect(calls.commit).toBe(0);
    expect(seen).toEqual([null, "solve:2", null]);
    stop();
  });

  it("keeps one waiting action: the same one twice waits once, another commits the first at once", () => {
    const first = action("solve:3");
    schedule(first.undoable);
    schedule(first.undoable);
    const second = action("solve:4");
    schedule(second.undoable);
    expect(first.calls.commit).toBe(1);
    expect(second.calls.commit).toBe(0);
    vi.advanceTimersByTime(UNDO_MS);
    expect(first.calls.commit).toBe(1);
    expect(second.calls.commit).toBe(1);
  });

  it("says whether undo took anything back, and cancel drops only its own key", () => {
    expect(undo()).toBe(false);
    const { undoable, calls } = action("solve:5");
    schedule(undoable);
    cancel("solve:other");
    expect(undo()).toBe(true);
    expect(undo()).toBe(false);
    schedule(undoable);
    cancel("solve:5");
    vi.advanceTimersByTime(UNDO_MS * 2);
    expect(calls.commit).toBe(0);
  });

  it("reports a commit that did not go through (false or thrown) to the failure listeners", async () => {
    const failures: string[] = [];
    const stop = watchUndoFailures((message) => failures.push(message));
    schedule({ key: "solve:6", message: "", failed: "refused", commit: async () => false, flush: () => 0 });
    await commitNow();
    schedule({
      key: "solve:7",
      message: "",
      failed: "thrown",
      commit: () => Promise.reject(new Error("offline")),
      flush: () => 0,
    });
    await commitNow();
    schedule({ key: "solve:8", message: "", failed: "never", commit: async () => true, flush: () => 0 });
    await commitNow();
    expect(failures).toEqual(["refused", "thrown"]);
    stop();
  });
});
