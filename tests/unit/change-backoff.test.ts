import { describe, expect, it } from "vitest";
import { backoffMs, MAX_CHANGE_ATTEMPTS } from "../../core/ticket/commit.ts";

describe("retry backoff for appends without If-Match", () => {
  it("grows exponentially up to a cap, with full jitter, and stays bounded overall", () => {
    const top = () => 0.999999;
    expect([1, 2, 3, 4].map((attempt) => backoffMs(attempt, top))).toEqual([19, 39, 79, 159]);
    expect(backoffMs(12, top)).toBe(999);
    expect(backoffMs(5, () => 0)).toBe(0);
    let worst = 0;
    for (let attempt = 1; attempt < MAX_CHANGE_ATTEMPTS; attempt++) worst += backoffMs(attempt, top);
    expect(worst).toBeLessThan(10_000);
  });
});
