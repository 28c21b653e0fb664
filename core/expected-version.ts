/**
 * The versions a write may apply to, from its If-Match: one, any of several (a list of ETags), or undefined for no
 * condition (no If-Match, or `*`: any current representation, RFC 9110 §13.1.1).
 */
export type ExpectedVersion = number | readonly number[] | undefined;

/** Whether the stored `version` meets the write's condition. */
export const versionMatches = (expected: ExpectedVersion, version: number) =>
  expected === undefined ||
  (typeof expected === "number" ? expected === version : expected.includes(version));
