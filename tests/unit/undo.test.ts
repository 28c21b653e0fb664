import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { schedule, UNDO_MS, type Undoable, undo, watchUndo } from "../../web/app/src/undo.ts";

const action = (key: string) => {
  const calls = { commit: 0, flush: 0 };
  const undoable: Undoable = {
    key,
    message: key,
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
});
