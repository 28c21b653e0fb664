import { beforeAll, describe, expect, it, vi } from "vitest";
import { teamAgentItems } from "../../core/agent/agent.ts";
import { createTeam } from "../../core/agent/directory.ts";
import { sweepTicket } from "../../core/sla/sweep-ticket.ts";
import { availableAgents } from "../../core/triage/team-agents.ts";
import { runSweep } from "../../functions/cron/sweep.ts";
import {
  call,
  patchTicket,
  sentMail,
  signedInAgent,
  startTestDesk,
  submitTicket,
  type TestDesk,
} from "../support/desk.ts";
import { deliver, mailsTo, rawMail } from "../support/mail.ts";

let desk: TestDesk;
let admin: Awaited<ReturnType<typeof signedInAgent>>;
let front: Awaited<ReturnType<typeof signedInAgent>>;
let back: Awaited<ReturnType<typeof signedInAgent>>;

beforeAll(async () => {
  desk = await startTestDesk();
  admin = await signedInAgent(desk.app, { role: "admin" });
  await createTeam({ id: "back", name: "Back office (L2)" });
  await createTeam({ id: "front", name: "Front line", escalatesTo: "back" });
  front = await signedInAgent(desk.app, { teams: ["front"], name: "Fran" });
  back = await signedInAgent(desk.app, { teams: ["back"], name: "Bob" });
  const hours = await put("/api/admin/business-hours", { timezone: "Europe/Paris", alwaysOpen: true });
  expect(hours.status).toBe(200);
  const policy = await put("/api/admin/sla-policies/normal", {
    firstResponseMinutes: 60,
    resolutionMinutes: 240,
  });
  expect(policy.json).toMatchObject({ firstResponseMinutes: 60, warnAtPercent: 75, pauseWhenPending: true });
});

const put = (path: string, body: unknown) => call(desk.app, "PUT", path, { as: admin.session, body });
const view = async (id: string) =>
  (await call(desk.app, "GET", `/api/tickets/${id}`, { as: admin.session })).json;
const patch = async (id: string, body: Record<string, unknown>) => {
  const response = await patchTicket(desk.app, admin.session, id, body);
  expect(response.status).toBe(200);
  return response.json;
};
const slaEvents = (ticket: { timeline: { author: { name: string | null }; body: string | null }[] }) =>
  ticket.timeline.filter((e) => e.author.name === "SLA").map((e) => e.body ?? "");
const later = (minutes: number) => new Date(Date.now() + minutes * 60_000);

/** A new ticket in the front team, assigned to Fran, created now. */
async function frontTicket(overrides: Record<string, unknown> = {}) {
  const { id, portalToken } = await submitTicket(desk.app, overrides);
  await desk.drain();
  await patch(id, { team: "front", assigneeId: front.agent.agentId });
  return { id, portalToken };
}

describe("settings", () => {
  it("validates business hours and policies field by field, admins only", async () => {
    const bad = await put("/api/admin/business-hours", {
      timezone: "Mars/Olympus",
      week: { mon: [["09:00", "25:00"]] },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("validation");
    expect(Object.keys(bad.json.error.fields)).toEqual(expect.arrayContaining(["timezone"]));
    const policy = await put("/api/admin/sla-policies/high", {
      firstResponseMinutes: 0,
      resolutionMinutes: 60,
    });
    expect(policy.status).toBe(400);
    expect(policy.json.error.fields).toHaveProperty("firstResponseMinutes");
    expect(
      (await put("/api/admin/sla-policies/sometimes", { firstResponseMinutes: 5, resolutionMinutes: 60 }))
        .status,
    ).toBe(400);
    expect((await call(desk.app, "GET", "/api/admin/sla-policies", { as: front.session })).status).toBe(403);
    const week = await put("/api/admin/business-hours", {
      timezone: "Europe/Paris",
      week: {
        mon: [
          ["09:00", "12:00"],
          ["13:00", "17:00"],
        ],
        fri: [["22:00", "06:00"]],
      },
      holidays: ["2026-12-25"],
    });
    expect(week.status).toBe(200);
    expect(
      (await call(desk.app, "GET", "/api/admin/business-hours", { as: admin.session })).json.holidays,
    ).toEqual(["2026-12-25"]);
    await put("/api/admin/business-hours", { timezone: "Europe/Paris", alwaysOpen: true });
    const all = await call(desk.app, "GET", "/api/admin/sla-policies", { as: admin.session });
    expect(all.json.normal).toMatchObject({ firstResponseMinutes: 60, resolutionMinutes: 240 });
    expect(all.json.urgent.firstResponseMinutes).toBeGreaterThan(0);
  });
});

describe("deadlines and the sweep", () => {
  it("gives every new ticket its deadlines and puts it in the due index", async () => {
    const before = Date.now();
    const { id } = await submitTicket(desk.app);
    const { sla } = await view(id);
    expect(sla).toMatchObject({ policy: "normal", state: "ok", breached: [] });
    const due = Date.parse(sla.firstResponseDueAt) - before;
    expect(due).toBeGreaterThan(59 * 60_000);
    expect(due).toBeLessThan(61 * 60_000);
    expect(Date.parse(sla.nextCheckAt)).toBeLessThan(Date.parse(sla.firstResponseDueAt));
  });

  it("warns the assignee before the first-response target, then escalates on breach to the next tier's team", async () => {
    const { id } = await frontTicket({ subject: "Warn me" });
    await runSweep(later(50));
    await desk.drain();
    let ticket = await view(id);
    expect(ticket.sla.state).toBe("warning");
    expect(slaEvents(ticket)[0]).toMatch(/first response target due .* warned the assignee/);
    expect(
      (await mailsTo(desk, front.email)).some((m) => m.subject.includes("SLA warning: first response")),
    ).toBe(true);

    await runSweep(later(70));
    await desk.drain();
    ticket = await view(id);
    expect(ticket).toMatchObject({ tier: "L2", team: "back", assigneeId: back.agent.agentId });
    expect(ticket.sla.state).toBe("breached");
    expect(slaEvents(ticket)[1]).toMatch(
      /first response target breached: due .*, \d+ min late; escalated to L2, moved to team back/,
    );
    expect(slaEvents(ticket)[1]).toContain("offered to Bob");
    // The new team is told it was escalated to them, by the team's name; the previous assignee that it moved away.
    const toBack = (await mailsTo(desk, back.email)).filter((m) =>
      m.subject.includes("Escalated to you: Warn me"),
    );
    expect(toBack).toHaveLength(1);
    expect(toBack[0]!.body.text).toContain("now sits with team Back office (L2) at tier L2");
    const toFront = (await mailsTo(desk, front.email)).filter((m) => m.subject.includes("Warn me"));
    expect(toFront.map((m) => m.subject)).not.toContainEqual(expect.stringContaining("Escalated to you"));
    const away = toFront.filter((m) => m.subject.includes("Escalated away from you: Warn me"));
    expect(away).toHaveLength(1);
    expect(away[0]!.body.text).toContain("moved to team Back office (L2) at tier L2");
  });

  it("escalates once when two sweeps run at the same time", async () => {
    const { id } = await frontTicket({ subject: "Twice" });
    await Promise.all([runSweep(later(90)), runSweep(later(90))]);
    const ticket = await view(id);
    expect(ticket.tier).toBe("L2");
    expect(slaEvents(ticket)).toHaveLength(1);
  });

  it("never overwrites an agent's change made while the sweep decides", async () => {
    const { id } = await frontTicket({ subject: "Race" });
    let raced = false;
    const outcome = await sweepTicket(id, later(90), {
      escalatesTo: async (team) => (team === "front" ? "back" : undefined),
      teamName: async (team) => (team ? { name: team } : undefined),
      admins: async () => [admin.agent.agentId],
      present: async () => true,
      async members(team) {
        if (!raced) {
          raced = true;
          // The agent answers and lowers the priority between the sweep's read and its write.
          await call(desk.app, "POST", `/api/tickets/${id}/replies`, {
            as: admin.session,
            body: { body: "On it" },
          });
          await patch(id, { priority: "low" });
        }
        return (await teamAgentItems(team ?? "none")).map((a) => a.agentId);
      },
      async offer(team) {
        return (await availableAgents(team)).candidates[0];
      },
    });
    expect(raced).toBe(true);
    expect(outcome).toBe("rescheduled");
    const ticket = await view(id);
    expect(ticket.priority).toBe("low");
    expect(ticket.firstResponseAt).not.toBeNull();
    // Decided again on the fresh ticket: first response was met, the low-priority resolution is not due yet.
    expect(slaEvents(ticket).join()).not.toContain("first response target breached");
    expect(ticket.tier).toBe("L1");
  });

  it("keeps the minutes spent waiting on the customer when the priority changes later: no breach", async () => {
    const { id } = await frontTicket({ subject: "Paused, then raised" });
    const createdAt = Date.parse((await view(id)).createdAt);
    const at = (minutes: number) => new Date(createdAt + minutes * 60_000).toISOString();
    // Only Date is faked: the clock moves 7 minutes while the ticket waits on the customer.
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(createdAt + 60_000);
      expect((await patch(id, { status: "pending" })).sla.state).toBe("paused");
      vi.setSystemTime(createdAt + 8 * 60_000);
      const resumed = (await patch(id, { status: "open" })).sla;
      expect(resumed).toMatchObject({ state: "ok", firstResponseDueAt: at(67), resolutionDueAt: at(247) });
      vi.setSystemTime(createdAt + 9 * 60_000);
      // high: 120/480 — counted as if it had applied from the start, with the same 7 minutes paused.
      const raised = (await patch(id, { priority: "high" })).sla;
      expect(raised).toMatchObject({ policy: "high", firstResponseDueAt: at(127), resolutionDueAt: at(487) });
    } finally {
      vi.useRealTimers();
    }
    // Past created + 120 (the due time without the pause), before created + 127: not breached, not escalated.
    await runSweep(new Date(createdAt + 122 * 60_000));
    const ticket = await view(id);
    expect(ticket.sla.breached).toEqual([]);
    expect(ticket).toMatchObject({ tier: "L1", team: "front", assigneeId: front.agent.agentId });
    expect(slaEvents(ticket).join()).not.toContain("breached");
  });

  it("escalates one tier per run when both targets are missed at once: each tier in its own team, each counted", async () => {
    await createTeam({ id: "tier3", name: "Tier 3" });
    await createTeam({ id: "tier2", name: "Tier 2", escalatesTo: "tier3" });
    await createTeam({ id: "tier1", name: "Tier 1", escalatesTo: "tier2" });
    const [one, two, three] = [
      await signedInAgent(desk.app, { teams: ["tier1"], name: "Una" }),
      await signedInAgent(desk.app, { teams: ["tier2"], name: "Duo" }),
      await signedInAgent(desk.app, { teams: ["tier3"], name: "Tria" }),
    ];
    const { id } = await submitTicket(desk.app, { subject: "Both missed" });
    await desk.drain();
    await patch(id, { team: "tier1", assigneeId: one.agent.agentId });
    // normal 60/240: the sweep comes after both.
    await runSweep(later(300));
    await desk.drain();
    let ticket = await view(id);
    expect(ticket).toMatchObject({ tier: "L2", team: "tier2", assigneeId: two.agent.agentId });
    expect(ticket.sla.breached).toEqual(["firstResponse"]);
    await runSweep(later(301));
    await desk.drain();
    ticket = await view(id);
    expect(ticket).toMatchObject({ tier: "L3", team: "tier3", assigneeId: three.agent.agentId });
    expect(ticket.sla.breached).toEqual(["firstResponse", "resolution"]);
    expect(slaEvents(ticket)).toEqual([
      expect.stringMatching(/first response target breached: .*escalated to L2, moved to team tier2/),
      expect.stringMatching(/resolution target breached: .*escalated to L3, moved to team tier3/),
    ]);
    expect(
      (await mailsTo(desk, three.email)).some((m) => m.subject.includes("Escalated to you: Both missed")),
    ).toBe(true);
    // The escalations report counts both steps, each with its reason.
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const rows = (
      await call(desk.app, "GET", `/api/reports/escalations?from=${day(-1)}&to=${day(2)}&groupBy=team`, {
        as: admin.session,
      })
    ).json.rows as Record<string, number | string>[];
    const ours = rows.filter((r) => ["tier1", "tier2", "tier3"].includes(String(r.key)));
    const sum = (field: string) => ours.reduce((n, r) => n + Number(r[field] ?? 0), 0);
    expect([sum("toL2"), sum("toL3"), sum("sla_first_response"), sum("sla_resolution")]).toEqual([
      1, 1, 1, 1,
    ]);
  });

  it("recomputes open tickets' deadlines in the background after a policy change", async () => {
    const { id } = await frontTicket({ subject: "Policy moves" });
    const before = (await view(id)).sla.resolutionDueAt;
    expect(
      (await put("/api/admin/sla-policies/normal", { firstResponseMinutes: 60, resolutionMinutes: 600 }))
        .status,
    ).toBe(200);
    const swept = await runSweep();
    expect(swept.recomputed).toBeGreaterThan(0);
    const after = (await view(id)).sla.resolutionDueAt;
    expect(Date.parse(after) - Date.parse(before)).toBeGreaterThan(350 * 60_000);
    await put("/api/admin/sla-policies/normal", { firstResponseMinutes: 60, resolutionMinutes: 240 });
    await runSweep();
  });
});

describe("housekeeping", () => {
  it("reminds a silent customer once (in French), then solves; closes solved tickets", async () => {
    expect(
      (
        await put("/api/admin/housekeeping", {
          pendingReminderDays: 1,
          pendingSolveDays: 2,
          solvedCloseDays: 3,
        })
      ).status,
    ).toBe(200);
    const { id } = await frontTicket({ subject: "Attente", email: "silence@example.fr", locale: "fr" });
    await call(desk.app, "POST", `/api/tickets/${id}/replies`, {
      as: admin.session,
      body: { body: "Pouvez-vous préciser ?", status: "pending" },
    });
    await desk.drain();
    expect((await view(id)).sla.state).toBe("paused");
    await runSweep(later(25 * 60));
    await desk.drain();
    const reminders = (await mailsTo(desk, "silence@example.fr")).filter((m) =>
      m.subject.includes("Nous attendons votre réponse"),
    );
    expect(reminders).toHaveLength(1);
    await runSweep(later(26 * 60));
    await desk.drain();
    expect(
      (await mailsTo(desk, "silence@example.fr")).filter((m) => m.subject.includes("Nous attendons")),
    ).toHaveLength(1);
    await runSweep(later(25 * 60 + 2 * 1440 + 5));
    let ticket = await view(id);
    expect(ticket.status).toBe("solved");
    expect(slaEvents(ticket).join()).toContain("no answer from the customer after the reminder: solved");
    await runSweep(later(25 * 60 + 5 * 1440 + 10));
    ticket = await view(id);
    expect(ticket.status).toBe("closed");
    expect(ticket.sla.nextCheckAt).toBeNull();
  });
});

describe("external vendors (L4)", () => {
  it("hands a ticket to a vendor, threads the vendor's reply back for agents only, and meets its contract", async () => {
    const vendor = await call(desk.app, "POST", "/api/admin/vendors", {
      as: admin.session,
      body: { id: "acme-isp", name: "Acme ISP", email: "noc@acme-isp.example", responseMinutes: 120 },
    });
    expect(vendor.status).toBe(201);
    const { id } = await frontTicket({ subject: "Fibre cut", email: "office@example.com" });
    const handed = await call(desk.app, "POST", `/api/tickets/${id}/vendor`, {
      as: front.session,
      body: { vendorId: "acme-isp", message: "Please check the line at our office." },
    });
    expect(handed.status).toBe(200);
    expect(handed.json).toMatchObject({ tier: "L4", vendor: { id: "acme-isp" } });
    await desk.drain();
    const [handoff] = (await mailsTo(desk, "noc@acme-isp.example")) as unknown as {
      subject: string;
      replyTo: string[];
      body: { text: string };
    }[];
    expect(handoff!.body.text).toContain("Please check the line at our office.");

    await deliver(
      desk,
      await rawMail({
        from: "Acme NOC <noc@acme-isp.example>",
        to: handoff!.replyTo[0],
        subject: `Re: ${handoff!.subject}`,
        text: "Line repaired at 14:00.",
      }),
    );
    const ticket = await view(id);
    const answer = ticket.timeline.find((e: { kind: string }) => e.kind === "vendor_message");
    expect(answer).toMatchObject({
      body: expect.stringContaining("Line repaired"),
      author: { type: "vendor" },
    });
    expect(ticket.vendor.respondedAt).not.toBeNull();
    expect(ticket.status).not.toBe("solved");
    // Through a link the desk mails the customer (the form's own key shows no answers at all).
    const mailed = await call(desk.app, "POST", `/api/tickets/${id}/portal-link`, {
      as: front.session,
      body: {},
    });
    const portal = await call(desk.app, "GET", `/api/portal/tickets/${id}`, {
      headers: { authorization: `Bearer ${mailed.json.portalToken}` },
    });
    expect(JSON.stringify(portal.json)).not.toContain("Line repaired");
    expect((await mailsTo(desk, front.email)).some((m) => m.subject.includes("The vendor answered"))).toBe(
      true,
    );
  });

  it("tells the owner when the vendor stays silent past its contract", async () => {
    const { id } = await frontTicket({ subject: "Silent vendor" });
    await call(desk.app, "POST", `/api/tickets/${id}/vendor`, {
      as: front.session,
      body: { vendorId: "acme-isp", message: "Help" },
    });
    await call(desk.app, "POST", `/api/tickets/${id}/replies`, {
      as: front.session,
      body: { body: "We asked our provider." },
    });
    await runSweep(later(125));
    await desk.drain();
    const ticket = await view(id);
    expect(ticket.sla.breached).toContain("vendor");
    expect(ticket.tier).toBe("L4");
    expect(slaEvents(ticket).join()).toContain("vendor response target breached");
    expect((await sentMail(desk.endpoints.mail)).some((m) => m.subject.includes("Vendor silent"))).toBe(true);
  });

  it("refuses a hand-off to an unknown vendor or of a solved ticket", async () => {
    const { id } = await frontTicket();
    const unknown = await call(desk.app, "POST", `/api/tickets/${id}/vendor`, {
      as: front.session,
      body: { vendorId: "nobody", message: "x" },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.fields).toEqual({ vendorId: 'No vendor "nobody"' });
    await patch(id, { status: "solved" });
    const solved = await call(desk.app, "POST", `/api/tickets/${id}/vendor`, {
      as: front.session,
      body: { vendorId: "acme-isp", message: "x" },
    });
    expect(solved.status).toBe(409);
  });
});
