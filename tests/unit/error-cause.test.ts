import { describe, expect, it } from "vitest";
import { someCause } from "../../core/error.ts";
import { surelyRefused } from "../../core/ticket/commit.ts";
import { isTransient } from "../../functions/api/errors.ts";

const wrapped = (inner: unknown, depth: number): unknown =>
  depth === 0 ? inner : Object.assign(new Error("ElectroDB"), { cause: wrapped(inner, depth - 1) });

describe("an error's causes", () => {
  it("are walked a few links deep, and a cause pointing back at itself ends the walk", () => {
    const loop = Object.assign(new Error("loop"), { cause: undefined as unknown });
    loop.cause = loop;
    expect(someCause(loop, ({ name }) => name === "Nope")).toBe(false);
    expect(someCause(wrapped({ name: "Deep" }, 3), ({ name }) => name === "Deep")).toBe(true);
    expect(someCause(wrapped({ name: "Deep" }, 8), ({ name }) => name === "Deep")).toBe(false);
    expect(someCause("a string", () => true)).toBe(false);
    expect(someCause(null, () => true)).toBe(false);
  });
  it("decide a refused transaction and a transient failure, wrapped or not", () => {
    expect(surelyRefused(wrapped({ name: "TransactionCanceledException" }, 2))).toBe(true);
    expect(surelyRefused(wrapped({ name: "TimeoutError" }, 1))).toBe(false);
    expect(isTransient(wrapped({ name: "ThrottlingException" }, 2))).toBe(true);
    expect(isTransient(wrapped({ code: "ECONNREFUSED" }, 1))).toBe(true);
    expect(isTransient(wrapped({ code: "ECONNRESET" }, 1))).toBe(false);
  });
});
