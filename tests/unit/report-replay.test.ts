import { describe, expect, it } from "vitest";
import { replayTicket, ticketAt } from "../../core/report/replay.ts";
import { Housekeeping, type SlaContext, SlaPolicy } from "../../core/sla/policy.ts";
import type { EntryItem, TicketItem } from "../../core/store/index.ts";

const p = (a: number, b: number) => SlaPolicy.parse({ firstResponseMinutes: a, resolutionMinutes: b });
const ctx: SlaContext = {
  hours: { timezone: "UTC", alwaysOpen: true },
  hoursId: "x",
  policies: { low: p(60, 480), normal: p(60, 480), high: p(60, 480), urgent: p(60, 480) },
  housekeeping: Housekeeping.parse({}),
};
const at = (minute: number) => new Date(Date.UTC(2026, 5, 1, 8, minute)).toISOString();
const ticket = (over: Partial<TicketItem>) =>
  ({
    ticketId: "T",
    createdAt: at(0),
    status: "solved",
    priority: "normal",
    channel: "email",
    tier: "L1",
    tags: [],
    slaBreached: [],
    replyCount: 0,
    reopenCount: 0,
    ...over,
  }) as TicketItem;
let n = 0;
const entry = (minute: number, over: Partial<EntryItem>) =>
  ({ ticketId: "T", entryId: `E${++n}`, createdAt: at(minute), kind: "event", ...over }) as EntryItem;
const opened = entry(0, { kind: "customer_message", authorType: "customer" });
const replied = (minute: number, agentId: string) =>
  entry(minute, { kind: "agent_reply", authorType: "agent", authorId: agentId });
const changed = (minute: number, agentId: string, changes: { field: string; from?: string; to?: string }[]) =>
  entry(minute, { authorType: "agent", authorId: agentId, changes });

describe("the rebuild's replay of a ticket", () => {
  it("credits an unowned ticket's first response and solve to who made them, whoever owns it now", () => {
    // Today owned by Bob: Alice answered while nobody owned it, Bob took it and solved it.
    const now = ticket({ assigneeId: "bob", firstResponseAt: at(5), solvedAt: at(20), replyCount: 1 });
    const writes = replayTicket(
      now,
      [
        opened,
        replied(5, "alice"),
        changed(10, "bob", [{ field: "assigneeId", to: "bob" }]),
        changed(20, "bob", [{ field: "status", from: "new", to: "solved" }]),
      ],
      ctx,
    );
    expect(writes.map((w) => w.after.assigneeId)).toEqual([undefined, undefined, "bob", "bob"]);
    expect(writes[1]!.facts).toContainEqual({ metric: "first_response", minutes: 5, agentId: "alice" });
    const solve = writes[3]!.facts.find((f) => f.metric === "solved");
    expect(solve).toEqual({ metric: "solved", minutes: 20 });
    expect(ticketAt(writes, at(15)).assigneeId).toBe("bob");
  });

  it("counts a ticket filed as spam from when it was taken out of it, as the live facts do", () => {
    const now = ticket({
      status: "open",
      solvedAt: at(0),
      reopenCount: 1,
      tags: [],
    });
    const writes = replayTicket(
      now,
      [
        opened,
        changed(30, "alice", [
          { field: "status", from: "solved", to: "open" },
          { field: "tags", from: "spam", to: "" },
        ]),
      ],
      ctx,
    );
    expect(writes[0]!.after).toMatchObject({ status: "solved", tags: ["spam"], solvedAt: at(0) });
    expect(writes[0]!.facts).toEqual([]);
    // Created on the day it was taken out of spam, not on the day it was filed; no reopening.
    expect(writes[1]!.facts).toEqual([{ metric: "created" }]);
  });

  it("dates a breach when the sweep saw it", () => {
    const now = ticket({ status: "open", slaBreached: ["firstResponse"], tier: "L2" });
    const sweep = entry(90, {
      authorType: "system",
      what: { code: "sla", parts: [{ code: "sla_breached", params: { target: "firstResponse" } }] },
      changes: [
        { field: "tier", from: "L1", to: "L2" },
        { field: "escalationReason", to: "sla_first_response" },
      ],
    });
    const writes = replayTicket(now, [opened, sweep], ctx);
    expect(writes[1]!.at).toBe(at(90));
    expect(writes[1]!.facts).toEqual([
      { metric: "escalated", detail: "L2" },
      { metric: "escalation_reason", detail: "sla_first_response" },
      { metric: "breach", detail: "firstResponse" },
      { metric: "sla", detail: "first_response_missed" },
    ]);
  });
});

describe("the replay's SLA deadlines", () => {
  it("judges a solve before a reopening on the resolution deadline it had then, not on today's", () => {
    // Created 08:00 (480-minute target: due 16:00), solved late at 17:00, reopened at 18:00 (due 02:00), solved
    // again at 19:00: the first solve missed, the second met, though today's deadline (02:00) would pass both.
    const hour = (h: number) => at(h * 60);
    const now = ticket({ solvedAt: hour(11), reopenCount: 1, resolutionDueAt: hour(18) });
    const writes = replayTicket(
      now,
      [
        opened,
        changed(9 * 60, "alice", [{ field: "status", from: "new", to: "solved" }]),
        entry(10 * 60, { kind: "customer_message", authorType: "customer" }),
        changed(10 * 60, "alice", [{ field: "status", from: "solved", to: "open" }]),
        changed(11 * 60, "alice", [{ field: "status", from: "open", to: "solved" }]),
      ],
      ctx,
    );
    const outcome = (i: number) => writes[i]!.facts.find((f) => f.metric === "sla")?.detail;
    expect([outcome(1), outcome(3)]).toEqual(["resolution_missed", "resolution_met"]);
  });
});

describe("the replay of a timeline written before the sweep coded its entries", () => {
  it("reads a breach from the English body of the sweep's entry, on the day the sweep saw it", () => {
    const now = ticket({ status: "open", slaBreached: ["firstResponse", "vendor"], tier: "L4" });
    const sweep = entry(90, {
      authorType: "system",
      authorName: "SLA",
      body: "SLA — first response target breached: due 2026-06-01T09:00:00.000Z, 30m late; escalated to L2; vendor response target breached: due 2026-06-01T09:20:00.000Z, 10m late; told the assignee.",
      changes: [
        { field: "tier", from: "L1", to: "L2" },
        { field: "escalationReason", to: "sla_first_response" },
      ],
    });
    const handed = changed(100, "alice", [
      { field: "tier", from: "L2", to: "L4" },
      { field: "escalationReason", from: "sla_first_response", to: "vendor" },
    ]);
    const writes = replayTicket(now, [opened, sweep, handed], ctx);
    expect(writes[1]!.facts.filter((f) => f.metric === "breach" || f.metric === "sla")).toEqual([
      { metric: "breach", detail: "firstResponse" },
      { metric: "sla", detail: "first_response_missed" },
      { metric: "breach", detail: "vendor" },
    ]);
    // Words anyone else writes are no breach.
    const note = entry(95, {
      kind: "internal_note",
      authorType: "agent",
      body: "SLA — resolution target breached",
    });
    expect(replayTicket(now, [opened, note], ctx)[1]!.facts).toEqual([]);
  });
});
