import { beforeAll, describe, expect, it } from "vitest";
import { updateAgent } from "../../core/agent/agent.ts";
import { store } from "../../core/store/index.ts";
import { seedDefaults } from "../../core/triage/defaults.ts";
import { currentModel, trainIfDue } from "../../core/triage/learn.ts";
import { handler as sweep } from "../../functions/cron/sweep.ts";
import { handler as triageWorker } from "../../functions/workers/triage.ts";
import {
  call,
  failedInvocations,
  patchTicket,
  poisonReachesDlq,
  signedInAgent,
  startTestDesk,
  submitTicket,
  type TestDesk,
} from "../support/desk.ts";

let desk: TestDesk;
let admin: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  await seedDefaults();
  admin = await signedInAgent(desk.app, { role: "admin" });
});

type Timeline = { timeline: { author: { name: string | null }; body: string | null }[] };
const view = async (id: string) =>
  (await call(desk.app, "GET", `/api/tickets/${id}`, { as: admin.session })).json;
const triageNotes = (ticket: Timeline) =>
  ticket.timeline.filter((e) => e.author.name === "Triage").map((e) => e.body ?? "");
const patch = async (id: string, body: Record<string, unknown>) => {
  expect((await patchTicket(desk.app, admin.session, id, body)).status).toBe(200);
};
const putSettings = (body: Record<string, unknown>) =>
  call(desk.app, "PUT", "/api/admin/triage", { as: admin.session, body });
const examples = async () => (await store().entities.example.query.byTicket({}).go({ pages: "all" })).data;

/** Invented product words no keyword rule knows: only a model that learned them can place these tickets. */
const vocab = {
  software: ["zorblax", "crashes", "plugin", "update", "freezes", "spreadsheet"],
  hardware: ["quuxboard", "fan", "noisy", "overheats", "chassis", "battery"],
  network: ["fizzlink", "latency", "packet", "router", "ping", "slow"],
};
/** 4 to 7 words drawn from a list (a seeded generator, so the test is repeatable). */
function sentence(words: string[], seed: number): string {
  let state = seed * 2654435761;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state;
  };
  return Array.from({ length: 4 + (next() % 4) }, () => words[next() % words.length]).join(" ");
}

describe("learning from agents", () => {
  it("keeps an agent's correction and a solve's confirmation as one example per ticket", async () => {
    const { id } = await submitTicket(desk.app, {
      subject: "Gizmo question",
      message: "The gizmo thing again",
    });
    await desk.drain();
    await patch(id, { category: "software" });
    await desk.drain();
    let mine = (await examples()).filter((e) => e.ticketId === id);
    expect(mine).toMatchObject([{ category: "software", source: "corrected" }]);
    expect(mine[0]!.text).toContain("The gizmo thing again");

    await patch(id, { status: "solved" });
    await desk.drain();
    mine = (await examples()).filter((e) => e.ticketId === id);
    expect(mine).toMatchObject([{ category: "software", source: "confirmed" }]);

    // The same event again changes nothing.
    const event = JSON.stringify({
      type: "ticket.categorized",
      id: "01CATEGORIZED0000000000000",
      occurredAt: new Date().toISOString(),
      ticketId: id,
      category: "software",
      agentId: admin.agent.agentId,
      source: "confirmed",
    });
    expect(await failedInvocations(triageWorker, [event, event])).toEqual([]);
    expect((await examples()).filter((e) => e.ticketId === id)).toHaveLength(1);
  });

  it("lets rules decide until the model has learned enough, then the model decides", async () => {
    expect((await putSettings({ minExamples: 30, minConfidence: 0.6, retrainMinutes: 1 })).status).toBe(200);
    const before = await submitTicket(desk.app, { subject: "Zorblax", message: "zorblax again" });
    await desk.drain();
    expect((await view(before.id)).category).toBeNull();
    expect(triageNotes(await view(before.id)).join()).toContain("takes over after 30");

    const items = Object.entries(vocab).flatMap(([category, words]) =>
      Array.from({ length: 15 }, (_, i) => ({ text: sentence(words, i + 1), category })),
    );
    const imported = await call(desk.app, "POST", "/api/admin/triage/examples", {
      as: admin.session,
      body: { examples: items },
    });
    const distinct = new Set(items.map((e) => e.text)).size;
    expect(distinct).toBeGreaterThan(30);
    expect(imported.json).toEqual({ imported: distinct });

    // The sweep trains when examples changed, and not again until they change.
    const swept = await sweep();
    expect(swept.model).toBe("trained");
    expect(await trainIfDue()).toBe("up_to_date");
    const status = await call(desk.app, "GET", "/api/admin/triage/model", { as: admin.session });
    expect(status.json).toMatchObject({ active: true, version: 1 });
    expect(status.json.examples).toBeGreaterThanOrEqual(distinct);
    // Stored in the table, in parts no bigger than an item may be.
    const { data: parts } = await store().entities.modelChunk.query.byVersion({ version: 1 }).go();
    expect(parts.length).toBeGreaterThan(0);
    for (const part of parts) expect((part.data as Uint8Array).length).toBeLessThanOrEqual(300_000);

    const after = await submitTicket(desk.app, {
      subject: "Fizzlink again",
      message: "fizzlink latency, packet loss, ping slow",
    });
    await desk.drain();
    const ticket = await view(after.id);
    expect(ticket.category).toBe("network");
    expect(triageNotes(ticket).join()).toMatch(/category Network: model, confidence \d+%/);
  });

  it("leaves a ticket the model is unsure about for an agent, even when a rule matches", async () => {
    expect((await putSettings({ minExamples: 30, minConfidence: 0.999 })).status).toBe(200);
    const { id } = await submitTicket(desk.app, {
      subject: "Password and zorblax",
      message: "quuxboard fan, fizzlink ping",
    });
    await desk.drain();
    const ticket = await view(id);
    expect(ticket.category).toBeNull();
    expect(ticket.team).toBe("service-desk");
    const note = triageNotes(ticket).join();
    expect(note).toContain("model unsure");
    expect(note).toContain('rule matched "password"');
    expect(note).toContain("where uncategorized tickets go");
  });

  it("retrains on agents' corrections, and workers pick up the new model", async () => {
    await putSettings({ minExamples: 30, minConfidence: 0.6, retrainMinutes: 1 });
    const first = await currentModel();
    for (let i = 0; i < 6; i++) {
      const { id } = await submitTicket(desk.app, {
        subject: "Badge",
        message: `wibblegate door reader ${i}`,
      });
      await desk.drain();
      await patch(id, { category: "security" });
    }
    await desk.drain();
    // Not yet: the last model is younger than retrainMinutes.
    expect(await trainIfDue()).toBe("later");
    expect(await trainIfDue(new Date(Date.now() + 61_000))).toBe("trained");
    const second = await currentModel();
    expect(second!.version).toBe(first!.version + 1);
    expect(second!.model.labels).toContain("security");
  });
});

describe("priority and routing", () => {
  it("raises VIP requesters (an address or a whole domain) to high, and says so", async () => {
    expect((await putSettings({ vips: ["@board.example", "ceo@example.org"] })).status).toBe(200);
    const { id } = await submitTicket(desk.app, {
      email: "chair@board.example",
      message: "A small question",
    });
    await desk.drain();
    const ticket = await view(id);
    expect(ticket.priority).toBe("high");
    expect(triageNotes(ticket).join()).toContain("VIP requester (@board.example)");
  });

  it("refuses bad settings with field errors and keeps the old ones", async () => {
    const bad = await putSettings({ minConfidence: 2, vips: ["not a domain"] });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json.error.fields)).toEqual(expect.arrayContaining(["minConfidence", "vips.0"]));
    const team = await putSettings({ fallbackTeam: "no-such-team" });
    expect(team.status).toBe(400);
    expect(team.json.error.fields).toEqual({ fallbackTeam: 'No team "no-such-team"' });
    const now = await call(desk.app, "GET", "/api/admin/triage", { as: admin.session });
    expect(now.json.vips).toEqual(["@board.example", "ceo@example.org"]);
    const agent = await signedInAgent(desk.app);
    expect((await call(desk.app, "GET", "/api/admin/triage", { as: agent.session })).status).toBe(403);
    const unknown = await call(desk.app, "POST", "/api/admin/triage/examples", {
      as: admin.session,
      body: {
        examples: [
          { text: "fine example", category: "hardware" },
          { text: "bad one", category: "nope" },
        ],
      },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.fields).toEqual({ "examples.1.category": 'No category "nope"' });
    expect((await examples()).some((e) => e.text === "fine example")).toBe(false);
  });
});

describe("reopened tickets", () => {
  it("raises the priority on an urgent reopen and finds a new assignee when the old one left", async () => {
    await putSettings({});
    const leaver = await signedInAgent(desk.app, { teams: ["field-support"], name: "Leaver" });
    const stayer = await signedInAgent(desk.app, { teams: ["field-support"], name: "Stayer" });
    await updateAgent(stayer.agent.agentId, { away: true });
    const { id, portalToken } = await submitTicket(desk.app, {
      subject: "Printer jam",
      message: "paper stuck",
    });
    await desk.drain();
    expect((await view(id)).assigneeId).toBe(leaver.agent.agentId);
    await patch(id, { status: "solved" });
    await updateAgent(leaver.agent.agentId, { active: false });
    await updateAgent(stayer.agent.agentId, { away: false });

    const reopened = await call(desk.app, "POST", `/api/portal/tickets/${id}/messages`, {
      headers: { authorization: `Bearer ${portalToken}` },
      body: { message: "Urgent: it is down again, nobody can print" },
    });
    expect(reopened.status).toBe(201);
    await desk.drain();
    const ticket = await view(id);
    expect(ticket).toMatchObject({ status: "open", priority: "urgent", assigneeId: stayer.agent.agentId });
    const last = triageNotes(ticket).at(-1)!;
    expect(last).toContain("reopened by the customer");
    expect(last).toContain("no longer active");
  });

  it("keeps the assignee and an agent's priority when a customer reopens", async () => {
    const owner = await signedInAgent(desk.app, { teams: ["field-support"], name: "Owner" });
    const { id, portalToken } = await submitTicket(desk.app, {
      subject: "Printer toner",
      message: "low toner",
    });
    await desk.drain();
    await patch(id, { assigneeId: owner.agent.agentId, priority: "low" });
    await patch(id, { status: "solved" });
    await call(desk.app, "POST", `/api/portal/tickets/${id}/messages`, {
      headers: { authorization: `Bearer ${portalToken}` },
      body: { message: "Urgent, still broken" },
    });
    await desk.drain();
    expect(await view(id)).toMatchObject({
      priority: "low",
      assigneeId: owner.agent.agentId,
      status: "open",
    });
  });
});

describe("triage queue", () => {
  it("sends a poison message to DeadLetters without failing the others", async () => {
    const { id } = await submitTicket(desk.app, { subject: "Printer jam in batch" });
    await desk.drain();
    const good = JSON.stringify({
      type: "ticket.created",
      id: "01GOODTRIAGE00000000000000",
      occurredAt: new Date().toISOString(),
      ticketId: id,
      ticketNumber: 1,
      channel: "web",
      entryId: "x",
    });
    const messages = ["{not json", good, JSON.stringify({ type: "ticket.created", id: "x" })];
    expect(await failedInvocations(triageWorker, messages)).toEqual([0, 2]);

    const dead = await poisonReachesDlq(desk, "Triage");
    expect(dead).toEqual(["{poison"]);
  });
});
