import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { fileInboundMail } from "../../core/mail/inbound.ts";
import { storeInboundMail } from "../../core/mail/raw-store.ts";
import { viewTicketAsCustomer } from "../../core/ticket/read.ts";
import { seedDefaults } from "../../core/triage/defaults.ts";
import { call, signedInAgent, startTestDesk, type TestDesk } from "../support/desk.ts";
import { acksTo, deliver, ticketsOf } from "../support/mail.ts";

/**
 * A relay that gave up mid-message and delivered again: the first copy is cut short in the middle of its
 * attachment (tests/fixtures/email/desk/rw6-relay-retry-cut.eml, the first 5,494 bytes of
 * rw6-relay-retry-complete.eml), the second is whole, both with the same Message-ID. The complete copy is filed on
 * the ticket beside the cut one (core/mail/complete-copy.ts); nothing of the ticket happens twice.
 */

const fixture = (name: string, address: string) =>
  Buffer.from(
    readFileSync(join(import.meta.dirname, "../fixtures/email/desk", name))
      .toString("latin1")
      .replaceAll("irene.morel@client.example", address)
      .replaceAll("PR3P195MB0871A2C4E1F09B7D5E3A9C41BD5A2@", `${address.split("@")[0]}.PR3P195@`),
    "latin1",
  );

type Entry = {
  id: string;
  kind: string;
  body?: string;
  what?: { code: string } | null;
  supersededBy: string | null;
  supersedes: string | null;
  messageId: string | null;
  author: { email: string | null; name: string | null };
  attachments: { name: string; size: number; omitted?: string | null }[];
  mail: { truncated: boolean } | null;
};

let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  await seedDefaults();
  agent = await signedInAgent(desk.app);
});

const view = async (id: string) =>
  (await call(desk.app, "GET", `/api/tickets/${id}`, { as: agent.session })).json as {
    status: string;
    category: string | null;
    timeline: Entry[];
  };
const messages = (timeline: Entry[]) => timeline.filter((e) => e.kind === "customer_message");
const codes = (timeline: Entry[], code: string) => timeline.filter((e) => e.what?.code === code).length;
/** A file an agent downloads, as bytes. */
const download = async (path: string) => {
  const response = await desk.app.request(path, { headers: { cookie: agent.session.cookie } });
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
};
const original = (ticketId: string, entryId: string) =>
  download(`/api/tickets/${ticketId}/entries/${entryId}/original`);
const triageEntries = (timeline: Entry[]) =>
  timeline.filter((e) => e.kind === "event" && e.what?.code?.startsWith("triage")).map((e) => e.what);

/** The cut copy filed, then `then` delivered: the ticket and its timeline after all workers ran. */
async function cutThen(address: string, ...then: string[]) {
  await deliver(desk, fixture("rw6-relay-retry-cut.eml", address));
  await desk.drain();
  for (const name of then) {
    await deliver(desk, fixture(name, address));
    await desk.drain();
  }
  const tickets = await ticketsOf(desk, agent.session, address);
  expect(tickets).toHaveLength(1);
  return { ticket: tickets[0]!, view: await view(tickets[0]!.id) };
}

describe("a message cut short, then delivered whole", () => {
  it("files the complete copy right after the cut one, which is marked superseded and kept", async () => {
    const { ticket, view: after } = await cutThen("irene.c1@client.example", "rw6-relay-retry-complete.eml");
    const [cut, complete, ...rest] = messages(after.timeline);
    expect(rest).toEqual([]);
    expect(cut!.body).toContain("may be incomplete");
    expect(cut!.supersededBy).toBe(complete!.id);
    expect(complete!.supersedes).toBe(cut!.id);
    expect(complete!.body).toContain("Please refund the second charge to the same card.");
    expect(complete!.body).not.toContain("incomplete");
    expect(complete!.mail?.truncated).toBe(false);
    expect(complete!.messageId).toBe(cut!.messageId);
    expect(complete!.author).toEqual(cut!.author);
    // The whole statement is listed and stored; each original downloads as it came.
    expect(complete!.attachments).toEqual([
      expect.objectContaining({ name: "statement-2026-12.pdf", size: 9014 }),
    ]);
    expect(cut!.attachments[0]!.size).toBeLessThan(9014);
    const file = await download(`/api/tickets/${ticket.id}/entries/${complete!.id}/attachments/0`);
    expect(file.length).toBe(9014);
    expect(file.subarray(0, 8).toString("latin1")).toBe("%PDF-1.4");
    expect((await original(ticket.id, complete!.id)).length).toBe(
      fixture("rw6-relay-retry-complete.eml", "irene.c1@client.example").length,
    );
    expect((await original(ticket.id, cut!.id)).length).toBe(
      fixture("rw6-relay-retry-cut.eml", "irene.c1@client.example").length,
    );
    // The timeline shows it in the cut one's place: nothing of the desk's came between them.
    const at = after.timeline.findIndex((e) => e.id === cut!.id);
    expect(after.timeline[at + 1]!.id).toBe(complete!.id);
  });

  it("acknowledges and triages the message once, as a message delivered whole only once", async () => {
    const { view: twice } = await cutThen("irene.c2@client.example", "rw6-relay-retry-complete.eml");
    await deliver(desk, fixture("rw6-relay-retry-complete.eml", "irene.c2b@client.example"));
    await desk.drain();
    const [whole] = await ticketsOf(desk, agent.session, "irene.c2b@client.example");
    const once = await view(whole!.id);
    expect(await acksTo(desk, "irene.c2@client.example")).toHaveLength(1);
    expect(codes(twice.timeline, "ack_sent")).toBe(1);
    expect(triageEntries(once.timeline).length).toBeGreaterThan(0);
    expect(triageEntries(twice.timeline)).toEqual(triageEntries(once.timeline));
    expect(twice.status).toBe(once.status);
    // The assignee heard of the message once (when the cut copy came), or not at all: never of the copy.
    expect(codes(twice.timeline, "notified_customer_message")).toBe(
      codes(once.timeline, "notified_customer_message"),
    );
  });

  it("changes nothing with a third copy, nor with a cut copy after the complete one", async () => {
    const address = "irene.c3@client.example";
    const { ticket, view: completed } = await cutThen(address, "rw6-relay-retry-complete.eml");
    for (const name of ["rw6-relay-retry-complete.eml", "rw6-relay-retry-cut.eml"]) {
      await deliver(desk, fixture(name, address));
      await desk.drain();
    }
    expect((await view(ticket.id)).timeline).toEqual(completed.timeline);
    expect(await acksTo(desk, address)).toHaveLength(1);
  });

  it("files one complete copy when two are filed at the same moment, its file intact", async () => {
    const address = "irene.c6@client.example";
    await deliver(desk, fixture("rw6-relay-retry-cut.eml", address));
    // Two copies filed side by side (two relays, or a notification delivered twice at once).
    const copy = fixture("rw6-relay-retry-complete.eml", address);
    const keys = await Promise.all([storeInboundMail(copy), storeInboundMail(copy)]);
    const outcomes = await Promise.all(keys.map((key) => fileInboundMail(key)));
    await desk.drain();
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(["completed", "duplicate"]);
    const [ticket] = await ticketsOf(desk, agent.session, address);
    const [cut, complete, ...rest] = messages((await view(ticket!.id)).timeline);
    expect(rest).toEqual([]);
    expect(cut!.supersededBy).toBe(complete!.id);
    // The copy that lost took back its own files only.
    const file = await download(`/api/tickets/${ticket!.id}/entries/${complete!.id}/attachments/0`);
    expect(file.length).toBe(9014);
  });

  it("files a complete copy first as any message, and a cut copy after it as a duplicate", async () => {
    const address = "irene.c4@client.example";
    await deliver(desk, fixture("rw6-relay-retry-complete.eml", address));
    await desk.drain();
    await deliver(desk, fixture("rw6-relay-retry-cut.eml", address));
    await desk.drain();
    const [ticket] = await ticketsOf(desk, agent.session, address);
    const [only, ...rest] = messages((await view(ticket!.id)).timeline);
    expect(rest).toEqual([]);
    expect(only!.supersededBy).toBeNull();
    expect(only!.supersedes).toBeNull();
  });

  it("shows the customer the complete copy alone", async () => {
    const { ticket } = await cutThen("irene.c5@client.example", "rw6-relay-retry-complete.eml");
    const portal = await viewTicketAsCustomer(ticket.id);
    const bodies = portal.timeline.filter((e) => e.kind === "customer_message").map((e) => e.body);
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).toContain("Please refund the second charge");
    expect(bodies[0]).not.toContain("may be incomplete");
  });
});
