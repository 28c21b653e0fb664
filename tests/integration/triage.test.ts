import { beforeAll, describe, expect, it } from "vitest";
import { updateAgent } from "../../core/agent/agent.ts";
import { createCategory, createTeam } from "../../core/agent/directory.ts";
import { store } from "../../core/store/index.ts";
import { seedDefaults } from "../../core/triage/defaults.ts";
import { triageTicket } from "../../core/triage/triage.ts";
import { handler as triageWorker } from "../../functions/workers/triage.ts";
import {
  call,
  failedInvocations,
  patchTicket,
  sentMail,
  signedInAgent,
  startTestDesk,
  submitTicket,
  type TestDesk,
} from "../support/desk.ts";

let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  expect(await seedDefaults()).toBe(true);
  expect(await seedDefaults()).toBe(false);
  agent = await signedInAgent(desk.app);
});

const view = async (id: string) =>
  (await call(desk.app, "GET", `/api/tickets/${id}`, { as: agent.session })).json;
const triageEvents = (ticket: { timeline: { authorType?: string; author: { name: string | null } }[] }) =>
  ticket.timeline.filter((e) => e.author.name === "Triage");

describe("triage worker", () => {
  it("categorizes, prioritizes and routes a new French ticket, and says why on the timeline", async () => {
    const { id } = await submitTicket(desk.app, {
      subject: "Imprimante en panne",
      message: "Elle est bloquée, personne ne peut imprimer",
      locale: "fr",
    });
    await desk.drain();
    const ticket = await view(id);
    expect(ticket).toMatchObject({
      category: "printing",
      team: "field-support",
      priority: "urgent",
      tier: "L1",
    });
    const [event] = triageEvents(ticket) as unknown as { body: string; changes: unknown[] }[];
    expect(event!.body).toContain('rule matched "imprimante"');
    expect(event!.body).toContain('"en panne"');
    expect(event!.changes).toEqual(
      expect.arrayContaining([
        { field: "category", to: "printing" },
        { field: "team", to: "field-support" },
        { field: "priority", from: "normal", to: "urgent" },
      ]),
    );
    const queue = await call(desk.app, "GET", "/api/tickets?view=unassigned&team=field-support", {
      as: agent.session,
    });
    expect(queue.json.items.map((t: { id: string }) => t.id)).toContain(id);
  });

  it("leaves a ticket it cannot place for a human, and says so", async () => {
    const { id } = await submitTicket(desk.app, {
      subject: "Question",
      message: "Who do I talk to about the parking?",
    });
    await desk.drain();
    const ticket = await view(id);
    expect(ticket.category).toBeNull();
    expect((triageEvents(ticket)[0] as unknown as { body: string }).body).toContain("no rule matched");
  });

  it("never overwrites what an agent set, and triages once however often the event comes", async () => {
    const { id } = await submitTicket(desk.app, { subject: "VPN down for everyone", message: "urgent" });
    await patchTicket(desk.app, agent.session, id, { category: "hardware", priority: "low" });
    await desk.drain();
    const event = JSON.stringify({
      type: "ticket.created",
      id: "01REDELIVERED0000000000000",
      occurredAt: new Date().toISOString(),
      ticketId: id,
      ticketNumber: 1,
      channel: "web",
      entryId: "x",
    });
    expect(await failedInvocations(triageWorker, [event, event])).toEqual([]);
    const ticket = await view(id);
    // The agent's category routes the ticket: to the default team of hardware, not of the rule's network.
    expect(ticket).toMatchObject({ category: "hardware", priority: "low", team: "field-support" });
    expect(triageEvents(ticket)).toHaveLength(1);
  });
});

describe("assignment", () => {
  const assigneeOf = async (id: string) => (await view(id)).assigneeId as string | null;
  const load = async (agentId: string) =>
    (await store().entities.agentLoad.get({ agentId }).go()).data?.open ?? 0;

  it("gives each new ticket to the available agent with the least open work, taking turns on ties", async () => {
    await createTeam({ id: "printers", name: "Printers" });
    await createCategory({ id: "toner", name: "Toner", defaultTeam: "printers", keywords: ["inkwell"] });
    const a = await signedInAgent(desk.app, { teams: ["printers"], name: "Ann" });
    const b = await signedInAgent(desk.app, { teams: ["printers"], name: "Ben" });
    const ids = [];
    for (let i = 0; i < 4; i++)
      ids.push((await submitTicket(desk.app, { subject: `Inkwell empty ${i}` })).id);
    await desk.drain();
    const owners = await Promise.all(ids.map(assigneeOf));
    expect(owners.filter((o) => o === a.agent.agentId)).toHaveLength(2);
    expect(owners.filter((o) => o === b.agent.agentId)).toHaveLength(2);
    expect(await load(a.agent.agentId)).toBe(2);
    const notices = (await sentMail(desk.endpoints.mail)).filter(
      (m) => m.subject.includes("Assigned to you") && m.destination.to[0]!.includes(a.email),
    );
    expect(notices).toHaveLength(2);

    // Solving one frees a slot: the counter follows the ticket.
    await patchTicket(desk.app, agent.session, ids[0]!, { status: "solved" });
    expect(await load(owners[0]!)).toBe(1);
  });

  it("skips agents who are away or at capacity; with nobody available the ticket waits in the team queue", async () => {
    await createTeam({ id: "badges", name: "Badges" });
    await createCategory({ id: "badge", name: "Badge", defaultTeam: "badges", keywords: ["badge"] });
    const busy = await signedInAgent(desk.app, { teams: ["badges"], name: "Busy" });
    const away = await signedInAgent(desk.app, { teams: ["badges"], name: "Away" });
    await updateAgent(busy.agent.agentId, { capacity: 1 });
    await updateAgent(away.agent.agentId, { away: true });
    const first = await submitTicket(desk.app, { subject: "Badge broken" });
    const second = await submitTicket(desk.app, { subject: "Badge lost" });
    await desk.drain();
    // Whichever was triaged first got the only free slot; the other waits, and its timeline says why.
    const both = [await view(first.id), await view(second.id)];
    expect(both.map((t) => t.assigneeId ?? "none").sort()).toEqual([busy.agent.agentId, "none"].sort());
    const waiting = both.find((t) => t.assigneeId === null);
    expect(
      triageEvents(waiting)
        .map((e) => (e as unknown as { body: string }).body)
        .join(),
    ).toContain("at capacity");
  });

  it("never books an agent past capacity under concurrent tickets", async () => {
    await createTeam({ id: "desk-night", name: "Night" });
    await createCategory({ id: "night", name: "Night", defaultTeam: "desk-night", keywords: ["midnight"] });
    const solo = await signedInAgent(desk.app, { teams: ["desk-night"], name: "Solo" });
    await updateAgent(solo.agent.agentId, { capacity: 2 });
    const ids = [];
    for (let i = 0; i < 6; i++)
      ids.push((await submitTicket(desk.app, { subject: `Midnight problem ${i}` })).id);
    await Promise.all(ids.map((id) => triageTicket(id)));
    const owners = await Promise.all(ids.map(assigneeOf));
    expect(owners.filter((o) => o === solo.agent.agentId)).toHaveLength(2);
    expect(await load(solo.agent.agentId)).toBe(2);
    await desk.drain();
  });

  it("leaves tickets unassigned in a team with auto-assign off", async () => {
    await createTeam({ id: "manual", name: "Manual", autoAssign: false });
    await createCategory({
      id: "manual-cat",
      name: "Manual",
      defaultTeam: "manual",
      keywords: ["handcrafted"],
    });
    await signedInAgent(desk.app, { teams: ["manual"] });
    const { id } = await submitTicket(desk.app, { subject: "Handcrafted request" });
    await desk.drain();
    const ticket = await view(id);
    expect(ticket).toMatchObject({ team: "manual", assigneeId: null });
  });
});
