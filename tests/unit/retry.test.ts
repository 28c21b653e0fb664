import { describe, expect, it } from "vitest";
import {
  RETRY_ROUND_FIELD,
  retryDelaySeconds,
  retryRoundOf,
  withRetryRound,
} from "../../core/ops/retry-round.ts";
import { retryPolicy } from "../../infra/topology.ts";

describe("retryDelaySeconds", () => {
  it("doubles from the base on each round, capped at 15 minutes", () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => retryDelaySeconds(n, {}))).toEqual([
      60, 120, 240, 480, 900, 900, 900,
    ]);
    expect(retryDelaySeconds(3, { DESK_RETRY_BASE_S: "10" })).toBe(40);
    expect(retryDelaySeconds(5, { DESK_RETRY_BASE_S: "10", DESK_RETRY_MAX_S: "1" })).toBe(1);
  });

  it("rides out a several-minute outage before DeadLetters: about an hour of rounds after Lambda's own 3 minutes", () => {
    // Lambda's attempts: now, ~1 min and ~3 min later (3 attempts per round, the first round the platform's own).
    const lambdaSpanSeconds = 180 * (retryPolicy.rounds + 1);
    let rounds = 0;
    for (let n = 1; n <= retryPolicy.rounds; n++) rounds += retryDelaySeconds(n, {});
    expect(rounds).toBeGreaterThanOrEqual(60 * 60);
    expect(rounds + lambdaSpanSeconds).toBeLessThan(2 * 3600);
    expect(retryPolicy.lambdaRetries).toBe(2);
    // Lambda drops older events without an on-failure record: its maximum age, 6 hours, outlasts every round.
    expect(retryPolicy.maxEventAgeSeconds).toBe(21_600);
    expect(rounds + lambdaSpanSeconds).toBeLessThan(retryPolicy.maxEventAgeSeconds);
  });

  it("never asks SQS for more than its 12-hour maximum, nor a negative delay", () => {
    expect(retryDelaySeconds(50, { DESK_RETRY_BASE_S: "180", DESK_RETRY_MAX_S: "99999" })).toBe(43_200);
    expect(retryDelaySeconds(0, { DESK_RETRY_BASE_S: "10" })).toBe(10);
  });
});

describe("the round counter in the payload", () => {
  it("is 0 for the platform's own delivery and survives in the payload Lambda hands back", () => {
    const event = { Records: [{ Sns: { Message: "{}" } }] };
    expect(retryRoundOf(event)).toBe(0);
    const second = withRetryRound(event, 2);
    expect(second).toEqual({ ...event, [RETRY_ROUND_FIELD]: 2 });
    expect(retryRoundOf(JSON.parse(JSON.stringify(second)))).toBe(2);
    // A redrive starts again: the counter goes.
    expect(withRetryRound(second, 0)).toEqual(event);
    expect(retryRoundOf({ [RETRY_ROUND_FIELD]: "7" })).toBe(0);
    expect(retryRoundOf(null)).toBe(0);
  });
});
