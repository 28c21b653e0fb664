import { beforeAll, describe, expect, it } from "vitest";
import { seedDefaults } from "../../core/triage/defaults.ts";
import { call, signedInAgent, startTestDesk, type TestDesk } from "../support/desk.ts";
import { acksTo, deliver, filledFixture, rawMail, ticketsOf } from "../support/mail.ts";

/**
 * Ninth round of mail as other software writes it (tests/fixtures/email/desk/rw9-*.eml), through
 * POST /api/inbound/email and the workers: what the customer typed is on the ticket and searchable, the quoted
 * history and a mail app's tagline are not.
 */

const fixture = filledFixture;

let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  await seedDefaults();
  agent = await signedInAgent(desk.app);
});

type Entry = { id: string; kind: string; body?: string; messageId?: string };
const view = async (id: string) =>
  (await call(desk.app, "GET", `/api/tickets/${id}`, { as: agent.session })).json;
const search = async (q: string) =>
  (
    await call(desk.app, "GET", `/api/search?q=${encodeURIComponent(q)}`, { as: agent.session })
  ).json.items.map((t: { id: string }) => t.id);
const customerMessages = (ticket: { timeline: Entry[] }) =>
  ticket.timeline.filter((e) => e.kind === "customer_message");

/** A new ticket filed from the fixture sent by `address`. */
async function fileNew(name: string, address: string) {
  await deliver(desk, fixture(name, { ADDRESS: address }));
  const [ticket] = await ticketsOf(desk, agent.session, address);
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
  const sent = (await view(ticket!.id)).timeline.find((e: Entry) => e.id === reply.json.entry.id);
  await deliver(
    desk,
    fixture(name, { ADDRESS: address, N: String(ticket!.number), REPLY_ID: sent.messageId }),
  );
  return view(ticket!.id);
}

describe("what the customer typed", () => {
  it("keeps a format=flowed line the writer began with '>': on the ticket and searchable", async () => {
    const ticket = await fileNew("rw9-thunderbird-flowed-stuffed-gt.eml", "olivier.p9@client.example");
    expect(ticket.timeline[0].body).toContain(
      "Impact :\n>50 utilisateurs bloqués au service commercial\n>3 heures de retard sur la paie\n\nMerci,",
    );
    expect(await search("commercial")).toEqual([ticket.id]);
  });

  it("reads HTML-only mail by the charset its <meta> gives, the MIME header giving none", async () => {
    const ticket = await fileNew("rw9-html-meta-charset-only.eml", "paie.erp9@client.example");
    expect(ticket.timeline[0].body).toContain(
      "Le logiciel de paie affiche « erreur de licence » depuis la mise à jour. Coût : 1 200 € si retard.",
    );
  });
});

describe("the subject", () => {
  it("reads an =?unknown-8bit?Q?…?= subject (Postfix) as its body is read, and acknowledges it so", async () => {
    const address = "hugo.b9@client.example";
    const ticket = await fileNew("rw9-unknown-8bit-subject.eml", address);
    expect(ticket.subject).toBe("Problème écran");
    expect((await acksTo(desk, address))[0]?.subject).toContain("Problème écran");
  });
});

describe("a mail app's tagline", () => {
  it.each([
    [
      "rw9-protonmail-html-reply.eml",
      "jane.r9@client.example",
      'Restarted twice, still dropping. It happens only on Wi-Fi "ACME-Guest", not on cable.',
    ],
    [
      "rw9-outlook-android-fr-reply.eml",
      "sophie.l9@client.example",
      "Julien a réinstallé Outlook, tout remarche. Vous pouvez clôturer.",
    ],
  ])("threads %s without the app's last line", async (name, address, text) => {
    const ticket = await replyTo(name, address);
    expect(customerMessages(ticket).at(-1)!.body).toBe(text);
  });
});

describe("the quoted history", () => {
  it.each([
    ["rw9-yahoo-reply-unquoted.eml", "paul.y9@client.example"],
    ["rw9-yahoo-reply-unquoted-noindent.eml", "paul.n9@client.example"],
  ])("threads %s (Yahoo's history not '>'-quoted) with only the new text", async (name, address) => {
    const ticket = await replyTo(name, address);
    expect(customerMessages(ticket).at(-1)!.body).toBe(
      "Restarting does not help, the screen is physically cracked. Model is Dell Latitude 5440, asset TAG-0093.",
    );
  });
});
