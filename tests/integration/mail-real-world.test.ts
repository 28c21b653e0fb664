import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { isSuppressed } from "../../core/mail/suppression.ts";
import { seedDefaults } from "../../core/triage/defaults.ts";
import { call, signedInAgent, startTestDesk, type TestDesk } from "../support/desk.ts";
import { acksTo, deliver, rawMail, ticketsOf } from "../support/mail.ts";

/**
 * Mail as other software writes it (tests/fixtures/email/desk/rw-*.eml), through POST /api/inbound/email and the
 * workers: what an agent sees, what triage and search get, and that no automatic mail is answered.
 */

const fixture = (name: string) =>
  readFileSync(join(import.meta.dirname, "../fixtures/email/desk", name)).toString("latin1");

let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  await seedDefaults();
  agent = await signedInAgent(desk.app);
});

const view = async (id: string) =>
  (await call(desk.app, "GET", `/api/tickets/${id}`, { as: agent.session })).json;
const search = async (q: string) =>
  (
    await call(desk.app, "GET", `/api/search?q=${encodeURIComponent(q)}`, { as: agent.session })
  ).json.items.map((t: { id: string }) => t.id);
/** Files a fixture as a new ticket and returns its sender's ticket with its timeline. */
async function fileNew(name: string, sender: string) {
  await deliver(desk, Buffer.from(fixture(name), "latin1"));
  const [ticket] = await ticketsOf(desk, agent.session, sender);
  expect(ticket, name).toBeDefined();
  return view(ticket!.id);
}
/** A customer's mail ticket with an agent reply sent, then the fixture (a reply to it) filed. */
async function replyTo(name: string, address: string) {
  await deliver(desk, await rawMail({ from: `Dana <${address}>`, subject: "Laptop will not boot" }));
  const [ticket] = await ticketsOf(desk, agent.session, address);
  const reply = await call(desk.app, "POST", `/api/tickets/${ticket!.id}/replies`, {
    as: agent.session,
    body: { body: "Hold power for 10 s" },
  });
  await desk.drain();
  const sent = (await view(ticket!.id)).timeline.find((e: { id: string }) => e.id === reply.json.entry.id);
  const raw = fixture(name)
    .replaceAll("{{N}}", String(ticket!.number))
    .replaceAll("{{REPLY_ID}}", sent.messageId);
  await deliver(desk, Buffer.from(raw, "latin1"));
  return view(ticket!.id);
}

describe("replies from real clients", () => {
  it("threads an Outlook reply whose header names no address, with the history trimmed", async () => {
    const ticket = await replyTo("rw-outlook-reply-no-address.eml", "mike.p37@client.example");
    const last = ticket.timeline.filter((e: { kind: string }) => e.kind === "customer_message").at(-1);
    expect(last.body).toBe("OK, I will drop it off at 2pm.");
    expect(last.mail.threadedBy).toBe("references");
  });

  it("files an Exchange NDR of the desk's reply on its ticket for agents, names its part .txt, answers nothing", async () => {
    const address = "nina.p09@client.example";
    const ticket = await replyTo("rw-exchange-ndr.eml", address);
    const ndr = ticket.timeline.at(-1);
    expect(ndr).toMatchObject({
      kind: "customer_message",
      held: { reason: "from someone not on this ticket" },
    });
    expect(ndr.attachments.map((a: { name: string }) => a.name)).toEqual(["attachment-1.txt"]);
    expect(ndr.mail.automatic).toContain("bounce");
    expect(ticket.requesterUndeliverable).toBeTruthy();
    // Only the first mail's acknowledgement: the NDR's daemon got nothing.
    expect((await acksTo(desk, address)).filter((m) => m.body.text.includes(ticket.id))).toHaveLength(1);
    expect(await acksTo(desk, "microsoftexchange329e71ec88ae4615bbc36ab6ce41109e@client.example")).toEqual(
      [],
    );
  });

  it("suppresses only the recipients a delivery report says failed for good, and only people of the ticket", async () => {
    await deliver(
      desk,
      await rawMail({ from: "Lou <lou.req@client.example>", cc: "kim.cc@client.example", subject: "Dock" }),
    );
    const [ticket] = await ticketsOf(desk, agent.session, "lou.req@client.example");
    const reply = await call(desk.app, "POST", `/api/tickets/${ticket!.id}/replies`, {
      as: agent.session,
      body: { body: "Try the other port" },
    });
    await desk.drain();
    const sent = (await view(ticket!.id)).timeline.find((e: { id: string }) => e.id === reply.json.entry.id);
    const dsn = fixture("rw-sendmail-mixed-dsn.eml")
      .replaceAll("{{N}}", String(ticket!.number))
      .replaceAll("{{REPLY_ID}}", sent.messageId);
    await deliver(desk, Buffer.from(dsn, "latin1"));
    expect((await view(ticket!.id)).timeline.at(-1).mail.threadedBy).toBe("references");
    expect(await isSuppressed("kim.cc@client.example")).toBe(true); // failed, on the ticket's CC
    expect(await isSuppressed("lou.req@client.example")).toBe(false); // only delayed
    expect(await isSuppressed("someone.else@client.example")).toBe(false); // failed, but not the ticket's
  });

  it("threads old plain-text bounces (Exchange in French, Domino) of the desk's reply and stops mail to the address", async () => {
    for (const [name, address] of [
      ["rw-exchange-fr-plain-ndr.eml", "fr.p59@client.example"],
      ["rw-domino-failure.eml", "dom.p60@client.example"],
    ] as const) {
      const ticket = await replyTo(name, address);
      expect(ticket.timeline.at(-1).mail.automatic, name).toContain("bounce");
      expect(ticket.requesterUndeliverable, name).toMatchObject({ reason: "bounce" });
      // No ticket for the postmaster.
      expect(await ticketsOf(desk, agent.session, "postmaster@client.example"), name).toEqual([]);
    }
  });
});

describe("new tickets from real clients", () => {
  it("opens a ticket for a sender with an internationalised domain and acknowledges it", async () => {
    const ticket = await fileNew("rw-idn-sender.eml", "joerg@xn--mller-it-65a.example");
    expect(ticket.requester).toEqual({ name: "Jörg Müller", email: "joerg@xn--mller-it-65a.example" });
    // Sent in punycode; the SES emulator's store shows the domain decoded.
    // (The fixtures test files the same mail on its own desk: count this desk's acknowledgement only.)
    const acks = (await acksTo(desk, "joerg@müller-it.example")).filter((m) =>
      m.body.text.includes(ticket.id),
    );
    expect(acks).toHaveLength(1);
  });

  it("keeps a forwarded message's text: shown, triaged and searchable", async () => {
    const ticket = await fileNew("rw-apple-forward.eml", "hugo.p05@client.example");
    expect(ticket.timeline[0].body).toContain("Your Acme Cloud licence (seat count 25, contract AC-99812)");
    expect(ticket.category).toBe("software");
    expect(await search("AC-99812")).toEqual([ticket.id]);
  });

  it('reads a text/calendar-only invitation instead of "(attachments only)"', async () => {
    const ticket = await fileNew("rw-calendar-only.eml", "marc.p15@client.example");
    expect(ticket.timeline[0].body).toMatch(/^Revue mensuelle du support\n2026-12-10 14:00 – 15:00/);
    expect(await search("Jupiter")).toEqual([ticket.id]);
  });

  it("opens an opaque-signed S/MIME message and says when an encrypted one cannot be read", async () => {
    const signed = await fileNew("rw-smime-opaque-signed.eml", "anne.klein@client.example");
    const [message] = signed.timeline;
    expect(message.body).toBe("Please give the new hire badge access to the 3rd floor (réception).");
    expect(message.mail.signed).toBe(true);
    expect(message.attachments).toEqual([]);
    expect(signed.category).toBe("access");

    await deliver(desk, Buffer.from(fixture("rw-smime-encrypted.eml"), "latin1"));
    const encrypted = (await ticketsOf(desk, agent.session, "anne.klein@client.example")).find(
      (t) => t.subject === "Payroll access",
    );
    const [sealed] = (await view(encrypted!.id)).timeline;
    expect(sealed.body).toMatch(/^\[This message is encrypted \(S\/MIME or PGP\)/);
    expect(sealed.attachments.map((a: { name: string }) => a.name)).toEqual(["smime.p7m"]);
  });

  it("keeps the words of a 2 MB Word HTML mail whose style sheet fills the first megabyte", async () => {
    let style = "<style><!--\n";
    for (let i = 0; i < 20_000; i++)
      style += `p.MsoStyle${i} {margin:0cm; font-family:"Calibri",sans-serif;}\n`;
    const html = `<html><head>${style}--></style></head><body><p class="MsoNormal">Drive S: is read-only for finance (quokka-share).<o:p></o:p></p></body></html>`;
    const raw = [
      "From: Fin Lead <fin.p26@client.example>",
      "To: support@desk.localhost",
      "Subject: S drive",
      "Message-ID: <word-html-2mb@client.example>",
      "MIME-Version: 1.0",
      "Content-Type: text/html; charset=utf-8",
      "Content-Transfer-Encoding: base64",
      "",
      Buffer.from(html).toString("base64").replace(/.{76}/g, "$&\r\n"),
    ].join("\r\n");
    await deliver(desk, Buffer.from(raw, "latin1"));
    const [ticket] = await ticketsOf(desk, agent.session, "fin.p26@client.example");
    expect((await view(ticket!.id)).timeline[0].body).toBe(
      "Drive S: is read-only for finance (quokka-share).",
    );
    expect(await search("quokka")).toEqual([ticket!.id]);
  });

  it("decodes a text labelled unknown-8bit, and acknowledges neither a French no-reply notice nor an out-of-office", async () => {
    const scanner = await fileNew("rw-unknown-8bit.eml", "marie.p34@client.example");
    expect(scanner.timeline[0].body).toBe("Le scanner du 2ème étage affiche “erreur 41” depuis lundi.");

    const notice = await fileNew("rw-fr-no-reply-sender.eml", "ne-pas-repondre@dgfip.example");
    expect(notice.timeline[0].mail.automatic).toEqual(["no-reply sender"]);
    expect(await acksTo(desk, "ne-pas-repondre@dgfip.example")).toEqual([]);

    const away = await fileNew("rw-ooo-fr-subject.eml", "claire.p14@client.example");
    expect(away.timeline[0].mail.automatic).toEqual(["auto-reply subject"]);
    expect(await acksTo(desk, "claire.p14@client.example")).toEqual([]);
    expect(
      away.timeline.some((e: { body?: string }) =>
        /^Acknowledgement not sent: automatic mail/.test(e.body ?? ""),
      ),
    ).toBe(true);
  });
});
