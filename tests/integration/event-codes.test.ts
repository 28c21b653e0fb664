import { beforeAll, describe, expect, it } from "vitest";
import { listCategories } from "../../core/agent/directory.ts";
import { allAgents } from "../../core/sla/safety-net.ts";
import { EVENT_CODES } from "../../core/ticket/event-text.ts";
import { seedDefaults } from "../../core/triage/defaults.ts";
import { eventText } from "../../web/app/src/event-text.ts";
import type { Names } from "../../web/app/src/names.ts";
import {
  call,
  patchTicket,
  signedInAgent,
  startTestDesk,
  submitTicket,
  type TestDesk,
} from "../support/desk.ts";

let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  await seedDefaults();
  agent = await signedInAgent(desk.app, { name: "Ann Martin" });
});

type Entry = {
  kind: string;
  body: string | null;
  author: { type: string; name: string | null };
  what: { code: string; params?: Record<string, unknown>; parts?: { code: string }[] } | null;
};

/**
 * The directory as the agent app reads it, in English — teams left as ids, as the server's English body writes
 * them (the app shows team names; category and agent names are what the server writes too).
 */
async function directoryNames(): Promise<Names> {
  const byId = (items: { id: string; name: string }[]) =>
    Object.fromEntries(items.map((i) => [i.id, i.name]));
  const agents = await allAgents();
  return {
    ready: true,
    agents: Object.fromEntries(agents.map((a) => [a.agentId, a.name])),
    teams: {},
    categories: byId(await listCategories()),
  };
}

describe("timeline events carry a language-free code", () => {
  it("a created, triaged, acknowledged and assigned ticket: every event and automatic mail has a known code", async () => {
    const { id } = await submitTicket(desk.app, {
      subject: "Imprimante en panne",
      message: "Elle est bloquée, personne ne peut imprimer",
      locale: "fr",
    });
    await desk.drain();
    expect((await patchTicket(desk.app, agent.session, id, { assigneeId: agent.agent.agentId })).status).toBe(
      200,
    );

    const timeline: Entry[] = (await call(desk.app, "GET", `/api/tickets/${id}`, { as: agent.session })).json
      .timeline;
    const written = timeline.filter((e) => e.kind === "event" || e.kind === "auto_mail");
    expect(written.length).toBeGreaterThanOrEqual(3);
    const known = new Set<string>(EVENT_CODES);
    for (const entry of written) {
      expect(entry.what, `${entry.kind}: ${entry.body}`).not.toBeNull();
      expect(known.has(entry.what!.code), entry.what!.code).toBe(true);
      for (const part of entry.what!.parts ?? []) expect(known.has(part.code), part.code).toBe(true);
      expect(entry.body, "the English body stays for API clients").toBeTruthy();
    }
    const codes = written.map((e) => e.what!.code);
    expect(codes).toEqual(expect.arrayContaining(["triage", "ack_sent", "assigned"]));

    const triage = written.find((e) => e.what!.code === "triage")!;
    expect(triage.what!.parts!.map((p) => p.code)).toEqual(
      expect.arrayContaining([
        "triage_category_rule",
        "triage_team_default",
        "triage_priority",
        "triage_tier",
      ]),
    );
    const assigned = written.find((e) => e.what!.code === "assigned")!;
    expect(assigned.what!.params).toEqual({ agent: agent.agent.agentId });

    // The app's English table says what the server wrote, word for word: codes lose nothing of the body.
    const names = await directoryNames();
    for (const entry of [triage, assigned, written.find((e) => e.what!.code === "ack_sent")!])
      expect(eventText(entry as Parameters<typeof eventText>[0], names)).toBe(entry.body);
  });

  it("links and customer closing carry codes too", async () => {
    const a = await submitTicket(desk.app, { subject: "Screen flickers" });
    const b = await submitTicket(desk.app, { subject: "Screen flickers again" });
    const linked = await call(desk.app, "POST", `/api/tickets/${a.id}/links`, {
      as: agent.session,
      body: { ticketId: String(b.number) },
    });
    expect(linked.status).toBeLessThan(300);
    const timeline: Entry[] = (await call(desk.app, "GET", `/api/tickets/${b.id}`, { as: agent.session }))
      .json.timeline;
    const link = timeline.find((e) => e.what?.code === "linked");
    expect(link?.what?.params).toEqual({ number: a.number });

    const closed = await call(desk.app, "POST", `/api/portal/tickets/${a.id}/close`, {
      headers: { authorization: `Bearer ${a.portalToken}` },
      body: {},
    });
    expect(closed.status).toBe(200);
    const after: Entry[] = (await call(desk.app, "GET", `/api/tickets/${a.id}`, { as: agent.session })).json
      .timeline;
    const close = after.find((e) => e.what?.code === "customer_closed");
    expect(close?.body).toBe("The customer closed the request.");
    expect(close?.what?.params).toBeUndefined();
  });

  it("a merge of another requester's ticket: each sentence has a code, and the app's English says it word for word", async () => {
    const keep = await submitTicket(desk.app, { subject: "Mail is slow" });
    const duplicate = await submitTicket(desk.app, { subject: "Mail slow here too" });
    const merged = await call(desk.app, "POST", `/api/tickets/${duplicate.id}/merge`, {
      as: agent.session,
      body: { into: keep.id },
    });
    expect(merged.status).toBeLessThan(300);
    const read = async (id: string): Promise<Entry[]> =>
      (await call(desk.app, "GET", `/api/tickets/${id}`, { as: agent.session })).json.timeline;
    const source = (await read(duplicate.id)).find((e) => e.what?.code === "merged_into");
    expect(source?.what?.params).toEqual({ number: keep.number });
    const target = (await read(keep.id)).filter((e) => e.what?.code?.startsWith("merged_"));
    expect(target.map((e) => e.what!.code)).toEqual(
      expect.arrayContaining(["merged_from", "merged_other_requester"]),
    );
    const names = await directoryNames();
    for (const entry of [source!, ...target])
      expect(eventText(entry as Parameters<typeof eventText>[0], names)).toBe(entry.body);
  });
});
