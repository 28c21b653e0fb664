import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { store } from "../../core/store/index.ts";
import { seedDefaults } from "../../core/triage/defaults.ts";
import { call, patchTicket, sentMail, signedInAgent, startTestDesk, type TestDesk } from "../support/desk.ts";
import { acksTo, deliver, rawMail, ticketsOf } from "../support/mail.ts";
import { recordSes } from "../support/ses-recorder.ts";

/**
 * Who the desk is in mail, as an exploratory tester found it wanting: every address of its domain is its own
 * (never copied, never acknowledged, mail from one a loop), an out-of-office known only by a French subject
 * changes nothing, and a display name holding an address never reads as the sender's address.
 */
let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
let admin: Awaited<ReturnType<typeof signedInAgent>>;
let ses: Awaited<ReturnType<typeof recordSes>>;
beforeAll(async () => {
  desk = await startTestDesk();
  // Every SendRawEmail goes through the recorder (set before the first send creates the client): CC and all.
  ses = await recordSes(desk.endpoints.mail);
  process.env.AWS_ENDPOINT_URL_SES = ses.url;
  await seedDefaults();
  agent = await signedInAgent(desk.app);
  admin = await signedInAgent(desk.app, { role: "admin" });
});

type Entry = { id: string; kind: string; body?: string; messageId?: string; mail?: Record<string, unknown> };
type Seen = { id: string; status: string; priority: string; cc: string[]; timeline: Entry[] };
afterAll(() => ses.stop());
/** Every address the desk has mailed, CC included, as SES was asked to deliver. */
const mailed = async () => (await ses.all()).flatMap((send) => send.destinations);
const view = async (id: string) =>
  (await call(desk.app, "GET", `/api/tickets/${id}`, { as: agent.session })).json as Seen;
const onlyTicketOf = async (address: string) => {
  const tickets = await ticketsOf(desk, agent.session, address);
  expect(tickets, address).toHaveLength(1);
  return view(tickets[0]!.id);
};

describe("every address of the desk's domain is the desk's own", () => {
  it("copies none of them from a requester's To and Cc, and they take no CC place", async () => {
    const people = Array.from({ length: 27 }, (_, i) => `p${i}@contoso.example`);
    await deliver(
      desk,
      await rawMail({
        from: "Mia <mia@contoso.example>",
        to: [
          "support@desk.localhost",
          "billing@desk.localhost",
          "Sales@Desk.localhost",
          ...people.slice(0, 14),
        ].join(", "),
        cc: people.slice(14),
        subject: "All hands: laptops",
      }),
    );
    const ticket = await onlyTicketOf("mia@contoso.example");
    expect(ticket.cc).toEqual(people.slice(0, 20));
    expect(ticket.timeline[0]!.mail!.notCopied).toEqual(people.slice(20));

    const reply = await call(desk.app, "POST", `/api/tickets/${ticket.id}/replies`, {
      as: agent.session,
      body: { body: "Ordered." },
    });
    expect(reply.status).toBe(201);
    await desk.drain();
    expect(await mailed()).toContain("p0@contoso.example");
    expect((await mailed()).filter((a) => a.endsWith("@desk.localhost"))).toEqual([]);
  });

  it("mails none of them when a ticket copied one before they all counted as the desk's", async () => {
    await deliver(desk, await rawMail({ from: "Ivy <ivy.own7@client.example>", subject: "Old copies" }));
    const ticket = await onlyTicketOf("ivy.own7@client.example");
    await store()
      .entities.ticket.patch({ ticketId: ticket.id })
      .set({ cc: ["billing.own7@desk.localhost", "boss.own7@client.example"] })
      .go();
    await call(desk.app, "POST", `/api/tickets/${ticket.id}/replies`, {
      as: agent.session,
      body: { body: "Done." },
    });
    await desk.drain();
    expect(await mailed()).toContain("boss.own7@client.example");
    expect(await mailed()).not.toContain("billing.own7@desk.localhost");
  });

  it("sets mail from another of its addresses aside as a loop, visible to admins, and acknowledges nothing", async () => {
    const before = (await sentMail(desk.endpoints.mail)).length;
    await deliver(
      desk,
      await rawMail({
        from: "Billing <billing@desk.localhost>",
        subject: "Loop test from sibling desk address",
      }),
    );
    expect(await ticketsOf(desk, agent.session, "billing@desk.localhost")).toEqual([]);
    expect((await sentMail(desk.endpoints.mail)).length).toBe(before);
    const listed = (
      await call(desk.app, "GET", "/api/admin/unfiled?limit=100", { as: admin.session })
    ).json.items.filter((u: { subject: string }) => u.subject === "Loop test from sibling desk address");
    expect(listed).toMatchObject([{ reason: "own_address" }]);
  });

  it("refuses any of them in the agent's CC box", async () => {
    await deliver(desk, await rawMail({ from: "Hal <hal.own7@client.example>", subject: "Badge" }));
    const ticket = await onlyTicketOf("hal.own7@client.example");
    const refused = await patchTicket(desk.app, agent.session, ticket.id, { cc: ["sales@desk.localhost"] });
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatchObject({
      code: "cc_not_copyable",
      params: { addresses: ["sales@desk.localhost"] },
    });
  });
});

describe("an out-of-office known only by its French subject", () => {
  it("files on the solved ticket without reopening it, raising its priority or answering", async () => {
    const address = "bob.own7@contoso.example";
    await deliver(
      desk,
      await rawMail({ from: `Bob <${address}>`, subject: "Printer broken on floor 2", text: "It jams." }),
    );
    const opened = await onlyTicketOf(address);
    const [ack] = await acksTo(desk, address);
    const solved = await patchTicket(desk.app, agent.session, opened.id, { status: "solved" });
    expect(solved.status).toBe(200);
    const before = await view(opened.id);

    await deliver(
      desk,
      await rawMail({
        from: `Bob Outlook <${address}>`,
        subject: `Absence du bureau : ${ack!.subject}`,
        inReplyTo: ack!.messageId,
        references: [ack!.messageId],
        text: "Je suis absent du bureau jusqu'au 14 décembre. Pour toute urgence contactez Paul.",
      }),
    );
    const after = await view(opened.id);
    const away = after.timeline.filter((e) => e.kind === "customer_message").at(-1)!;
    expect(away.body).toMatch(/^Je suis absent du bureau/);
    expect(away.mail).toMatchObject({ automatic: ["auto-reply subject"] });
    expect(after.status).toBe("solved");
    expect(after.priority).toBe(before.priority);
    expect(await acksTo(desk, address)).toHaveLength(1);
    expect(await ticketsOf(desk, agent.session, address)).toHaveLength(1);
  });
});

describe("a display name posing as an address", () => {
  it("is kept without the address: the requester is named by its words, shown beside the real address", async () => {
    await deliver(
      desk,
      await rawMail({
        from: '"Support Team <support@desk.localhost>" <evil3@atk.example>',
        subject: "Please reset my password",
      }),
    );
    const [card] = await ticketsOf(desk, agent.session, "evil3@atk.example");
    const ticket = (await call(desk.app, "GET", `/api/tickets/${card!.id}`, { as: agent.session })).json;
    expect(ticket.requester).toEqual({ name: "Support Team", email: "evil3@atk.example" });
    expect(JSON.stringify(card)).not.toContain("support@desk.localhost");
    expect(ticket.timeline[0].author).toMatchObject({ name: "Support Team", email: "evil3@atk.example" });
  });
});
