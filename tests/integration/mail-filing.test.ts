import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { deskMessageId } from "../../core/mail/message-id.ts";
import { storeInboundMail } from "../../core/mail/raw-store.ts";
import { fileOrList } from "../../core/mail/unfiled-retry.ts";
import { loadTicketItem } from "../../core/ticket/commit.ts";
import { viewTicketAsCustomer } from "../../core/ticket/read.ts";
import {
  call,
  patchTicket,
  sentMail,
  signedInAgent,
  startTestDesk,
  TEST_SECRET,
  type TestDesk,
} from "../support/desk.ts";
import { acksTo, deliver, rawMail, ticketsOf } from "../support/mail.ts";

const fixture = (name: string) => readFileSync(join(import.meta.dirname, "../fixtures/email/desk", name));

let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
let admin: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  agent = await signedInAgent(desk.app, { name: "Alice Agent" });
  admin = await signedInAgent(desk.app, { role: "admin", name: "Ada Admin" });
});

const view = async (id: string) =>
  (await call(desk.app, "GET", `/api/tickets/${id}`, { as: agent.session })).json;
type Unfiled = { id: string; reason: string; subject: string | null; from: { name: string | null } | null };
const unfiledList = async () =>
  (await call(desk.app, "GET", "/api/admin/unfiled?limit=100", { as: admin.session })).json
    .items as Unfiled[];

/** A mail ticket from `address` with an agent reply sent; returns the ticket and the reply's Message-ID. */
async function conversation(address: string) {
  await deliver(desk, await rawMail({ from: `Dana <${address}>`, subject: "Laptop will not boot" }));
  const [ticket] = await ticketsOf(desk, agent.session, address);
  const reply = await call(desk.app, "POST", `/api/tickets/${ticket!.id}/replies`, {
    as: agent.session,
    body: { body: "Hold power for 10 s" },
  });
  await desk.drain();
  const sent = (await view(ticket!.id)).timeline.find((e: { id: string }) => e.id === reply.json.entry.id);
  return { ticket: ticket!, replyId: sent.messageId as string };
}

describe("sender fallback", () => {
  it("files by Reply-To alone, by the first valid From after a garbage one, and by Sender behind an empty From", async () => {
    for (const [name, address] of [
      ["reply-to-only.eml", "olga.only@client.example"],
      ["garbage-first-from.eml", "gary.second@client.example"],
      ["empty-from-sender.eml", "sam.sender@client.example"],
    ] as const) {
      await deliver(desk, fixture(name));
      const tickets = await ticketsOf(desk, agent.session, address);
      expect(tickets, name).toHaveLength(1);
      // This desk's acknowledgement (the SES emulator is shared: the fixtures test files the same messages).
      const acks = (await acksTo(desk, address)).filter((m) => m.body.text.includes(tickets[0]!.id));
      expect(acks, name).toHaveLength(1);
    }
  });

  it("prefers a person's Reply-To over a no-reply From (web forms), but never a list's Reply-To", async () => {
    await deliver(
      desk,
      await rawMail({
        from: "Shop <noreply@shop.example>",
        headers: { "reply-to": "Paula Buyer <paula@client.example>" },
        subject: "Order 1234 never arrived",
      }),
    );
    const [paula] = await ticketsOf(desk, agent.session, "paula@client.example");
    expect(paula).toBeDefined();
    // The customer the site's form relayed is acknowledged (neutral text: Reply-To proves no address).
    const acks = (await acksTo(desk, "paula@client.example")).filter((m) => m.body.text.includes(paula!.id));
    expect(acks).toHaveLength(1);
    await deliver(
      desk,
      await rawMail({
        from: "Liam <liam@client.example>",
        headers: {
          "reply-to": "it-users@lists.client.example",
          "list-post": "<mailto:it-users@lists.client.example>",
        },
        subject: "Printer queue stuck",
      }),
    );
    expect(await ticketsOf(desk, agent.session, "liam@client.example")).toHaveLength(1);
    expect(await ticketsOf(desk, agent.session, "it-users@lists.client.example")).toHaveLength(0);
  });
});

describe("unfiled mail", () => {
  it("lists a message with no usable sender with its reason and original, once, and files it by hand", async () => {
    const raw = fixture("no-sender.eml");
    await deliver(desk, raw);
    await deliver(desk, raw); // a redelivery adds nothing
    const listed = (await unfiledList()).filter((u) => u.subject === "Who am I");
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ reason: "no_sender", from: { name: "Nobody At All" } });
    const id = listed[0]!.id;

    expect((await call(desk.app, "GET", "/api/admin/unfiled", { as: agent.session })).status).toBe(403);
    const original = await desk.app.request(`/api/admin/unfiled/${id}/original`, {
      headers: { cookie: admin.session.cookie },
    });
    expect(original.status).toBe(200);
    expect(Buffer.from(await original.arrayBuffer()).equals(raw)).toBe(true);

    const bad = await call(desk.app, "POST", `/api/admin/unfiled/${id}/file`, {
      as: admin.session,
      body: { requesterEmail: "not an address" },
    });
    expect(bad.status).toBe(400);
    const filed = await call(desk.app, "POST", `/api/admin/unfiled/${id}/file`, {
      as: admin.session,
      body: { requesterEmail: "nobody@client.example", requesterName: "Nobody" },
    });
    expect(filed.status).toBe(201);
    await desk.drain();
    const ticket = await view(filed.json.ticketId);
    expect(ticket).toMatchObject({ subject: "Who am I" });
    expect(ticket.timeline[0].body).toContain("names no address");
    expect(await acksTo(desk, "nobody@client.example")).toHaveLength(1);
    expect((await unfiledList()).some((u) => u.id === id)).toBe(false);
    // Delivered again after filing: the same message, already on a ticket.
    await deliver(desk, raw);
    expect(await ticketsOf(desk, agent.session, "nobody@client.example")).toHaveLength(1);
    expect((await unfiledList()).some((u) => u.subject === "Who am I")).toBe(false);
  });

  it("files a message of 1,001 MIME parts with what could be read, never as unfiled", async () => {
    const parts = Array.from(
      { length: 1001 },
      (_, i) =>
        `--b\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename="f${i}.txt"\r\n\r\npart ${i}\r\n`,
    );
    const raw = [
      "From: Parts <parts@client.example>",
      "To: support@desk.localhost",
      "Subject: A thousand parts",
      "Message-ID: <thousand-parts@client.example>",
      'Content-Type: multipart/mixed; boundary="b"',
      "",
      `${parts.join("")}--b--`,
      "",
    ].join("\r\n");
    await deliver(desk, raw);
    // Read up to its first 900 parts (the rest stays in the original): filed at once, never listed as unfiled.
    const [ticket] = await ticketsOf(desk, agent.session, "parts@client.example");
    expect(ticket).toBeDefined();
    expect((await view(ticket!.id)).timeline[0].body).toContain("truncated");
    expect((await unfiledList()).some((u) => u.subject === "A thousand parts")).toBe(false);
  });

  it("retries a failing message, and lists it with the error on the queue's last attempt", async () => {
    const key = await storeInboundMail(await rawMail({ from: "flaky@client.example", subject: "Flaky" }));
    // An outage that outlasts every attempt (the store answering again only for the unfiled record).
    const outage = async (): Promise<never> => {
      throw new Error("connect ECONNREFUSED 127.0.0.1:8000");
    };
    await expect(fileOrList(key, 4, 5, outage)).rejects.toThrow(/ECONNREFUSED/);
    expect((await unfiledList()).some((u) => u.subject === "Flaky")).toBe(false);
    expect(await fileOrList(key, 5, 5, outage)).toMatchObject({ outcome: "unfiled", reason: "failed" });
    const item = (await unfiledList()).find((u) => u.subject === "Flaky") as Unfiled & { detail: string };
    expect(item.detail).toContain("ECONNREFUSED");
    // Filed by hand once the outage is over, through the normal path.
    const filed = await call(desk.app, "POST", `/api/admin/unfiled/${item.id}/file`, {
      as: admin.session,
      body: { requesterEmail: "flaky@client.example" },
    });
    expect(filed.status).toBe(201);
    expect(await ticketsOf(desk, agent.session, "flaky@client.example")).toHaveLength(1);
  });

  it("dismisses an unfiled message", async () => {
    await deliver(desk, await rawMail({ from: '"Ghost" <>', subject: "Dismiss me" }));
    const item = (await unfiledList()).find((u) => u.subject === "Dismiss me")!;
    const gone = await call(desk.app, "DELETE", `/api/admin/unfiled/${item.id}`, { as: admin.session });
    expect(gone.status).toBe(204);
    expect((await unfiledList()).some((u) => u.id === item.id)).toBe(false);
    const again = await call(desk.app, "DELETE", `/api/admin/unfiled/${item.id}`, { as: admin.session });
    expect(again.status).toBe(404);
    // Pages: newest first, a cursor for the next, and a forged cursor refused.
    await deliver(desk, await rawMail({ from: '"Ghost" <>', subject: "Page 1" }));
    await deliver(desk, await rawMail({ from: '"Ghost" <>', subject: "Page 2" }));
    const first = await call(desk.app, "GET", "/api/admin/unfiled?limit=1", { as: admin.session });
    expect(first.json.items.map((u: Unfiled) => u.subject)).toEqual(["Page 2"]);
    const next = await call(
      desk.app,
      "GET",
      `/api/admin/unfiled?limit=1&cursor=${encodeURIComponent(first.json.cursor)}`,
      { as: admin.session },
    );
    expect(next.json.items.map((u: Unfiled) => u.subject)).toEqual(["Page 1"]);
    const forged = await call(desk.app, "GET", "/api/admin/unfiled?cursor=garbage", { as: admin.session });
    expect(forged).toMatchObject({ status: 400, json: { error: { code: "invalid_cursor" } } });
  });

  it("files a Message-ID and In-Reply-To over 2 KB and a 500 KB subject instead of dead-lettering them", async () => {
    const long = `<${"x".repeat(3000)}@client.example>`;
    await deliver(
      desk,
      await rawMail({ from: "longid@client.example", messageId: long, inReplyTo: long, subject: "Long ids" }),
    );
    await deliver(
      desk,
      await rawMail({ from: "longid@client.example", messageId: long, subject: "Long ids" }),
    );
    expect(await ticketsOf(desk, agent.session, "longid@client.example")).toHaveLength(1);

    await deliver(desk, await rawMail({ from: "bigsubject@client.example", subject: "S".repeat(500_000) }));
    const [big] = await ticketsOf(desk, agent.session, "bigsubject@client.example");
    expect(big!.subject.length).toBeLessThanOrEqual(200);
  });
});

describe("CC safety", () => {
  it("holds a stranger's mail to the plus-address for agents: no CC, no reopening, until accepted", async () => {
    const { ticket } = await conversation("holder@client.example");
    await patchTicket(desk.app, agent.session, ticket.id, { status: "solved" });
    const replyTo = (await sentMail(desk.endpoints.mail)).find((m) =>
      m.destination.to[0]!.includes("holder@client.example"),
    ) as unknown as { replyTo: string[] };
    const plus = /<([^>]+)>/.exec(replyTo.replyTo[0]!)?.[1] ?? replyTo.replyTo[0]!;
    await deliver(desk, await rawMail({ from: "eve@evil.example", to: plus, subject: "hi", text: "add me" }));

    const after = await view(ticket.id);
    const held = after.timeline.find((e: { body: string }) => e.body === "add me");
    expect(held.held).toMatchObject({ reason: "from someone not on this ticket", acceptedAt: null });
    expect(after.cc).toEqual([]);
    expect(after.status).toBe("solved");
    const customer = await viewTicketAsCustomer(ticket.id);
    expect(customer.timeline.some((e: { body: string | null }) => e.body === "add me")).toBe(false);

    const accepted = await call(desk.app, "POST", `/api/tickets/${ticket.id}/entries/${held.id}/accept`, {
      as: agent.session,
    });
    expect(accepted.status).toBe(200);
    expect(accepted.json).toMatchObject({ cc: ["eve@evil.example"], status: "open" });
    // Reopened, the ticket is back in the open queues.
    const queue = await call(desk.app, "GET", "/api/tickets?view=all&limit=100", { as: admin.session });
    expect(queue.json.items.some((t: { id: string }) => t.id === ticket.id)).toBe(true);
    // Accepted, the message is the customer's: the unanswered-customer clock starts.
    expect((await loadTicketItem(ticket.id)).customerWaitingSince).toBeTruthy();
    const customerAfter = await viewTicketAsCustomer(ticket.id);
    expect(customerAfter.timeline.some((e: { body: string | null }) => e.body === "add me")).toBe(true);
    const twice = await call(desk.app, "POST", `/api/tickets/${ticket.id}/entries/${held.id}/accept`, {
      as: agent.session,
    });
    expect(twice.json.version).toBe(accepted.json.version);
  });

  it("never takes a Reply-To for the writer: a stranger naming the requester there is held and copies nobody", async () => {
    const { ticket } = await conversation("boss@client.example");
    await deliver(
      desk,
      await rawMail({
        from: "Eve <eve.spoof@evil.example>",
        cc: "spy@evil.example",
        subject: `Re: [#${ticket.number}] Laptop will not boot`,
        text: "copy my friend",
        headers: {
          "Reply-To": "Boss <boss@client.example>",
          "Authentication-Results": "amazonses.com; spf=pass; dkim=pass; dmarc=pass",
        },
      }),
    );
    const after = await view(ticket.id);
    const entry = after.timeline.find((e: { body: string }) => e.body === "copy my friend");
    // Threaded (or a new ticket) but never as the requester: no CC taken from the stranger's mail.
    if (entry) expect(entry.held).toMatchObject({ reason: "from someone not on this ticket" });
    expect(after.cc).toEqual([]);
  });

  it("acknowledges a requester named only by Reply-To with the neutral text, even when the From passed DMARC", async () => {
    await deliver(
      desk,
      await rawMail({
        from: "Relay <relay@evil.example>",
        subject: "Your invoice: click here",
        text: "phish",
        headers: {
          "Reply-To": "Victim Name <victim.rt@client.example>",
          "Authentication-Results": "amazonses.com; spf=pass; dkim=pass; dmarc=pass",
        },
      }),
    );
    const [ack] = await acksTo(desk, "victim.rt@client.example");
    expect(ack).toBeDefined();
    expect(ack!.subject).not.toContain("invoice");
    expect(ack!.body.text).not.toContain("Victim Name");
  });

  it("lets two agents deciding on held mail at the same moment not both win", async () => {
    const { ticket, replyId } = await conversation("race@client.example");
    await deliver(
      desk,
      await rawMail({ from: "rival@elsewhere.example", inReplyTo: replyId, text: "race me" }),
    );
    const held = (await view(ticket.id)).timeline.find((e: { body: string }) => e.body === "race me");
    const path = `/api/tickets/${ticket.id}/entries/${held.id}`;
    const answers = await Promise.all([
      call(desk.app, "POST", `${path}/accept`, { as: agent.session }),
      call(desk.app, "POST", `${path}/accept`, { as: admin.session }),
    ]);
    // Overlapping, the loser gets 409 already_decided; one after the other, the second is a repeat of a decision
    // already made (200, nothing changed). Either way only one accept is stored.
    const codes = answers.map((a) => a.status).sort();
    expect([
      [200, 200],
      [200, 409],
    ]).toContainEqual(codes);
    const after = await view(ticket.id);
    expect(after.cc).toEqual(["rival@elsewhere.example"]);
    expect(
      after.timeline.filter((e: { body: string }) => /Accepted the message/.test(e.body ?? "")),
    ).toHaveLength(1);
  });

  it("holds a stranger naming a real desk Message-ID, and splits it into their own ticket", async () => {
    const { ticket, replyId } = await conversation("victim@client.example");
    await patchTicket(desk.app, agent.session, ticket.id, { assigneeId: agent.agent.agentId });
    await deliver(
      desk,
      await rawMail({
        from: "Mallory <mallory@evil.example>",
        inReplyTo: replyId,
        subject: "Re: x",
        text: "me too",
      }),
    );
    const entry = (await view(ticket.id)).timeline.find((e: { body: string }) => e.body === "me too");
    expect(entry.held.reason).toBe("from someone not on this ticket");
    // The assignee hears of it; nobody else does.
    const notices = (await sentMail(desk.endpoints.mail)).filter((m) =>
      m.subject.startsWith(`[#${ticket.number}] Mail from someone not on this ticket`),
    );
    expect(notices.map((m) => m.destination.to.join().replace(/^.*<(.*)>$/, "$1"))).toEqual([agent.email]);
    // An agent reply now goes to the requester only.
    await call(desk.app, "POST", `/api/tickets/${ticket.id}/replies`, {
      as: agent.session,
      body: { body: "Only you" },
    });
    await desk.drain();
    const replies = (await sentMail(desk.endpoints.mail)).filter((m) =>
      JSON.stringify(m.destination).includes("mallory@evil.example"),
    );
    expect(replies).toHaveLength(0);

    const split = await call(desk.app, "POST", `/api/tickets/${ticket.id}/entries/${entry.id}/split`, {
      as: agent.session,
    });
    expect(split.status).toBe(201);
    const again = await call(desk.app, "POST", `/api/tickets/${ticket.id}/entries/${entry.id}/split`, {
      as: agent.session,
    });
    expect(again.json.ticketId).toBe(split.json.ticketId);
    const [own] = await ticketsOf(desk, agent.session, "mallory@evil.example");
    expect(own!.id).toBe(split.json.ticketId);
    expect((await view(own!.id)).timeline[0].body).toBe("me too");
    expect((await view(ticket.id)).cc).toEqual([]);
  });

  it("never copies a list, a mailer-daemon or a no-reply address, and lets only the requester add CCs", async () => {
    await deliver(desk, fixture("mailing-list-post.eml"));
    const [listed] = await ticketsOf(desk, agent.session, "lena.list@client.example");
    expect(listed!.cc).toEqual([]);
    expect(await acksTo(desk, "lena.list@client.example")).toHaveLength(0);

    const { ticket, replyId } = await conversation("owner2@client.example");
    await deliver(
      desk,
      await rawMail({
        from: "owner2@client.example",
        inReplyTo: replyId,
        cc: ["boss@client.example", "postmaster@client.example"],
        subject: "Re: Laptop",
      }),
    );
    expect((await view(ticket.id)).cc).toEqual(["boss@client.example"]);
  });
});

describe("no acknowledgement", () => {
  it("for upstream spam verdicts (filed as spam) and no-reply anywhere in the local part", async () => {
    await deliver(desk, fixture("upstream-spam-flag.eml"));
    const [spam] = await ticketsOf(desk, agent.session, "winner@prizes.example");
    expect(spam).toMatchObject({ status: "solved", tags: ["spam"] });
    expect(await acksTo(desk, "winner@prizes.example")).toHaveLength(0);
    await deliver(desk, fixture("gmail-noreply.eml"));
    expect(await ticketsOf(desk, agent.session, "gmail-noreply@google.example")).toHaveLength(1);
    expect(await acksTo(desk, "gmail-noreply@google.example")).toHaveLength(0);
    for (const local of ["no_reply", "donotreply", "do-not-reply", "billing-noreply"]) {
      await deliver(desk, await rawMail({ from: `${local}@shop.example`, subject: `Receipt ${local}` }));
      expect(await acksTo(desk, `${local}@shop.example`), local).toHaveLength(0);
    }
  });

  it("for a plain-text bounce; one naming the desk's signed Message-ID suppresses the address", async () => {
    await deliver(desk, fixture("qmail-bounce.eml"));
    expect(await ticketsOf(desk, agent.session, "mailer-daemon@mx.client.example")).toHaveLength(0);

    await deliver(desk, await rawMail({ from: "gone@client.example", subject: "Help" }));
    const [ticket] = await ticketsOf(desk, agent.session, "gone@client.example");
    const ack = (await view(ticket!.id)).timeline.find((e: { kind: string }) => e.kind === "auto_mail");
    const forged = deskMessageId("a", ticket!.id, "01FORGED", `${TEST_SECRET}-wrong`, "desk.localhost");
    const bounce = (id: string) =>
      [
        "From: MAILER-DAEMON@mx.client.example",
        "To: support@desk.localhost",
        "Subject: failure notice",
        `Message-ID: <qmail-${id.length}-${Math.random()}@mx.client.example>`,
        "",
        "Hi. This is the qmail-send program at mx.client.example.",
        "I'm afraid I wasn't able to deliver your message to the following addresses.",
        "This is a permanent error; I've given up. Sorry it didn't work out.",
        "",
        "<gone@client.example>:",
        "550 5.1.1 mailbox unavailable",
        "",
        "--- Below this line is a copy of the message.",
        "",
        `Message-ID: ${id}`,
        "",
      ].join("\r\n");
    await deliver(desk, bounce(forged));
    expect((await view(ticket!.id)).requesterUndeliverable ?? null).toBeNull();

    await deliver(desk, bounce(ack.messageId));
    const after = await view(ticket!.id);
    expect(after.requesterUndeliverable).toMatchObject({ reason: "bounce" });
    const last = after.timeline.at(-1);
    expect(last.mail.automatic).toContain("bounce");
    // The daemon's notice is for agents only, and can never be accepted onto the ticket.
    expect(last.held).toMatchObject({ reason: "from someone not on this ticket" });
    const refused = await call(desk.app, "POST", `/api/tickets/${ticket!.id}/entries/${last.id}/accept`, {
      as: agent.session,
    });
    expect(refused).toMatchObject({ status: 409, json: { error: { code: "sender_not_copyable" } } });
    expect(after.cc).toEqual([]);
    expect(after.status).toBe("new");
    await deliver(desk, await rawMail({ from: "gone@client.example", subject: "Second try" }));
    expect(await acksTo(desk, "gone@client.example")).toHaveLength(1);
  });
});
