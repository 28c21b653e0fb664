import { describe, expect, it } from "vitest";
import { PRICES, usageOf } from "../bench/cost-model.ts";
import { memoryGb, type Step } from "../bench/lifecycle.ts";

/** The cost model bills each function's time at the memory it is deployed with (infra/topology.ts). */
describe("Lambda compute in the cost model", () => {
  it("bills InboundMail at its 1,024 MB and the API and other workers at the 256 MB default", () => {
    expect(memoryGb("InboundMail")).toBe(1);
    expect(memoryGb("Mail")).toBe(0.25);
    expect(memoryGb()).toBe(0.25);
    expect(PRICES.lambdaCompute.source).toContain("InboundMail 1024 MB");
  });

  it("sums the steps' GB-seconds, not their wall time at one size", () => {
    const step = (ms: number, gbSeconds: number): Step => ({
      step: "s",
      apiRequests: 0,
      messages: {},
      writeUnitsBy: {},
      requestsBy: {},
      sweepRuns: 0,
      dynamo: { requests: 0, readUnits: 0, writeUnits: 0 },
      aws: {},
      ms,
      gbSeconds,
    });
    expect(usageOf([step(1000, 1), step(400, 0.1)], "mail").usage.lambdaCompute).toBeCloseTo(1.1);
  });
});
