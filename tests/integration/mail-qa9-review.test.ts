import { beforeAll, describe, expect, it } from "vitest";
import { suppression } from "../../core/mail/suppression.ts";
import { call, signedInAgent, startTestDesk, type TestDesk } from "../support/desk.ts";
import { deliver, filledFixture, rawMail, ticketsOf } from "../support/mail.ts";

const fixture = filledFixture;

let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  agent = await signedInAgent(desk.app);
});
type Ticket = { id: string; number: number; cc: string[]; timeline: { id: string; messageId?: string }[] };
const view = async (id: string) =>
  (await call(desk.app, "GET", `/api/tickets/${id}`, { as: agent.session })).json as Ticket;

async function ticketWithReply(address: string, cc?: string) {
  await deliver(desk, await rawMail({ from: `Bob <${address}>`, cc, subject: "Printer jams" }));
  const [t] = await ticketsOf(desk, agent.session, address);
  const reply = await call(desk.app, "POST", `/api/tickets/${t!.id}/replies`, {
    as: agent.session,
    body: { body: "On our way." },
  });
  await desk.drain();
  const ticket = await view(t!.id);
  return { ticket, sent: ticket.timeline.find((e) => e.id === reply.json.entry.id)!.messageId! };
}

/** Review of the QA9 mail changes: a forged spam report, an old MTA's bounce, ids that differ in case. */
describe("inbound mail under review", () => {
  it("a CC'd person forging an ARF from a fresh address does not block the requester", async () => {
    const bob = "bob.r9@example.net";
    const { ticket, sent } = await ticketWithReply(bob, "carol.r9@example.net");
    expect(ticket.cc).toEqual(["carol.r9@example.net"]);
    // Carol got the reply (same Message-ID); she writes from an address nobody knows.
    const forged = fixture("qa9-arf-about-desk-mail.eml", { ADDRESS: bob, ORIGINAL_ID: sent })
      .toString("latin1")
      .replace("Hotmail Feedback <staff@hotmail.example>", "Whoever <mallory@evil.example>");
    await deliver(desk, forged);
    expect(await suppression(bob)).toBeNull();
  });

  it("a sendmail-style plain-text bounce (null sender, MAILER-DAEMON) of desk mail is still a bounce", async () => {
    const bob = "bob2.r9@old.example";
    const { sent } = await ticketWithReply(bob);
    const bounce = `Return-Path: <>\r\nFrom: Mail Delivery Subsystem <MAILER-DAEMON@mx.old.example>\r\nTo: support@desk.localhost\r\nSubject: Returned mail: see transcript for details\r\nMessage-ID: <r9-b1@mx.old.example>\r\nDate: Mon, 7 Dec 2026 10:00:00 +0000\r\n\r\nThe original message was received at Mon, 7 Dec 2026 10:00:00 GMT\r\n\r\n   ----- The following addresses had permanent fatal errors -----\r\n<${bob}>\r\n    (reason: 550 5.1.1 <${bob}>... User unknown)\r\n\r\n----- Original message follows -----\r\nMessage-ID: ${sent}\r\nFrom: support@desk.localhost\r\nTo: ${bob}\r\nSubject: Re: Printer jams\r\n\r\nOn our way.\r\n`;
    await deliver(desk, bounce);
    expect(await ticketsOf(desk, agent.session, "mailer-daemon@mx.old.example")).toEqual([]);
    expect(await suppression(bob)).toMatchObject({ reason: "bounce" });
  });

  it("References naming the same id in two cases still files", async () => {
    const who = "dup.r9@example.net";
    await deliver(
      desk,
      await rawMail({
        from: who,
        subject: "dup refs",
        references: ["<AbC.r9@x.example>", "<abc.r9@x.example>"],
      }),
    );
    expect(await ticketsOf(desk, agent.session, who)).toHaveLength(1);
  });
});
