import { describe, expect, it } from "vitest";
import { retryDelaySeconds } from "../../functions/workers/retry.ts";
import { retryPolicy, topology } from "../../infra/topology.ts";

describe("retryDelaySeconds", () => {
  it("doubles the queue's visibility on each receive, capped", () => {
    const env = { DESK_RETRY_BASE_S: "10" };
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => retryDelaySeconds(n, env))).toEqual([
      10, 20, 40, 80, 160, 320, 640,
    ]);
    expect(retryDelaySeconds(8, env)).toBe(retryPolicy.maxBackoffSeconds);
    expect(retryDelaySeconds(1, { ...env, DESK_RETRY_MAX_S: "1" })).toBe(1);
  });

  it("rides out a several-minute outage before the dead-letter queue, locally (10 s) and on AWS (180 s)", () => {
    for (const base of ["10", "180"]) {
      // A message moves to the DLQ on receive maxReceiveCount + 1: the delays after the first
      // maxReceiveCount failures are how long an outage it survives.
      let total = 0;
      for (let n = 1; n < retryPolicy.maxReceiveCount; n++)
        total += retryDelaySeconds(n, { DESK_RETRY_BASE_S: base });
      expect(total).toBeGreaterThan(15 * 60);
    }
    for (const queue of Object.values(topology.queues))
      expect(queue.maxReceiveCount).toBe(retryPolicy.maxReceiveCount);
  });

  it("never asks SQS for more than its 12-hour maximum, nor a negative timeout", () => {
    expect(retryDelaySeconds(50, { DESK_RETRY_BASE_S: "180", DESK_RETRY_MAX_S: "99999" })).toBe(43_200);
    expect(retryDelaySeconds(0, { DESK_RETRY_BASE_S: "10" })).toBe(10);
  });
});
