import { beforeAll, describe, expect, it } from "vitest";
import { createTeam } from "../../core/agent/directory.ts";
import { calendarNotice, unroutedWorkNotice } from "../../core/agent/onboarding.ts";
import { forgetSlaContext } from "../../core/sla/policy.ts";
import { store } from "../../core/store/index.ts";
import { seedDefaults } from "../../core/triage/defaults.ts";
import { saveTriageSettings } from "../../core/triage/settings.ts";
import { runSweep } from "../../functions/cron/sweep.ts";
import {
  call,
  patchTicket,
  type Session,
  sentMail,
  signedInAgent,
  startTestDesk,
  submitTicket,
  type TestDesk,
} from "../support/desk.ts";

/**
 * Issue 14: every open ticket is in front of a person who is told — on a fresh desk with only an admin, when
 * nobody takes a ticket, when its assignee is away, and on every assignment and mention.
 */
let desk: TestDesk;
let admin: Awaited<ReturnType<typeof signedInAgent>>;

beforeAll(async () => {
  desk = await startTestDesk();
  await seedDefaults();
  admin = await signedInAgent(desk.app, { role: "admin", name: "Ada Admin" });
  const hours = await call(desk.app, "PUT", "/api/admin/business-hours", {
    as: admin.session,
    body: { timezone: "UTC", alwaysOpen: true },
  });
  expect(hours.status).toBe(200);
});

type Timeline = {
  kind: string;
  author: { name: string | null };
  body: string | null;
  mail: { to: string[] } | null;
}[];
const view = async (id: string, as: Session = admin.session) =>
  (await call(desk.app, "GET", `/api/tickets/${id}`, { as })).json as { timeline: Timeline } & Record<
    string,
    unknown
  >;
const later = (minutes: number) => new Date(Date.now() + minutes * 60_000);
/** Mails to `address` whose subject names ticket `number` and matches `pattern`. */
const mails = async (address: string, number: number, pattern: RegExp) =>
  (await sentMail(desk.endpoints.mail)).filter(
    (m) =>
      m.destination.to.some((to) => to.includes(address)) &&
      m.subject.includes(`[#${number}]`) &&
      pattern.test(m.subject),
  );
const safetyEntries = (t: { timeline: Timeline }) =>
  t.timeline.filter((e) => e.author.name === "Safety net").map((e) => e.body ?? "");

describe("a fresh desk with only an admin", () => {
  it("shows the admin every unassigned ticket, whatever team triage routed it to", async () => {
    const { id, number } = await submitTicket(desk.app, {
      subject: "Imprimante en panne",
      message: "Elle est bloquée, personne ne peut imprimer",
      locale: "fr",
    });
    await desk.drain();
    const ticket = await view(id);
    expect(ticket).toMatchObject({ team: "field-support", assigneeId: null });
    const triage = ticket.timeline.find((e) => e.author.name === "Triage")!;
    expect(triage.body).toContain("team field-support has no active member");

    const all = await call(desk.app, "GET", "/api/tickets?view=unassigned", { as: admin.session });
    expect(all.status).toBe(200);
    expect(all.json.items.map((t: { number: number }) => t.number)).toContain(number);
    const counts = await call(desk.app, "GET", "/api/queue-counts", { as: admin.session });
    expect(counts.json.unassigned).toBeGreaterThanOrEqual(1);

    // An agent keeps their own teams' view.
    const agent = await signedInAgent(desk.app, { teams: ["applications"] });
    const theirs = await call(desk.app, "GET", "/api/tickets?view=unassigned", { as: agent.session });
    expect(theirs.json.items.map((t: { number: number }) => t.number)).not.toContain(number);
  });

  it("tells the admin at start where work of teams with nobody in them goes", async () => {
    const lines = await unroutedWorkNotice();
    // By the names the admin screens show, not by id (a fresh desk's banner listed "field-support, hr, …").
    expect(lines[0]).toContain("Field support");
    expect(lines[0]).toContain("HR and administration");
    expect(lines[0]).not.toContain("field-support");
    expect(lines[1]).toContain("every admin's Unassigned view");
    expect(lines[1]).toContain("30 business minutes");
  });

  it("tells the admin at start which calendar SLAs and reports run on until business hours are set", async () => {
    // This file's desk has its hours set (beforeAll): take them away for a moment, as on a fresh desk.
    const { data: set } = await store().entities.setting.get({ name: "business-hours" }).go();
    expect(await calendarNotice()).toEqual([]);
    await store().entities.setting.delete({ name: "business-hours" }).go();
    try {
      const lines = await calendarNotice();
      expect(lines[0]).toContain(`in ${process.env.DESK_TIMEZONE ?? "UTC"} until an admin sets them`);
    } finally {
      await store().entities.setting.put(set!).go();
      forgetSlaContext();
    }
    expect(await calendarNotice()).toEqual([]);
  });

  it("alerts the admins once when nobody takes a ticket of a member-less team", async () => {
    const { id, number } = await submitTicket(desk.app, {
      subject: "Badge reader broken",
      message: "The door badge does not open.",
    });
    await desk.drain();
    expect((await view(id)).assigneeId).toBeNull();
    await runSweep(later(20));
    await desk.drain();
    expect(await mails(admin.email, number, /Nobody has taken/)).toHaveLength(0);

    await runSweep(later(31));
    await desk.drain();
    expect(await mails(admin.email, number, /Nobody has taken/)).toHaveLength(1);
    const ticket = await view(id);
    expect(safetyEntries(ticket)).toEqual([expect.stringContaining("told the admins")]);
    const record = ticket.timeline.find(
      (e) => e.kind === "auto_mail" && /Nobody has taken/.test(e.body ?? ""),
    );
    expect(record?.mail?.to).toEqual([admin.email]);

    await runSweep(later(90));
    await desk.drain();
    expect(await mails(admin.email, number, /Nobody has taken/)).toHaveLength(1);
    expect(safetyEntries(await view(id))).toHaveLength(1);
  });

  it("takes the unassigned delay from the desk settings (admin API, validated)", async () => {
    const bad = await call(desk.app, "PUT", "/api/admin/housekeeping", {
      as: admin.session,
      body: { unassignedAlertMinutes: 0 },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields).toHaveProperty("unassignedAlertMinutes");
    const set = await call(desk.app, "PUT", "/api/admin/housekeeping", {
      as: admin.session,
      body: { unassignedAlertMinutes: 5 },
    });
    expect(set.json.unassignedAlertMinutes).toBe(5);
    const { number } = await submitTicket(desk.app, { subject: "Projector cable", message: "Need a cable." });
    await desk.drain();
    await runSweep(later(6));
    await desk.drain();
    expect(await mails(admin.email, number, /Nobody has taken/)).toHaveLength(1);
    await call(desk.app, "PUT", "/api/admin/housekeeping", { as: admin.session, body: {} });
  });

  it("brings the alert of a ticket already waiting forward when the threshold is lowered", async () => {
    const put = (body: unknown) =>
      call(desk.app, "PUT", "/api/admin/housekeeping", { as: admin.session, body });
    expect((await put({ unassignedAlertMinutes: 600 })).status).toBe(200);
    const { number } = await submitTicket(desk.app, { subject: "Badge reader", message: "It beeps." });
    await desk.drain();
    expect((await put({ unassignedAlertMinutes: 5 })).status).toBe(200);
    // The recompute job rewrites it in the background; the sweep then finds it due.
    await runSweep(later(6));
    await runSweep(later(6));
    await desk.drain();
    expect(await mails(admin.email, number, /Nobody has taken/)).toHaveLength(1);
    await put({});
    await runSweep();
  });

  it("sends SLA warnings for a team with nobody in it to the admins", async () => {
    const { id, number } = await submitTicket(desk.app, {
      subject: "Laptop slow",
      message: "It takes ages.",
    });
    await desk.drain();
    // normal priority: first response in 480 business minutes, warned at 75 %.
    await runSweep(later(365));
    await desk.drain();
    expect(await mails(admin.email, number, /SLA warning/)).toHaveLength(1);
    const sla = (await view(id)).timeline.find((e) => e.author.name === "SLA")!;
    expect(sla.body).toContain("warned the admins");
  });
});

describe("assignment notices", () => {
  let ann: Awaited<ReturnType<typeof signedInAgent>>;
  let bob: Awaited<ReturnType<typeof signedInAgent>>;
  beforeAll(async () => {
    ann = await signedInAgent(desk.app, { teams: ["desk-a"], name: "Ann Martin" });
    bob = await signedInAgent(desk.app, { teams: ["desk-a"], name: "Bob Durand" });
    const french = await call(desk.app, "PATCH", "/api/me", { as: bob.session, body: { locale: "fr" } });
    expect(french.json).toMatchObject({ locale: "fr", mailNotices: true });
  });

  it("tells the assignee once, in their language, and the timeline says who got what", async () => {
    const { id, number } = await submitTicket(desk.app, { subject: "VPN drops", message: "Every hour." });
    await desk.drain();
    expect((await patchTicket(desk.app, admin.session, id, { assigneeId: ann.agent.agentId })).status).toBe(
      200,
    );
    await desk.drain();
    await desk.drain();
    expect(await mails(ann.email, number, /Assigned to you/)).toHaveLength(1);

    expect((await patchTicket(desk.app, admin.session, id, { assigneeId: bob.agent.agentId })).status).toBe(
      200,
    );
    await desk.drain();
    const [french] = await mails(bob.email, number, /Ticket qui vous est attribué/);
    expect(french?.body.text).toContain(`/app/tickets/${id}`);
    expect(french?.body.text).toContain("Ada Admin vous a attribué");

    expect((await patchTicket(desk.app, admin.session, id, { assigneeId: null })).status).toBe(200);
    const ticket = await view(id);
    const bodies = ticket.timeline.map((e) => e.body ?? "");
    expect(bodies).toEqual(
      expect.arrayContaining([
        "Assigned to Ann Martin.",
        "Reassigned from Ann Martin to Bob Durand.",
        "Unassigned: Bob Durand no longer holds the ticket.",
      ]),
    );
    const told = ticket.timeline.filter(
      (e) => e.kind === "auto_mail" && /the ticket is theirs/.test(e.body ?? ""),
    );
    expect(told.map((e) => e.mail?.to)).toEqual([[ann.email], [bob.email]]);
  });

  it("tells each assignee of a bulk assignment (one PATCH per ticket, as the app does) once per ticket", async () => {
    const tickets = [
      await submitTicket(desk.app, { subject: "Bulk one", message: "First." }),
      await submitTicket(desk.app, { subject: "Bulk two", message: "Second." }),
    ];
    await desk.drain();
    for (const { id } of tickets)
      expect((await patchTicket(desk.app, admin.session, id, { assigneeId: ann.agent.agentId })).status).toBe(
        200,
      );
    await desk.drain();
    await desk.drain();
    for (const { number } of tickets)
      expect(await mails(ann.email, number, /Assigned to you/)).toHaveLength(1);
  });

  it("does not mail an agent who assigns a ticket to themselves, nor one who turned notices off", async () => {
    const { id, number } = await submitTicket(desk.app, { subject: "Self service", message: "Mine." });
    await desk.drain();
    expect((await patchTicket(desk.app, ann.session, id, { assigneeId: ann.agent.agentId })).status).toBe(
      200,
    );
    const off = await call(desk.app, "PATCH", "/api/me", { as: bob.session, body: { mailNotices: false } });
    expect(off.json.mailNotices).toBe(false);
    expect(
      (await call(desk.app, "PATCH", "/api/me", { as: bob.session, body: { role: "admin" } })).status,
    ).toBe(400);
    expect((await patchTicket(desk.app, admin.session, id, { assigneeId: bob.agent.agentId })).status).toBe(
      200,
    );
    await desk.drain();
    expect(await mails(ann.email, number, /Assigned to you/)).toHaveLength(0);
    expect(await mails(bob.email, number, /Attribué/)).toHaveLength(0);
    await call(desk.app, "PATCH", "/api/me", { as: bob.session, body: { mailNotices: true } });
  });

  it("mails an agent named in an internal note (by name or address), once per note", async () => {
    const { id, number } = await submitTicket(desk.app, { subject: "Need a hand", message: "Help." });
    await desk.drain();
    const note = await call(desk.app, "POST", `/api/tickets/${id}/notes`, {
      as: admin.session,
      body: { body: `@Ann Martin can you look? cc @${bob.email}. Not @Ann Mart.` },
    });
    expect(note.status).toBe(201);
    await desk.drain();
    await desk.drain();
    const toAnn = await mails(ann.email, number, /mentioned you/);
    expect(toAnn).toHaveLength(1);
    expect(toAnn[0]!.body.text).toContain("can you look?");
    expect(await mails(bob.email, number, /vous a mentionné/)).toHaveLength(1);
    const records = (await view(id)).timeline.filter(
      (e) => e.kind === "auto_mail" && /mentioned them/.test(e.body ?? ""),
    );
    expect(records).toHaveLength(2);
  });

  it("brings the tickets of an away assignee to the rest of the team once", async () => {
    const { id, number } = await submitTicket(desk.app, { subject: "Away holder", message: "Waiting." });
    await desk.drain();
    await patchTicket(desk.app, admin.session, id, { team: "desk-a", assigneeId: ann.agent.agentId });
    const away = await call(desk.app, "PATCH", `/api/admin/agents/${ann.agent.agentId}`, {
      as: admin.session,
      body: { away: true },
    });
    expect(away.status).toBe(200);
    await runSweep(later(1));
    await desk.drain();
    await runSweep(later(2));
    await desk.drain();
    // Bob works in French: the alert reaches him in French.
    expect(await mails(bob.email, number, /Ann Martin est indisponible/)).toHaveLength(1);
    expect(safetyEntries(await view(id))).toEqual([
      expect.stringContaining("the assignee Ann Martin is away: told team desk-a"),
    ]);
    await call(desk.app, "PATCH", `/api/admin/agents/${ann.agent.agentId}`, {
      as: admin.session,
      body: { away: false },
    });
  });
});

describe("agent-logged tickets", () => {
  it("are triaged from their text unless the agent chose a field", async () => {
    const agent = await signedInAgent(desk.app);
    const open = (body: Record<string, unknown>) =>
      call(desk.app, "POST", "/api/agent/tickets", {
        as: agent.session,
        body: { name: "Pat Phone", email: "pat@example.com", ...body },
      });
    const urgent = await open({
      subject: "Server down",
      message: "Production is down, urgent, nobody can work",
    });
    const chosen = await open({
      subject: "Server down",
      message: "Production is down, urgent",
      priority: "low",
    });
    expect([urgent.status, chosen.status]).toEqual([201, 201]);
    await desk.drain();
    expect((await view(urgent.json.ticket.id)).priority).toBe("urgent");
    const kept = await view(chosen.json.ticket.id);
    expect(kept.priority).toBe("low");
    expect(kept.timeline.find((e) => e.author.name === "Triage")!.body).toContain(
      "priority: kept as an agent set it",
    );
  });
});

describe("triage's fallback", () => {
  it("routes work of a member-less team to the desk's fallback team when someone is in it", async () => {
    await createTeam({ id: "helpdesk", name: "Help desk" });
    const helper = await signedInAgent(desk.app, { teams: ["helpdesk"], name: "Hélène Helper" });
    await saveTriageSettings({ fallbackTeam: "helpdesk" });
    const { id } = await submitTicket(desk.app, {
      subject: "Printer jammed",
      message: "The printer is jammed.",
    });
    await desk.drain();
    const ticket = await view(id);
    expect(ticket).toMatchObject({ team: "helpdesk", assigneeId: helper.agent.agentId });
    expect(ticket.timeline.find((e) => e.author.name === "Triage")!.body).toContain(
      "has no active member: routed to the fallback team helpdesk",
    );
    // The start banner names the fallback team as the admin screens do.
    expect((await unroutedWorkNotice())[1]).toContain('the fallback team "Help desk"');
  });
});
