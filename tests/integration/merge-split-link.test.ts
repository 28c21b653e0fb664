import { beforeAll, describe, expect, it } from "vitest";
import { store } from "../../core/store/index.ts";
import { MAX_LINKS } from "../../core/ticket/links.ts";
import { MAX_TICKET_CC } from "../../core/ticket/write-parts.ts";
import { handler as mailWorker } from "../../functions/workers/mail.ts";
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
import { deliver, mailsTo, rawMail, ticketsOf } from "../support/mail.ts";

let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  agent = await signedInAgent(desk.app, { name: "Alice Agent" });
});

type Entry = {
  id: string;
  kind: string;
  body: string | null;
  author: { email: string | null };
  held: unknown;
  splitInto: { id: string; number: number } | null;
  fromTicket: { id: string; number: number } | null;
  messageId: string | null;
  mail: { inReplyTo: string | null } | null;
  mergedSender: { id: string; number: number } | null;
  attachments: { name: string }[];
};
const view = async (id: string) =>
  (await call(desk.app, "GET", `/api/tickets/${id}`, { as: agent.session })).json as {
    number: number;
    status: string;
    version: number;
    cc: string[];
    requester: { email: string };
    mergedInto: { id: string; number: number } | null;
    mergedFrom: { id: string; number: number; subject: string }[];
    links: { id: string; number: number; subject: string }[];
    timeline: Entry[];
  };
const post = (path: string, body: unknown) =>
  call(desk.app, "POST", `/api/${path}`, { as: agent.session, body });
const merge = (id: string, into: unknown) => post(`tickets/${id}/merge`, { into });
const notices = async (address: string) =>
  (await mailsTo(desk, address)).filter((m) => /continues as|continue sous/.test(m.subject));

describe("merge", () => {
  it("closes the duplicate, shows its timeline in the target, tells its requester once, and files its thread's mail on the target", async () => {
    const target = await submitTicket(desk.app, { email: "first@example.com", subject: "VPN down" });
    const source = await submitTicket(desk.app, { email: "second@example.com", subject: "VPN broken" });
    const reply = await post(`tickets/${source.id}/replies`, { body: "Looking into it" });
    await desk.drain();
    const replyMessageId = (await view(source.id)).timeline.find((e) => e.id === reply.json.entry.id)!
      .messageId!;

    const merged = await merge(source.id, `#${target.number}`);
    expect(merged.status).toBe(200);
    expect(merged.json.source).toMatchObject({ status: "closed", mergedInto: { id: target.id } });
    expect(merged.json.target.mergedFrom).toEqual([
      { id: source.id, number: source.number, subject: "VPN broken" },
    ]);

    // The target's timeline holds the source's entries, marked with where they came from, and says so.
    const shown = await view(target.id);
    const fromSource = shown.timeline.filter((e) => e.fromTicket?.id === source.id);
    expect(fromSource.map((e) => e.kind)).toEqual(
      expect.arrayContaining(["customer_message", "agent_reply"]),
    );
    expect(shown.timeline.some((e) => e.body === `Merged from ticket #${source.number} (VPN broken)`)).toBe(
      true,
    );
    // Another requester: never copied on the target (its conversation is not theirs), but allowed to write.
    expect(shown.cc).not.toContain("second@example.com");
    expect(
      shown.timeline.some((e) => e.body?.includes(`Ticket #${source.number} is from second@example.com`)),
    ).toBe(true);
    const closed = await view(source.id);
    expect(closed.mergedInto).toMatchObject({ id: target.id, number: target.number });
    expect(closed.timeline.some((e) => e.body === `Merged into ticket #${target.number}`)).toBe(true);

    // A retry changes nothing and answers the same.
    const again = await merge(source.id, target.id);
    expect(again.status).toBe(200);
    expect(again.json.source.version).toBe(merged.json.source.version);
    expect(again.json.target.version).toBe(merged.json.target.version);

    // One notice, even when its event is delivered twice more (and with another id: the claim is the ticket's).
    await desk.drain();
    expect(await notices("second@example.com")).toHaveLength(1);
    const event = (id: string) =>
      JSON.stringify({
        type: "ticket.merged",
        id,
        occurredAt: new Date().toISOString(),
        ticketId: source.id,
        intoTicketId: target.id,
      });
    expect(
      await failedInvocations(mailWorker, [
        event("01MERGEREDELIVERED0000000A"),
        event("01MERGEREDELIVERED0000000B"),
      ]),
    ).toEqual([]);
    const [notice] = await notices("second@example.com");
    expect(await notices("second@example.com")).toHaveLength(1);
    expect(notice!.subject).toBe(
      `[#${target.number}] Your request #${source.number} continues as #${target.number}`,
    );
    // It continues the customer's own thread: in reply to the merged ticket's mail.
    const told = (await view(target.id)).timeline.find((e) => e.body?.startsWith("Told second@example.com"))!;
    const sourceIds = (await view(source.id)).timeline.map((e) => e.messageId).filter(Boolean);
    expect(sourceIds).toContain(told.mail!.inReplyTo);
    // Another requester's ticket: no link to it, not its subject.
    expect(notice!.body.text).not.toContain("ticket.html");
    expect(notice!.body.text).not.toContain("VPN down");

    // Mail answering the source's thread lands on the target, as the customer's message.
    await deliver(
      desk,
      await rawMail({
        from: "Second <second@example.com>",
        subject: "Re: VPN broken",
        text: "Still broken this morning",
        inReplyTo: replyMessageId,
        references: [replyMessageId],
      }),
    );
    const after = await view(target.id);
    const landed = after.timeline.find((e) => e.body?.includes("Still broken this morning"));
    expect(landed).toMatchObject({
      kind: "customer_message",
      held: null,
      fromTicket: null,
      mergedSender: { id: source.id, number: source.number },
    });
    expect((await view(source.id)).version).toBe(closed.version);

    // The target's requester does not see it on their page, and a reply to them is not copied to second@.
    const portal = await call(desk.app, "GET", `/api/portal/tickets/${target.id}`, {
      headers: { authorization: `Bearer ${target.portalToken}` },
    });
    expect(portal.status).toBe(200);
    expect(JSON.stringify(portal.json)).not.toContain("Still broken this morning");
    const sentBefore = (await sentMail(desk.endpoints.mail)).length;
    expect((await post(`tickets/${target.id}/replies`, { body: "Fixed for everyone" })).status).toBe(201);
    await desk.drain();
    const sent = (await sentMail(desk.endpoints.mail)).slice(sentBefore);
    const replyMails = sent.filter((m) => m.body.text.includes("Fixed for everyone"));
    expect(replyMails).toHaveLength(1);
    expect(JSON.stringify(replyMails[0]!.destination)).toContain("first@example.com");
    expect(JSON.stringify(replyMails[0]!.destination)).not.toContain("second@example.com");
  });

  it("with the same requester, copies the duplicate's CC onto the target (deduplicated)", async () => {
    const target = await submitTicket(desk.app, { email: "same@example.com", subject: "Wifi" });
    const source = await submitTicket(desk.app, { email: "same@example.com", subject: "Wifi again" });
    await store()
      .entities.ticket.patch({ ticketId: source.id })
      .set({ cc: ["colleague@example.com", "same@example.com"] })
      .go();
    const merged = await merge(source.id, target.id);
    expect(merged.status).toBe(200);
    const shown = await view(target.id);
    expect(shown.cc).toEqual(["colleague@example.com"]);
    expect(shown.timeline.some((e) => e.body?.includes("is from"))).toBe(false);
  });

  it("says on the timeline who could not be copied (full CC); their mail still lands, not held", async () => {
    const target = await submitTicket(desk.app, { email: "full.cc@example.com", subject: "Full CC" });
    const source = await submitTicket(desk.app, { email: "full.cc@example.com", subject: "Full CC again" });
    const full = Array.from({ length: MAX_TICKET_CC }, (_, i) => `cc${i}@example.com`);
    await store().entities.ticket.patch({ ticketId: target.id }).set({ cc: full }).go();
    await store()
      .entities.ticket.patch({ ticketId: source.id })
      .set({ cc: ["left.out@example.com"] })
      .go();
    const reply = await post(`tickets/${source.id}/replies`, { body: "Noted" });
    await desk.drain();
    const replyId = (await view(source.id)).timeline.find((e) => e.id === reply.json.entry.id)!.messageId!;
    expect((await merge(source.id, target.id)).status).toBe(200);
    const shown = await view(target.id);
    expect(shown.cc).toEqual(full);
    expect(
      shown.timeline.some((e) => e.body?.startsWith("Not copied") && e.body.includes("left.out@example.com")),
    ).toBe(true);
    await deliver(
      desk,
      await rawMail({
        from: "left.out@example.com",
        text: "Me as well",
        inReplyTo: replyId,
        references: [replyId],
      }),
    );
    const landed = (await view(target.id)).timeline.find((e) => e.body?.includes("Me as well"));
    expect(landed).toMatchObject({ kind: "customer_message", held: null });
  });

  it("refuses merging a closed ticket (409 source_closed), changing nothing", async () => {
    const open = await submitTicket(desk.app, { subject: "Open one" });
    const done = await submitTicket(desk.app, { subject: "Long done" });
    await patchTicket(desk.app, agent.session, done.id, { status: "solved" });
    await patchTicket(desk.app, agent.session, done.id, { status: "closed" });
    const before = [(await view(open.id)).version, (await view(done.id)).version];
    const response = await merge(done.id, open.id);
    expect([response.status, response.json.error.code]).toEqual([409, "source_closed"]);
    expect([(await view(open.id)).version, (await view(done.id)).version]).toEqual(before);
  });

  it("refuses merging into itself, an unknown, merged or closed ticket, a second merge and a cycle, changing nothing", async () => {
    const a = await submitTicket(desk.app, { subject: "A" });
    const b = await submitTicket(desk.app, { subject: "B" });
    const c = await submitTicket(desk.app, { subject: "C" });
    const done = await submitTicket(desk.app, { subject: "Done" });
    await patchTicket(desk.app, agent.session, done.id, { status: "solved" });
    await patchTicket(desk.app, agent.session, done.id, { status: "closed" });
    const versions = async () => Promise.all([a, b, c, done].map(async (t) => (await view(t.id)).version));
    const before = await versions();

    const refused = async (id: string, into: unknown, status: number, code: string) => {
      const response = await merge(id, into);
      expect(response.status, code).toBe(status);
      expect(response.json.error.code).toBe(code);
      expect(response.json.error.message).toBeTruthy();
    };
    await refused(a.id, a.number, 400, "merge_into_self");
    await refused(a.id, "#99999999", 404, "target_not_found");
    await refused(a.id, "01NOSUCHTICKET000000000000", 404, "target_not_found");
    await refused(a.id, done.number, 409, "target_closed");
    await refused("01NOSUCHTICKET000000000000", a.id, 404, "not_found");
    expect(await versions()).toEqual(before);

    expect((await merge(a.id, b.id)).status).toBe(200);
    await refused(b.id, a.id, 409, "target_merged"); // the cycle: b into a, which lives in b
    await refused(c.id, a.id, 409, "target_merged");
    await refused(a.id, c.id, 409, "already_merged");
    const merged = await versions();
    expect(merged[2]).toBe(before[2]);

    // A ticket merged into a ticket that is merged on: its entries follow (flattened), its mail too.
    expect((await merge(b.id, c.id)).status).toBe(200);
    const last = await view(c.id);
    expect(last.mergedFrom.map((m) => m.id)).toEqual([b.id, a.id]);
    expect(last.timeline.filter((e) => e.fromTicket?.id === a.id).length).toBeGreaterThan(0);
  });
});

describe("concurrent merges", () => {
  it("lets one of two crossed merges win (no cycle), and answers two identical ones the same", async () => {
    const a = await submitTicket(desk.app, { subject: "Crossed A" });
    const b = await submitTicket(desk.app, { subject: "Crossed B" });
    const crossed = await Promise.all([merge(a.id, b.id), merge(b.id, a.id)]);
    expect(crossed.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(crossed.find((r) => r.status === 409)!.json.error.code).toBe("target_merged");
    const [va, vb] = [await view(a.id), await view(b.id)];
    expect([va.mergedInto, vb.mergedInto].filter(Boolean)).toHaveLength(1);

    const c = await submitTicket(desk.app, { subject: "Twin C" });
    const d = await submitTicket(desk.app, { subject: "Twin D" });
    const twins = await Promise.all([merge(c.id, d.id), merge(c.id, `#${d.number}`)]);
    expect(twins.map((r) => r.status)).toEqual([200, 200]);
    const target = await view(d.id);
    expect(target.mergedFrom.map((m) => m.id)).toEqual([c.id]);
    expect(target.timeline.filter((e) => e.body?.startsWith("Merged from"))).toHaveLength(1);
  });
});

describe("split", () => {
  it("makes a new ticket from a customer message, with its attachments, linked both ways; a retry answers the same", async () => {
    await deliver(
      desk,
      await rawMail({
        from: "Sam Split <sam.split@example.com>",
        subject: "Printer jams",
        text: "The printer jams. Also, my badge no longer opens the door.",
        attachments: [{ filename: "jam.txt", content: Buffer.from("paper"), contentType: "text/plain" }],
      }),
    );
    const [ticket] = await ticketsOf(desk, agent.session, "sam.split@example.com");
    const original = await view(ticket!.id);
    const message = original.timeline.find((e) => e.kind === "customer_message")!;

    const split = await post(`tickets/${ticket!.id}/split`, { entryId: message.id });
    expect(split.status).toBe(201);
    const retry = await post(`tickets/${ticket!.id}/split`, { entryId: message.id });
    expect(retry.json).toEqual(split.json);

    const made = await view(split.json.ticketId);
    expect(made.requester.email).toBe("sam.split@example.com");
    const first = made.timeline.find((e) => e.kind === "customer_message")!;
    expect(first.body).toContain("badge no longer opens");
    expect(first.attachments.map((a) => a.name)).toEqual(["jam.txt"]);
    const download = await call(
      desk.app,
      "GET",
      `/api/tickets/${split.json.ticketId}/entries/${first.id}/attachments/0`,
      { as: agent.session },
    );
    expect(download.text).toBe("paper");
    expect(made.links.map((l) => l.id)).toEqual([ticket!.id]);
    expect(made.timeline.some((e) => e.body === `Split from a message on ticket #${original.number}`)).toBe(
      true,
    );

    const after = await view(ticket!.id);
    expect(after.links.map((l) => l.number)).toEqual([split.json.number]);
    expect(after.timeline.find((e) => e.id === message.id)!.splitInto).toMatchObject({
      id: split.json.ticketId,
    });
    expect(after.timeline.filter((e) => e.body?.startsWith("Split a message from"))).toHaveLength(1);

    const reply = await post(`tickets/${ticket!.id}/replies`, { body: "On it" });
    const notMessage = await post(`tickets/${ticket!.id}/split`, { entryId: reply.json.entry.id });
    expect(notMessage.status).toBe(400);
    expect(notMessage.json.error.code).toBe("not_customer_message");
    const missing = await post(`tickets/${ticket!.id}/split`, { entryId: "01NOSUCHENTRY0000000000000" });
    expect(missing.status).toBe(404);
  });
});

describe("split of held mail and full link lists", () => {
  it("links a held message's split both ways, writes 'Split from' on the new ticket, once, by either route", async () => {
    const ticket = await submitTicket(desk.app, { email: "held.owner@example.com", subject: "Held split" });
    const reply = await post(`tickets/${ticket.id}/replies`, { body: "Hello" });
    await desk.drain();
    const replyId = (await view(ticket.id)).timeline.find((e) => e.id === reply.json.entry.id)!.messageId!;
    await deliver(
      desk,
      await rawMail({
        from: "Stranger <stranger.split@example.com>",
        inReplyTo: replyId,
        text: "my own issue",
      }),
    );
    const held = (await view(ticket.id)).timeline.find((e) => e.body === "my own issue")!;
    expect(held.held).toBeTruthy();

    const split = await post(`tickets/${ticket.id}/split`, { entryId: held.id });
    expect(split.status).toBe(201);
    const again = await post(`tickets/${ticket.id}/entries/${held.id}/split`, {});
    expect([again.status, again.json.ticketId]).toEqual([201, split.json.ticketId]);
    const retry = await post(`tickets/${ticket.id}/split`, { entryId: held.id });
    expect(retry.json).toEqual(split.json);

    const made = await view(split.json.ticketId);
    expect(made.links.map((l) => l.id)).toEqual([ticket.id]);
    expect(
      made.timeline.filter((e) => e.body === `Split from a message on ticket #${ticket.number}`),
    ).toHaveLength(1);
    const source = await view(ticket.id);
    expect(source.links.map((l) => l.id)).toEqual([split.json.ticketId]);
  });

  it("splits a message of a ticket that links the most tickets it may: the split stands, unlinked, and says so", async () => {
    const ticket = await submitTicket(desk.app, {
      email: "full.links@example.com",
      message: "Two problems here",
    });
    const related = Array.from({ length: MAX_LINKS }, (_, i) => ({
      ticketId: `01FAKELINK${String(i).padStart(16, "0")}`,
      number: 900_000 + i,
    }));
    await store().entities.ticket.patch({ ticketId: ticket.id }).set({ related }).go();
    const message = (await view(ticket.id)).timeline.find((e) => e.kind === "customer_message")!;
    const split = await post(`tickets/${ticket.id}/split`, { entryId: message.id });
    expect(split.status).toBe(201);
    const made = await view(split.json.ticketId);
    expect(made.links).toEqual([]);
    expect(
      made.timeline.some((e) => e.body?.includes(`Not linked: a ticket links at most ${MAX_LINKS}`)),
    ).toBe(true);
    const source = await view(ticket.id);
    expect(source.links).toHaveLength(MAX_LINKS);
    expect(source.timeline.find((e) => e.id === message.id)!.splitInto).toMatchObject({
      id: split.json.ticketId,
    });
  });
});

describe("links", () => {
  it("links two tickets both ways, once, and removes the link both ways", async () => {
    const a = await submitTicket(desk.app, { subject: "Email slow" });
    const b = await submitTicket(desk.app, { subject: "Outlook slow" });
    const linked = await post(`tickets/${a.id}/links`, { ticketId: `#${b.number}` });
    expect(linked.status).toBe(200);
    expect(linked.json.links).toEqual([{ id: b.id, number: b.number, subject: "Outlook slow" }]);
    expect((await view(b.id)).links).toEqual([{ id: a.id, number: a.number, subject: "Email slow" }]);
    expect((await view(b.id)).timeline.some((e) => e.body === `Linked to ticket #${a.number}`)).toBe(true);

    const again = await post(`tickets/${b.id}/links`, { ticketId: a.id });
    expect(again.json.version).toBe((await view(b.id)).version);
    expect(again.json.links).toHaveLength(1);

    const self = await post(`tickets/${a.id}/links`, { ticketId: a.number });
    expect([self.status, self.json.error.code]).toEqual([400, "link_to_self"]);
    const unknown = await post(`tickets/${a.id}/links`, { ticketId: 99999999 });
    expect([unknown.status, unknown.json.error.code]).toEqual([404, "target_not_found"]);

    const removed = await call(desk.app, "DELETE", `/api/tickets/${b.id}/links/${a.id}`, {
      as: agent.session,
    });
    expect(removed.status).toBe(200);
    expect(removed.json.links).toEqual([]);
    expect((await view(a.id)).links).toEqual([]);
    expect((await view(a.id)).timeline.some((e) => e.body === `Unlinked ticket #${b.number}`)).toBe(true);
  });
});
