import { describe, expect, it } from "vitest";
import { factsOf } from "../../core/report/facts.ts";
import { Housekeeping, type SlaContext, SlaPolicy } from "../../core/sla/policy.ts";
import type { TicketItem } from "../../core/store/index.ts";

/** What the reports count, where a help desk's user would expect it (see README, Reports). */
const p = (a: number, b: number) => SlaPolicy.parse({ firstResponseMinutes: a, resolutionMinutes: b });
const ctx: SlaContext = {
  hours: { timezone: "UTC", alwaysOpen: true },
  hoursId: "x",
  policies: { low: p(60, 480), normal: p(60, 480), high: p(60, 480), urgent: p(60, 480) },
  housekeeping: Housekeeping.parse({}),
};
const t0 = "2026-06-01T08:00:00.000Z";
const ticket = (over: Partial<TicketItem> = {}) =>
  ({
    ticketId: "T",
    createdAt: t0,
    status: "new",
    tier: "L1",
    slaBreached: [],
    tags: [],
    ...over,
  }) as TicketItem;

describe("report definitions", () => {
  it("leave spam out, and count a ticket once it is no longer spam", () => {
    const spam = ticket({ status: "solved", solvedAt: t0, tags: ["spam"] });
    expect(factsOf(null, spam, ctx)).toEqual([]);
    expect(factsOf(spam, { ...spam, tags: ["spam", "seen"] }, ctx)).toEqual([]);
    // Untagged and reopened in one write: created, not also reopened (it was never in the backlog).
    expect(factsOf(spam, { ...spam, status: "open", tags: [] }, ctx)).toEqual([{ metric: "created" }]);
    // Untagged but left solved: still out of every figure, until it is reopened.
    const cleared = { ...spam, tags: [] };
    expect(factsOf(spam, cleared, ctx)).toEqual([]);
    expect(factsOf(cleared, { ...cleared, status: "open" }, ctx)).toEqual([{ metric: "reopened" }]);
  });

  it("keep counting a ticket tagged spam after it was filed: its solve, its breaches", () => {
    const worked = ticket({ status: "open", tags: ["spam"], replyCount: 1 });
    const solved = { ...worked, status: "solved" as const, solvedAt: "2026-06-01T09:00:00.000Z" };
    expect(factsOf(worked, solved, ctx)).toContainEqual({ metric: "solved", minutes: 60 });
    expect(factsOf(worked, { ...worked, slaBreached: ["firstResponse"] }, ctx)).toContainEqual({
      metric: "breach",
      detail: "firstResponse",
    });
    // Untagged later: nothing is counted a second time.
    expect(factsOf(solved, { ...solved, tags: [] }, ctx)).toEqual([]);
  });

  it("time a resolution from creation, also after a reopening", () => {
    const reopened = ticket({ status: "open", reopenCount: 1, slaStartedAt: "2026-06-01T10:00:00.000Z" });
    const solved = { ...reopened, status: "solved" as const, solvedAt: "2026-06-01T11:00:00.000Z" };
    expect(factsOf(reopened, solved, ctx)).toContainEqual({ metric: "solved", minutes: 180 });
  });

  it("credit a ticket nobody owns to the agent who answered or solved it, and an owned one to its owner", () => {
    const replied = ticket({ status: "open", firstResponseAt: "2026-06-01T08:20:00.000Z", replyCount: 1 });
    const entries = [{ kind: "agent_reply", authorId: "alice" }];
    expect(factsOf(ticket(), replied, ctx, entries)).toEqual([
      { metric: "reply", agentId: "alice" },
      { metric: "first_response", minutes: 20, agentId: "alice" },
      { metric: "sla", detail: "first_response_met", agentId: "alice" },
    ]);
    expect(factsOf(ticket(), { ...replied, assigneeId: "bob" }, ctx, entries)).toEqual([
      { metric: "reply", agentId: "alice" },
      { metric: "first_response", minutes: 20 },
      { metric: "sla", detail: "first_response_met" },
    ]);
    const solved = { ...replied, status: "solved" as const, solvedAt: "2026-06-01T09:00:00.000Z" };
    expect(factsOf(replied, solved, ctx, [{ kind: "event", authorId: "carol" }])).toEqual([
      { metric: "solved", minutes: 60, agentId: "carol" },
      { metric: "one_touch", agentId: "carol" },
      { metric: "sla", detail: "resolution_met", agentId: "carol" },
    ]);
  });
});
