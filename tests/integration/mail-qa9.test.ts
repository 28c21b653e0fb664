import { createTransport } from "nodemailer";
import { beforeAll, describe, expect, it } from "vitest";
import { startSmtp } from "../../infra/local/smtp.ts";
import { call, sentMail, signedInAgent, startTestDesk, type TestDesk } from "../support/desk.ts";
import { acksTo, deliver, filledFixture, rawMail, ticketsOf } from "../support/mail.ts";

/**
 * QA round 9 on inbound mail (tests/fixtures/email/desk/qa9-*.eml), through POST /api/inbound/email and the
 * workers: who is copied, threading, null senders, feedback reports, calendar mail.
 */

const fixture = filledFixture;

let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
let admin: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  agent = await signedInAgent(desk.app);
  admin = await signedInAgent(desk.app, { role: "admin" });
});

type Entry = { id: string; kind: string; body?: string; messageId?: string; mail?: Record<string, unknown> };
type Ticket = { id: string; number: number; cc: string[]; timeline: Entry[] };
const view = async (id: string) =>
  (await call(desk.app, "GET", `/api/tickets/${id}`, { as: agent.session })).json as Ticket;
const onlyTicketOf = async (address: string) => {
  const tickets = await ticketsOf(desk, agent.session, address);
  expect(tickets, address).toHaveLength(1);
  return view(tickets[0]!.id);
};
const mailedTo = async (address: string) =>
  (await sentMail(desk.endpoints.mail)).filter((m) => m.destination.to.some((to) => to.includes(address)));

describe("a desk that was only blind-copied", () => {
  it("copies none of the visible recipients: the requester alone gets the answers", async () => {
    const address = "olga.q9@example.com";
    await deliver(desk, fixture("qa9-bcc-only.eml", { ADDRESS: address }));
    const ticket = await onlyTicketOf(address);
    expect(ticket.cc).toEqual([]);
    expect(ticket.timeline[0]!.mail!.notCopied).toEqual(["team@partner.example"]);
    const reply = await call(desk.app, "POST", `/api/tickets/${ticket.id}/replies`, {
      as: agent.session,
      body: { body: "Noted, thanks." },
    });
    expect(reply.status).toBe(201);
    await desk.drain();
    expect(await mailedTo("team@partner.example")).toEqual([]);
    expect((await mailedTo(address)).length).toBeGreaterThan(0);
  });
});

describe("a requester's reply that only blind-copies the desk", () => {
  it("lands on the ticket but copies nobody it openly names", async () => {
    const address = "olga.reply.q9@example.com";
    await deliver(desk, await rawMail({ from: `Olga <${address}>`, subject: "VPN drops" }));
    const ticket = await onlyTicketOf(address);
    await deliver(
      desk,
      await rawMail({
        from: `Olga <${address}>`,
        to: "partner.q9@partner.example",
        subject: `Re: VPN drops [#${ticket.number}]`,
        text: "Partner: see the ticket, support is in Bcc.",
      }),
    );
    const after = await onlyTicketOf(address);
    expect(after.cc).toEqual([]);
    const reply = after.timeline.filter((e) => e.kind === "customer_message").at(-1)!;
    expect(reply.body).toBe("Partner: see the ticket, support is in Bcc.");
    expect(reply.mail!.notCopied).toEqual(["partner.q9@partner.example"]);
  });
});

describe("threading by a long References header", () => {
  it("finds the ticket by the thread's root, first among 121 ids, as clients that trim References keep it", async () => {
    const address = "gerard.q9@corp.example";
    await deliver(desk, await rawMail({ from: `Gerard <${address}>`, subject: "quota again" }));
    const ticket = await onlyTicketOf(address);
    const reply = await call(desk.app, "POST", `/api/tickets/${ticket.id}/replies`, {
      as: agent.session,
      body: { body: "Quota raised." },
    });
    await desk.drain();
    const root = (await view(ticket.id)).timeline.find((e) => e.id === reply.json.entry.id)!.messageId!;
    await deliver(desk, fixture("qa9-long-references-root-first.eml", { ADDRESS: address, ROOT: root }));
    const after = await onlyTicketOf(address);
    const last = after.timeline.filter((e) => e.kind === "customer_message").at(-1)!;
    expect(last.body).toBe("Quota still full after the weekend.");
    expect(last.mail!.threadedBy).toBe("references");
  });
});

describe("mail from the null sender that is no delivery report", () => {
  it("is filed as a ticket, marked automatic and not acknowledged (Return-Path: <> as SES writes it)", async () => {
    const address = "walter.q9@example.com";
    await deliver(desk, fixture("qa9-return-path-null-question.eml", { ADDRESS: address }));
    const ticket = await onlyTicketOf(address);
    expect(ticket.timeline[0]!.body).toBe("The printer toner on floor 2 is empty, can someone replace it?");
    expect(ticket.timeline[0]!.mail!.automatic).toEqual(["null sender"]);
    expect(await acksTo(desk, address)).toEqual([]);
  });

  it("the local SMTP listener writes the envelope sender as Return-Path, as SES does", async () => {
    const smtp = await startSmtp(0, "support@desk.localhost");
    const transport = createTransport({ host: "127.0.0.1", port: smtp.port, secure: false, ignoreTLS: true });
    try {
      const nullSender = "wendy.q9@example.com";
      const person = "xavier.q9@example.com";
      await transport.sendMail({
        envelope: { from: "", to: "support@desk.localhost" },
        raw: fixture("qa9-null-envelope-question.eml", { ADDRESS: nullSender }),
      });
      await transport.sendMail({
        envelope: { from: person, to: "support@desk.localhost" },
        raw: fixture("qa9-null-envelope-question.eml", { ADDRESS: person }),
      });
      await desk.drain();
      const filed = await onlyTicketOf(nullSender);
      expect(filed.timeline[0]!.mail!.automatic).toEqual(["null sender"]);
      expect(await acksTo(desk, nullSender)).toEqual([]);
      const original = await desk.app.request(
        `/api/tickets/${filed.id}/entries/${filed.timeline[0]!.id}/original`,
        {
          headers: { cookie: agent.session.cookie },
        },
      );
      expect((await original.text()).startsWith("Return-Path: <>\r\n")).toBe(true);
      expect((await onlyTicketOf(person)).timeline[0]!.mail!.automatic).toEqual([]);
      expect(await acksTo(desk, person)).toHaveLength(1);
    } finally {
      transport.close();
      await smtp.close();
    }
  });
});

describe("an ARF feedback report sent to the desk", () => {
  it("about the desk's own mail, lands on the ticket as a spam report and blocks nobody (mail proves no sender)", async () => {
    const address = "bob.q9@example.net";
    await deliver(desk, await rawMail({ from: `Bob <${address}>`, subject: "Printer on floor 3 jams" }));
    const ticket = await onlyTicketOf(address);
    const reply = await call(desk.app, "POST", `/api/tickets/${ticket.id}/replies`, {
      as: agent.session,
      body: { body: "A technician is on the way." },
    });
    await desk.drain();
    const sent = (await view(ticket.id)).timeline.find((e) => e.id === reply.json.entry.id)!.messageId!;
    await deliver(desk, fixture("qa9-arf-about-desk-mail.eml", { ADDRESS: address, ORIGINAL_ID: sent }));
    const after = (await call(desk.app, "GET", `/api/tickets/${ticket.id}`, { as: admin.session })).json;
    // Sent by anyone: a forged report (whoever holds the reply's Message-ID) must not silence the requester.
    expect(after.requesterUndeliverable ?? null).toBeNull();
    const report = after.timeline.at(-1) as Entry & { held: unknown };
    expect(report.mail!.automatic).toEqual(["feedback report"]);
    expect(report.held).toBeTruthy();
  });

  it("about mail the desk never sent, stays set aside for admins", async () => {
    await deliver(desk, fixture("qa9-arf-unknown-mail.eml", { N: "1" }));
    const unfiled = (await call(desk.app, "GET", "/api/admin/unfiled?limit=100", { as: admin.session })).json;
    const item = unfiled.items.find(
      (i: { subject?: string }) => i.subject === "Complaint about message from 203.0.113.5",
    );
    expect(item).toMatchObject({ reason: "stray_report" });
    expect(await ticketsOf(desk, agent.session, "staff@hotmail.example")).toEqual([]);
  });
});

describe("calendar mail", () => {
  it("an attendee's answer (METHOD:REPLY, 'Accepted:') is filed without an acknowledgement", async () => {
    const address = "jean.q9@example.org";
    await deliver(desk, fixture("qa9-calendar-accept.eml", { ADDRESS: address }));
    const ticket = await onlyTicketOf(address);
    expect(ticket.timeline[0]!.mail!.automatic).toEqual(["calendar reply"]);
    expect(await acksTo(desk, address)).toEqual([]);
  });

  it("an updated invitation for the same event (same UID) lands on the ticket the first one opened", async () => {
    const address = "marie.q9@example.org";
    const fill = { ADDRESS: address, UID: "qa9event-marie@google.com" };
    await deliver(desk, fixture("qa9-calendar-invite.eml", fill));
    expect(await acksTo(desk, address)).toHaveLength(1);
    await deliver(desk, fixture("qa9-calendar-update-same-uid.eml", fill));
    const ticket = await onlyTicketOf(address);
    const messages = ticket.timeline.filter((e) => e.kind === "customer_message");
    expect(messages).toHaveLength(2);
    expect(messages[1]!.mail!.threadedBy).toBe("calendar");
    expect(await acksTo(desk, address)).toHaveLength(1);
  });

  it("another sender's invitation naming the same UID opens a ticket of its own", async () => {
    const uid = "qa9event-shared@google.com";
    await deliver(desk, fixture("qa9-calendar-invite.eml", { ADDRESS: "owner.q9@example.org", UID: uid }));
    await deliver(
      desk,
      fixture("qa9-calendar-update-same-uid.eml", { ADDRESS: "other.q9@example.org", UID: uid }),
    );
    expect(await onlyTicketOf("owner.q9@example.org")).toBeDefined();
    const other = await onlyTicketOf("other.q9@example.org");
    expect(other.timeline[0]!.mail!.threadedBy).toBe("new");
  });
});
