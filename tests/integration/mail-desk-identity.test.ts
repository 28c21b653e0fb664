import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { store } from "../../core/store/index.ts";
import { seedDefaults } from "../../core/triage/defaults.ts";
import { call, patchTicket, sentMail, signedInAgent, startTestDesk, type TestDesk } from "../support/desk.ts";
import { acksTo, deliver, rawMail, ticketsOf } from "../support/mail.ts";
import { recordSes } from "../support/ses-recorder.ts";

/**
 * Who the desk is in mail: its own address (never copied, never acknowledged, mail from it a loop) and no other
 * address of its domain, which is often its company's (colleagues file tickets); an out-of-office known only by a
 * French subject changes nothing; a display name holding an address never reads as the sender's address.
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

describe("the desk's own address, and its company's others", () => {
  it("copies neither form of its own address from a requester's To and Cc: they take no CC place", async () => {
    const people = Array.from({ length: 27 }, (_, i) => `p${i}@contoso.example`);
    await deliver(
      desk,
      await rawMail({
        from: "Mia <mia@contoso.example>",
        to: ["support@desk.localhost", "Support+t1@Desk.localhost", ...people.slice(0, 14)].join(", "),
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
    expect((await mailed()).filter((a) => a.startsWith("support"))).toEqual([]);
  });

  it("mails not its own address when an older ticket copied it", async () => {
    await deliver(desk, await rawMail({ from: "Ivy <ivy.own7@client.example>", subject: "Old copies" }));
    const ticket = await onlyTicketOf("ivy.own7@client.example");
    await store()
      .entities.ticket.patch({ ticketId: ticket.id })
      .set({ cc: ["support+old@desk.localhost", "boss.own7@client.example"] })
      .go();
    await call(desk.app, "POST", `/api/tickets/${ticket.id}/replies`, {
      as: agent.session,
      body: { body: "Done." },
    });
    await desk.drain();
    expect(await mailed()).toContain("boss.own7@client.example");
    expect(await mailed()).not.toContain("support+old@desk.localhost");
  });

  it("sets mail from its own address aside as a loop, visible to admins, and acknowledges nothing", async () => {
    const before = (await sentMail(desk.endpoints.mail)).length;
    await deliver(
      desk,
      await rawMail({
        from: "Support <support+t5@desk.localhost>",
        subject: "Loop test from the desk address",
      }),
    );
    expect((await sentMail(desk.endpoints.mail)).length).toBe(before);
    const listed = (
      await call(desk.app, "GET", "/api/admin/unfiled?limit=100", { as: admin.session })
    ).json.items.filter((u: { subject: string }) => u.subject === "Loop test from the desk address");
    expect(listed).toMatchObject([{ reason: "own_address" }]);
  });

  it("files a colleague's mail from the desk's domain, acknowledges it and copies the colleague they CC", async () => {
    // DESK_MAIL_DOMAIN is the company's domain in README "Deploying": its employees are an IT desk's requesters.
    const jane = "jane.own7@desk.localhost";
    await deliver(
      desk,
      await rawMail({
        from: `Jane <${jane}>`,
        to: "support@desk.localhost",
        cc: ["bob.own7@desk.localhost"],
        subject: "My laptop will not boot",
      }),
    );
    const ticket = await onlyTicketOf(jane);
    expect(ticket.cc).toEqual(["bob.own7@desk.localhost"]);
    expect(await acksTo(desk, jane)).toHaveLength(1);
    const copied = await patchTicket(desk.app, agent.session, ticket.id, {
      cc: ["bob.own7@desk.localhost", "it-lead.own7@desk.localhost"],
    });
    expect(copied.status).toBe(200);
    const refused = await patchTicket(desk.app, agent.session, ticket.id, { cc: ["support@desk.localhost"] });
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatchObject({
      code: "cc_not_copyable",
      params: { addresses: ["support@desk.localhost"] },
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
