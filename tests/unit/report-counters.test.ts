import { describe, expect, it } from "vitest";
import { addMetrics, attributeOf, counterItem, metricOf, rowsOf } from "../../core/report/counters.ts";
import { BUCKETS } from "../../core/report/facts.ts";
import { counterMoves, statChanges } from "../../core/report/stats.ts";
import { ESCALATION_REASONS, TIERS } from "../../core/store/entities/ticket.ts";
import type { TicketItem } from "../../core/store/index.ts";
import { itemBytes } from "../../core/store/meter.ts";
import { countChanges, packCountMoves } from "../../core/ticket/counts.ts";

/** Every metric a day can hold (core/report/facts.ts, stats.ts). */
const ALL_METRICS = [
  "created",
  "solved",
  "reopened",
  "merged",
  "one_touch",
  "reply",
  "csat_sent",
  "csat_good",
  "csat_bad",
  "first_response",
  ...BUCKETS.map((_, i) => `first_response_b${i}`),
  ...BUCKETS.map((_, i) => `solved_b${i}`),
  "sla_first_response_met",
  "sla_first_response_missed",
  "sla_resolution_met",
  "sla_resolution_missed",
  "breach_firstResponse",
  "breach_resolution",
  "breach_vendor",
  ...TIERS.slice(1).map((t) => `escalated_${t}`),
  ...ESCALATION_REASONS.map((r) => `escalation_reason_${r}`),
];

const keys = {
  all: "all",
  agent: "A1",
  team: "red",
  category: "printing",
  priority: "high",
  channel: "web",
  tier: "L1",
};
const facts = (...list: { metric: string; minutes?: number; agentId?: string; detail?: string }[]) =>
  statChanges({
    type: "ticket.facts",
    id: "E",
    occurredAt: "2026-06-01T08:00:00.000Z",
    ticketId: "T",
    facts: list as never,
  });

describe("packed report counters", () => {
  it("name histogram buckets short and read every metric back under its own name", () => {
    expect(attributeOf("first_response_b3")).toBe("F3");
    expect(attributeOf("solved_b13")).toBe("S13");
    expect(attributeOf("sla_first_response_met")).toBe("sla_first_response_met");
    const attributes = ALL_METRICS.map(attributeOf);
    expect(new Set(attributes).size).toBe(ALL_METRICS.length);
    expect(attributes.map(metricOf)).toEqual(ALL_METRICS);
  });

  it("keep a day holding every metric, under a long key, within one write unit (1 KB)", () => {
    const metrics = Object.fromEntries(ALL_METRICS.map((m) => [m, 123_456]));
    const item = counterItem("2026-06-01", { dim: "category", key: "k".repeat(64) }, metrics);
    expect(Object.keys(item)).toHaveLength(2 + ALL_METRICS.length);
    expect(itemBytes(item)).toBeLessThanOrEqual(1024);
  });

  it("move one item per target with every metric of the event, a reply under its author", () => {
    const moves = counterMoves(
      facts({ metric: "reply", agentId: "A2" }, { metric: "first_response", minutes: 20 }),
      keys,
    );
    const byTarget = Object.fromEntries(moves.map((m) => [`${m.target.dim}:${m.target.key}`, m.metrics]));
    expect(byTarget).toEqual({
      "cell:high#web#L1": { reply: 1, first_response: 1, first_response_b2: 1 },
      "agent:A2": { reply: 1 },
      "agent:A1": { first_response: 1, first_response_b2: 1 },
      "team:red": { reply: 1, first_response: 1, first_response_b2: 1 },
      "category:printing": { reply: 1, first_response: 1, first_response_b2: 1 },
    });
  });

  it("write nothing for a change that sums to zero", () => {
    const changes = [
      { metric: "csat_good", delta: 1 },
      { metric: "csat_good", delta: -1 },
    ];
    expect(counterMoves(changes, keys)).toEqual([]);
    const moves = counterMoves([...changes, { metric: "csat_bad", delta: 1 }], keys);
    expect(moves.map((m) => m.metrics)).toEqual(Array(4).fill({ csat_bad: 1 }));
    expect(addMetrics("2026-06-01", { dim: "team", key: "red" }, { csat_good: 0 }, "desk")).toBeUndefined();
  });

  it("ADD every metric of an item in one update expression", () => {
    const update = addMetrics(
      "2026-06-01",
      { dim: "cell", key: "high#web#L1" },
      {
        solved: 1,
        solved_b4: 1,
        csat_good: 0,
      },
      "desk",
    )!.Update;
    expect(update.Key).toEqual({ pk: "STAT#2026-06", sk: "cell#2026-06-01#high#web#L1" });
    expect(update.UpdateExpression).toBe("ADD #m0 :m0, #m1 :m1");
    expect(update.ExpressionAttributeNames).toEqual({ "#m0": "solved", "#m1": "S4" });
    expect(update.ExpressionAttributeValues).toEqual({ ":m0": 1, ":m1": 1 });
  });

  it("read a cell as the desk, its priority, channel or tier, and a first-layout item as it was", () => {
    const cell = counterItem("2026-06-01", { dim: "cell", key: "high#email#L2" }, { created: 2, F1: 0 });
    const old = {
      month: "2026-06",
      day: "2026-06-01",
      dim: "priority",
      metric: "created",
      key: "low",
      count: 3,
    };
    expect(rowsOf([cell, old], "priority")).toEqual([
      { day: "2026-06-01", key: "high", metric: "created", count: 2 },
      { day: "2026-06-01", key: "low", metric: "created", count: 3 },
    ]);
    expect(rowsOf([cell], "all")[0]!.key).toBe("all");
    expect(rowsOf([cell], "channel")[0]!.key).toBe("email");
    expect(rowsOf([cell], "tier")[0]!.key).toBe("L2");
    // A keyed item's key is everything after the day, whatever it holds.
    const team = counterItem("2026-06-01", { dim: "team", key: "a#b" }, { solved_b2: 1 });
    expect(rowsOf([team], "team")).toEqual([
      { day: "2026-06-01", key: "a#b", metric: "solved_b2", count: 1 },
    ]);
  });
});

describe("packed queue counters", () => {
  const ticket = (over: Partial<TicketItem>) =>
    ({
      ticketId: "T",
      status: "open",
      queue: "agent:A1",
      teamQueue: "red",
      slaState: "ok",
      createdAt: "2026-06-01T08:00:00.000Z",
      ...over,
    }) as TicketItem;

  it("move the desk-wide counters and a day's age counters with one ADD each, the queues one item each", () => {
    const solve = countChanges(ticket({}), ticket({ status: "solved" }));
    const { updates, single } = packCountMoves(solve, "desk");
    expect(single.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: "queue:agent:A1", delta: -1 },
      { name: "team:red", delta: -1 },
    ]);
    expect(updates.map((u) => u.Update.Key)).toEqual([
      { pk: "QCOUNTS#desk", sk: "COUNT" },
      { pk: "QCOUNTS#age:2026-06-01", sk: "COUNT" },
    ]);
    const desk = updates[0]!.Update;
    const moved = Object.fromEntries(
      Object.entries(desk.ExpressionAttributeNames).map(([alias, name]) => [
        name,
        desk.ExpressionAttributeValues[alias.replace("#", ":")],
      ]),
    );
    expect(moved).toEqual({ open: -1, "sla:ok": -1, "status:open": -1, "status:solved": 1 });
    expect(updates[1]!.Update.UpdateExpression).toBe("ADD #c0 :c0");
  });

  it("write nothing for moves that cancel out", () => {
    const { updates, single } = packCountMoves(
      [
        { name: "open", delta: 1 },
        { name: "open", delta: -1 },
      ],
      "desk",
    );
    expect([updates, single]).toEqual([[], []]);
  });
});
