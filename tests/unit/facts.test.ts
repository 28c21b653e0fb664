import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BUCKETS, bucketOf, factsOf, percentile } from "../../core/report/facts.ts";
import { Housekeeping, type SlaContext, SlaPolicy } from "../../core/sla/policy.ts";
import type { TicketItem } from "../../core/store/index.ts";

const p = (a: number, b: number) => SlaPolicy.parse({ firstResponseMinutes: a, resolutionMinutes: b });
const ctx: SlaContext = {
  hours: { timezone: "UTC", alwaysOpen: true },
  hoursId: "x",
  policies: { low: p(1, 2), normal: p(60, 480), high: p(1, 2), urgent: p(1, 2) },
  housekeeping: Housekeeping.parse({}),
};
const t0 = "2026-06-01T08:00:00.000Z";
const ticket = (over: Partial<TicketItem> = {}) =>
  ({ ticketId: "T", createdAt: t0, status: "new", tier: "L1", slaBreached: [], ...over }) as TicketItem;

describe("report facts", () => {
  it("names what a change means, with business minutes for durations", () => {
    expect(factsOf(null, ticket(), ctx)).toEqual([{ metric: "created" }]);
    const answered = ticket({ firstResponseAt: "2026-06-01T08:45:00.000Z", status: "open" });
    expect(factsOf(ticket(), { ...answered, firstResponseDueAt: "2026-06-01T09:00:00.000Z" }, ctx)).toEqual([
      { metric: "first_response", minutes: 45 },
      { metric: "sla", detail: "first_response_met" },
    ]);
    const solved = {
      ...answered,
      status: "solved" as const,
      solvedAt: "2026-06-01T10:00:00.000Z",
      resolutionDueAt: "2026-06-01T09:30:00.000Z",
    };
    expect(factsOf(answered, solved, ctx)).toEqual([
      { metric: "solved", minutes: 120 },
      { metric: "sla", detail: "resolution_missed" },
    ]);
    expect(factsOf(solved, { ...solved, status: "open" }, ctx)).toEqual([{ metric: "reopened" }]);
    expect(
      factsOf(
        answered,
        { ...answered, tier: "L2", escalationReason: "sla_resolution", slaBreached: ["resolution"] },
        ctx,
      ),
    ).toEqual([
      { metric: "escalated", detail: "L2" },
      { metric: "escalation_reason", detail: "sla_resolution" },
      { metric: "breach", detail: "resolution" },
      // A breach counts as a missed target when it happens.
      { metric: "sla", detail: "resolution_missed" },
    ]);
    expect(factsOf(answered, { ...answered, tier: "L3" }, ctx)).toContainEqual({
      metric: "escalation_reason",
      detail: "unspecified",
    });
    expect(factsOf(answered, { ...answered }, ctx)).toEqual([]);
  });

  it("puts every duration in the bucket whose bound it does not pass, and reads percentiles from the buckets", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50_000 }), { minLength: 1, maxLength: 200 }),
        (minutes) => {
          const counts = BUCKETS.map(() => 0);
          for (const m of minutes) counts[bucketOf(m)]! += 1;
          const sorted = [...minutes].sort((a, b) => a - b);
          const median = percentile(counts, 0.5)!;
          const trueMedian = sorted[Math.ceil(0.5 * sorted.length) - 1]!;
          // Past the last bound (the open-ended bucket): that bound, read "that or more".
          if (trueMedian > BUCKETS.at(-2)!) {
            expect(median).toBe(BUCKETS.at(-2));
          } else {
            // The true value is within the reported bucket: above the previous bound, at most the reported one.
            const index = BUCKETS.indexOf(median);
            expect(trueMedian).toBeLessThanOrEqual(median);
            expect(trueMedian).toBeGreaterThan(index > 0 ? BUCKETS[index - 1]! : -1);
          }
        },
      ),
      { numRuns: 200 },
    );
    expect(
      percentile(
        BUCKETS.map(() => 0),
        0.5,
      ),
    ).toBeNull();
  });
});
