import { describe, expect, it } from "vitest";
import { type BusinessHours, defaultBusinessHours } from "../../core/sla/calendar.ts";
import { withSla } from "../../core/sla/clock.ts";
import { Housekeeping, type SlaContext, SlaPolicy } from "../../core/sla/policy.ts";
import { decide } from "../../core/sla/sweep-decision.ts";
import type { TicketItem } from "../../core/store/index.ts";

const policy = (fr: number, res: number, extra: Record<string, unknown> = {}) =>
  SlaPolicy.parse({ firstResponseMinutes: fr, resolutionMinutes: res, ...extra });
const ctx = (hours: BusinessHours = { timezone: "UTC", alwaysOpen: true }): SlaContext => ({
  hours,
  hoursId: JSON.stringify(hours),
  policies: { low: policy(240, 960), normal: policy(60, 480), high: policy(30, 240), urgent: policy(10, 60) },
  housekeeping: Housekeeping.parse({
    pendingReminderDays: 2,
    pendingSolveDays: 3,
    solvedCloseDays: 7,
    unansweredReminderHours: 2,
    // The safety net's alert for unassigned tickets has its own tests (below); out of the way of the others.
    unassignedAlertMinutes: 10_080,
  }),
});
const T0 = new Date("2026-06-01T08:00:00Z"); // a Monday
const plus = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const iso = (minutes: number) => plus(minutes).toISOString();

function ticket(over: Partial<TicketItem> = {}): TicketItem {
  return {
    ticketId: "T1",
    number: 1,
    subject: "VPN down",
    requesterName: "Casey",
    requesterEmail: "casey@example.com",
    channel: "web",
    status: "new",
    priority: "normal",
    tier: "L1",
    locale: "en",
    team: "service-desk",
    tags: [],
    createdAt: T0.toISOString(),
    updatedAt: T0.toISOString(),
    lastActivityAt: T0.toISOString(),
    reopenCount: 0,
    version: 1,
    shard: 0,
    queue: "unassigned:service-desk",
    teamQueue: "service-desk",
    nextCheckAt: "",
    ...over,
  };
}
const created = (c = ctx(), over: Partial<TicketItem> = {}) =>
  withSla(null, ticket(over), [{ kind: "customer_message" }], c, T0);
/** Applies a change at `minutes` after T0, as the commit does. */
const change = (
  before: TicketItem,
  minutes: number,
  patch: Partial<TicketItem>,
  kinds: string[] = [],
  c = ctx(),
) =>
  withSla(
    before,
    { ...before, ...patch, updatedAt: iso(minutes) },
    kinds.map((kind) => ({ kind }) as never),
    c,
    plus(minutes),
  );

describe("deadlines on every write", () => {
  it("sets first-response and resolution deadlines, with warnings at 75 %, and checks the first one next", () => {
    const t = created();
    expect(t).toMatchObject({
      firstResponseDueAt: iso(60),
      firstResponseWarnAt: iso(45),
      resolutionDueAt: iso(480),
      resolutionWarnAt: iso(360),
      slaState: "ok",
      slaPolicy: "normal",
      nextCheckAt: iso(45),
    });
  });

  it("counts business minutes: a ticket on Friday evening is due on Monday", () => {
    const hours = defaultBusinessHours("Europe/Paris");
    const friday = new Date("2026-06-05T16:30:00Z"); // 18:30 in Paris, after hours
    const t = withSla(
      null,
      ticket({ createdAt: friday.toISOString(), updatedAt: friday.toISOString() }),
      [],
      ctx(hours),
      friday,
    );
    expect(t.firstResponseDueAt).toBe("2026-06-08T08:00:00.000Z"); // Monday 10:00 Paris
  });

  it("meets the first response with the first public reply, then watches the resolution", () => {
    const t = change(created(), 20, { firstResponseAt: iso(20), status: "open" }, ["agent_reply"]);
    expect(t.nextCheckAt).toBe(iso(360));
  });

  it("stops the clock while pending and restarts it with the time that was left", () => {
    const replied = change(created(), 20, { firstResponseAt: iso(20), status: "open" }, ["agent_reply"]);
    const pending = change(replied, 100, { status: "pending" });
    expect(pending.slaState).toBe("paused");
    expect(pending.slaPause).toMatchObject({ at: iso(100), resolutionLeft: 380 });
    // While paused only the pending reminder is due (2 days).
    expect(pending.nextCheckAt).toBe(iso(100 + 2 * 1440));
    const answered = change(pending, 1000, { status: "open" }, ["customer_message"]);
    expect(answered.slaPause).toBeUndefined();
    expect(answered.resolutionDueAt).toBe(iso(1000 + 380));
    expect(answered.slaState).toBe("ok");
  });

  it("does not pause when the policy says so", () => {
    const c = ctx();
    c.policies.normal = policy(60, 480, { pauseWhenPending: false });
    const t = change(created(c), 30, { status: "pending" }, [], c);
    expect(t.slaPause).toBeUndefined();
    expect(t.slaState).toBe("ok");
  });

  it("starts a new resolution target when a solved ticket is reopened", () => {
    const solved = change(created(), 600, {
      status: "solved",
      solvedAt: iso(600),
      slaBreached: ["resolution"],
    });
    expect(solved.nextCheckAt).toBe(iso(600 + 7 * 1440)); // auto-close
    const reopened = change(solved, 2000, { status: "open" }, ["customer_message"]);
    expect(reopened.slaStartedAt).toBe(iso(2000));
    expect(reopened.resolutionDueAt).toBe(iso(2480));
    expect(reopened.slaBreached).toEqual([]);
  });

  it("recomputes when the priority (so the policy) changes, and narrows by category", () => {
    const c = ctx();
    c.policies.urgent = policy(10, 60, {
      overrides: [{ category: "network", firstResponseMinutes: 5, resolutionMinutes: 30 }],
    });
    const t = change(created(c), 2, { priority: "urgent", category: "network" }, [], c);
    expect(t).toMatchObject({
      firstResponseDueAt: iso(5),
      resolutionDueAt: iso(30),
      slaPolicy: "urgent, category network",
    });
  });

  it("keeps the time spent waiting when the priority, the policy or the calendar changes later", () => {
    // normal 60/480: paused 7 min before the first response, resumed, then raised to high (30/240).
    const pending = change(created(), 5, { status: "pending" });
    const resumed = change(pending, 12, { status: "open" }, ["customer_message"]);
    expect(resumed).toMatchObject({ firstResponseDueAt: iso(67), resolutionDueAt: iso(487) });
    const high = change(resumed, 14, { priority: "high" });
    expect(high).toMatchObject({
      firstResponseDueAt: iso(37),
      firstResponseWarnAt: iso(7 + 22.5),
      resolutionDueAt: iso(247),
    });
    // Back to normal: where it was before, as if normal had always applied.
    const back = change(high, 16, { priority: "normal" });
    expect(back).toMatchObject({ firstResponseDueAt: iso(67), resolutionDueAt: iso(487) });
    // An edited policy (only its warning) or calendar: the same due times.
    const c = ctx();
    c.policies.normal = policy(60, 480, { warnAtPercent: 80 });
    expect(change(back, 18, {}, [], c)).toMatchObject({
      firstResponseDueAt: iso(67),
      resolutionDueAt: iso(487),
    });
    const other = ctx({ timezone: "UTC", alwaysOpen: true, holidays: ["2031-01-01"] } as BusinessHours);
    expect(change(back, 18, {}, [], other).resolutionDueAt).toBe(iso(487));
  });

  it("charges neither an earlier pause nor the current one when the targets change during a second pause", () => {
    const replied = change(created(), 20, { firstResponseAt: iso(20), status: "open" }, ["agent_reply"]);
    const first = change(change(replied, 100, { status: "pending" }), 400, { status: "open" }, [
      "customer_message",
    ]);
    expect(first.resolutionDueAt).toBe(iso(780)); // 480 + 300 paused
    const second = change(first, 500, { status: "pending" });
    expect(second.slaPause).toMatchObject({ resolutionLeft: 280 });
    const high = change(second, 600, { priority: "high" }); // 240: 200 min ran (0–100, 400–500)
    expect(high.slaPause).toMatchObject({ resolutionLeft: 40 });
    const resumed = change(high, 700, { status: "open" }, ["customer_message"]);
    expect(resumed.resolutionDueAt).toBe(iso(740));
    expect(change(resumed, 701, { priority: "high", tags: ["x"] }).resolutionDueAt).toBe(iso(740));
    expect(change(resumed, 702, { priority: "normal" }).resolutionDueAt).toBe(iso(980));
  });

  it("starts the paused time over with a reopening's new resolution target", () => {
    const paused = change(change(created(), 10, { status: "pending" }), 70, { status: "open" }, [
      "customer_message",
    ]);
    const solved = change(paused, 100, { status: "solved", solvedAt: iso(100) });
    const reopened = change(solved, 200, { status: "open" }, ["customer_message"]);
    expect(reopened.resolutionDueAt).toBe(iso(680));
    expect(change(reopened, 210, { priority: "high" }).resolutionDueAt).toBe(iso(440));
  });

  it("leaves the due index when closed", () => {
    const t = change(created(), 10, { status: "closed", closedAt: iso(10) });
    expect(t.nextCheckAt).toBe("");
  });
});

describe("sweep decisions", () => {
  const people = { owners: ["agent-a"], escalatesTo: "network-l2", newTeamMembers: ["agent-b", "agent-c"] };

  it("warns the owner once the warning time has come", () => {
    const d = decide(created(), ctx(), plus(46), people);
    expect(d.after.slaWarned).toEqual(["firstResponse"]);
    expect(d.events).toMatchObject([{ type: "ticket.notice", agentIds: ["agent-a"] }]);
    expect(d.lines.join()).toContain("first response target due");
    expect(d.after.tier).toBe("L1");
  });

  it("breaches and escalates one tier to the team that serves it, re-offering the ticket", () => {
    const warned = { ...created(), slaWarned: ["firstResponse"], assigneeId: "agent-a" };
    const d = decide(warned, ctx(), plus(75), people);
    expect(d.after).toMatchObject({
      tier: "L2",
      team: "network-l2",
      assigneeId: undefined,
      slaBreached: ["firstResponse"],
    });
    expect(d.offerTo).toBe("network-l2");
    expect(d.lines.join()).toMatch(
      /first response target breached: due .*, 15 min late; escalated to L2, moved to team network-l2/,
    );
    // The new team hears it was escalated to them; the previous assignee that it was taken from them.
    expect(d.events).toMatchObject([
      { agentIds: ["agent-b", "agent-c"], subject: "[#1] Escalated to you: VPN down" },
      { agentIds: ["agent-a"], subject: "[#1] Escalated away from you: VPN down" },
    ]);
  });

  it("names the new team by its name, in French by its French name", () => {
    const warned = { ...created(), slaWarned: ["firstResponse"], assigneeId: "agent-a" };
    const named = { ...people, newTeamName: { name: "Network (L2)", nameFr: "Réseau (N2)" } };
    const [toTeam, toPrevious] = decide(warned, ctx(), plus(75), named).events as unknown as {
      text: string;
      fr: { subject: string; text: string };
    }[];
    expect(toTeam!.text).toContain("now sits with team Network (L2) at tier L2");
    expect(toTeam!.fr.text).toContain("il revient désormais à l'équipe Réseau (N2), au niveau L2");
    expect(toPrevious!.text).toContain(
      "moved to team Network (L2) at tier L2 and is no longer assigned to you",
    );
    expect(toPrevious!.fr.subject).toBe("[#1] Ticket escaladé, il ne vous est plus attribué : VPN down");
    expect(toPrevious!.fr.text).toContain("il passe à l'équipe Réseau (N2), au niveau L2");
    for (const n of [toTeam!, toPrevious!]) expect(`${n.text} ${n.fr.text}`).not.toContain("network-l2");
    // Without a French name, the name.
    const plain = decide(warned, ctx(), plus(75), { ...people, newTeamName: { name: "Network (L2)" } });
    expect((plain.events[0] as unknown as { fr: { text: string } }).fr.text).toContain(
      "l'équipe Network (L2)",
    );
  });

  it("breaches directly when the sweep comes after the deadline without having warned", () => {
    const d = decide(created(), ctx(), plus(90), { owners: [], newTeamMembers: [] });
    expect(d.after.slaBreached).toEqual(["firstResponse"]);
    expect(d.after.tier).toBe("L2");
    // An unassigned ticket past its first-response target is offered to its team's available agents.
    expect(d.offerTo).toBe("service-desk");
  });

  it("escalates one tier per decision: a second target missed at once is decided next, from the new team", () => {
    // Both targets of an urgent ticket (10/60) are past when the sweep comes.
    const t = change(created(), 1, { priority: "urgent", assigneeId: "agent-a" });
    const first = decide(t, ctx(), plus(70), people);
    expect(first.after).toMatchObject({
      tier: "L2",
      team: "network-l2",
      escalationReason: "sla_first_response",
      slaBreached: ["firstResponse"],
    });
    expect(first.offerTo).toBe("network-l2");
    expect(first.lines.join()).not.toContain("resolution");
    // Still due: the next decision takes it, with the people of the team it is in now.
    const written = withSla(t, { ...first.after, assigneeId: "agent-b" }, [], ctx(), plus(70));
    expect(written.nextCheckAt).toBe(iso(45)); // the resolution warning, never sent: past, so due now
    const second = decide(written, ctx(), plus(71), {
      owners: ["agent-b"],
      escalatesTo: "security",
      newTeamMembers: ["agent-s"],
    });
    expect(second.after).toMatchObject({
      tier: "L3",
      team: "security",
      assigneeId: undefined,
      escalationReason: "sla_resolution",
      slaBreached: ["firstResponse", "resolution"],
    });
    expect(second.offerTo).toBe("security");
    expect(second.lines.join()).toMatch(
      /resolution target breached: .*escalated to L3, moved to team security/,
    );
  });

  it("never escalates past L3 by itself", () => {
    const t = { ...created(), tier: "L3" as const, slaWarned: ["firstResponse"] };
    const d = decide(t, ctx(), plus(61), people);
    expect(d.after.tier).toBe("L3");
    expect(d.lines.join()).toContain("not escalated further");
  });

  it("does nothing twice: a decided checkpoint is recorded on the ticket", () => {
    const first = decide(created(), ctx(), plus(46), people);
    const again = decide(withSla(null, first.after, [], ctx(), plus(46)), ctx(), plus(46), people);
    expect(again.lines).toEqual([]);
    expect(again.events).toEqual([]);
  });

  it("reminds a silent customer once, then solves; closes solved tickets", () => {
    const pending = change(
      change(created(), 20, { firstResponseAt: iso(20), status: "open" }, ["agent_reply"]),
      30,
      { status: "pending" },
    );
    const reminded = decide(pending, ctx(), plus(30 + 2 * 1440), people);
    expect(reminded.events).toMatchObject([{ type: "ticket.customer_reminder" }]);
    const next = withSla(pending, reminded.after, [], ctx(), plus(30 + 2 * 1440));
    expect(next.nextCheckAt).toBe(iso(30 + 5 * 1440));
    const solved = decide(next, ctx(), plus(30 + 5 * 1440), people);
    expect(solved.after.status).toBe("solved");
    const closing = withSla(next, solved.after, [], ctx(), plus(30 + 5 * 1440));
    const closed = decide(closing, ctx(), plus(30 + 12 * 1440), people);
    expect(closed.after.status).toBe("closed");
  });

  it("reminds the owner when a customer message waits unanswered", () => {
    const waiting = change(created(), 0, {}, ["customer_message"]);
    expect(waiting.waitingRemindAt).toBe(iso(120));
    const d = decide(
      { ...waiting, slaWarned: ["firstResponse"], slaBreached: ["firstResponse"] },
      ctx(),
      plus(121),
      people,
    );
    expect(d.lines.join()).toContain("has waited since");
    expect(d.after.waitingReminded).toBe(true);
  });

  it("tells the owner when a vendor misses its contract, without changing the tier", () => {
    const t = {
      ...created(),
      tier: "L4" as const,
      vendorId: "acme",
      vendorDueAt: iso(30),
      firstResponseAt: iso(5),
    };
    const d = decide(withSla(null, t, [], ctx(), T0), ctx(), plus(31), people);
    expect(d.after.slaBreached).toContain("vendor");
    expect(d.after.tier).toBe("L4");
    expect(d.events).toMatchObject([{ type: "ticket.notice", agentIds: ["agent-a"] }]);
  });
});

describe("safety net: nobody has taken the ticket", () => {
  const soon = (): SlaContext => ({
    ...ctx(),
    housekeeping: Housekeeping.parse({ unassignedAlertMinutes: 30 }),
  });
  const team = { owners: ["agent-b"], newTeamMembers: [], ownersAre: "team" as const };

  it("alerts the team once, 30 minutes after the ticket was last left without an assignee", () => {
    const t = created(soon());
    expect(t.unassignedSince).toBe(iso(0));
    expect(t.nextCheckAt).toBe(iso(30));
    const d = decide(t, soon(), plus(31), team);
    expect(d.safety).toEqual([expect.stringContaining("told team service-desk")]);
    expect(d.events).toMatchObject([{ type: "ticket.notice", agentIds: ["agent-b"], safetyNet: true }]);
    const after = change(d.after, 31, {}, [], soon());
    expect(decide(after, soon(), plus(60), team).safety).toEqual([]);
    expect(after.nextCheckAt).not.toBe(iso(30));
  });

  it("starts again when an assignee gives the ticket back", () => {
    const assigned = change(created(soon()), 10, { assigneeId: "agent-a" }, [], soon());
    expect(assigned.unassignedSince).toBeUndefined();
    const back = change(assigned, 100, { assigneeId: undefined }, [], soon());
    expect(back.unassignedSince).toBe(iso(100));
    expect(back.unassignedAlertAt).toBe(iso(130));
  });

  it("brings the alert forward when the threshold is lowered or the calendar opens, while it waits", () => {
    const t = created(); // 10,080 minutes
    expect(t.unassignedAlertAt).toBe(iso(10_080));
    const lowered = change(t, 5, {}, [], soon());
    expect(lowered).toMatchObject({
      unassignedSince: iso(0),
      unassignedAlertAt: iso(30),
      nextCheckAt: iso(30),
    });
    // Filed Saturday 10:00 under Monday–Friday 09–17 UTC: alerted Monday 09:30; the desk then opens 24/7.
    const weekly = { ...soon(), hours: defaultBusinessHours("UTC") };
    const saturday = new Date("2026-06-06T10:00:00Z");
    const filed = withSla(
      null,
      ticket({ createdAt: saturday.toISOString(), updatedAt: saturday.toISOString() }),
      [],
      weekly,
      saturday,
    );
    expect(filed.unassignedAlertAt).toBe("2026-06-08T09:30:00.000Z");
    const later = new Date("2026-06-06T10:05:00Z");
    expect(withSla(filed, { ...filed }, [], soon(), later).unassignedAlertAt).toBe(
      "2026-06-06T10:30:00.000Z",
    );
  });

  it("tells the admins when nobody in the team can act", () => {
    const d = decide(created(soon()), soon(), plus(31), {
      owners: ["admin-1"],
      newTeamMembers: [],
      ownersAre: "admins",
    });
    expect(d.safety[0]).toContain("told the admins (nobody in team service-desk is available)");
  });
});
