import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { forgetDeskNames } from "../../core/desk/name.ts";
import { forgetSlaContext } from "../../core/sla/policy.ts";
import { store } from "../../core/store/index.ts";
import { seedDefaults } from "../../core/triage/defaults.ts";
import { call, patchTicket, sentMail, signedInAgent, startTestDesk, type TestDesk } from "../support/desk.ts";
import { acksTo, deliver, rawMail, ticketsOf } from "../support/mail.ts";
import { recordSes } from "../support/ses-recorder.ts";

/**
 * The desk's other addresses (aliases), set by an admin beside its name: mail to one is the desk's, filed as
 * usual; none is ever copied, a requester, or answered; mail from one is a loop.
 */
let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
let admin: Awaited<ReturnType<typeof signedInAgent>>;
let ses: Awaited<ReturnType<typeof recordSes>>;
const ALIASES = ["billing@desk.localhost", "sales@desk.localhost", "help@old-brand.example"];
beforeAll(async () => {
  desk = await startTestDesk();
  ses = await recordSes(desk.endpoints.mail);
  process.env.AWS_ENDPOINT_URL_SES = ses.url;
  await seedDefaults();
  agent = await signedInAgent(desk.app);
  admin = await signedInAgent(desk.app, { role: "admin" });
  const saved = await call(desk.app, "PUT", "/api/admin/desk", {
    as: admin.session,
    body: {
      name: null,
      nameFr: null,
      aliases: ["Billing@Desk.localhost", " sales@desk.localhost", ALIASES[2]],
    },
  });
  expect(saved.status).toBe(200);
});
afterAll(() => ses.stop());

type Seen = { id: string; cc: string[]; timeline: { kind: string; mail?: Record<string, unknown> }[] };
const view = async (id: string) =>
  (await call(desk.app, "GET", `/api/tickets/${id}`, { as: agent.session })).json as Seen;
const onlyTicketOf = async (address: string) => {
  const tickets = await ticketsOf(desk, agent.session, address);
  expect(tickets, address).toHaveLength(1);
  return view(tickets[0]!.id);
};
const putDesk = (body: unknown) => call(desk.app, "PUT", "/api/admin/desk", { as: admin.session, body });

describe("the admin's list of the desk's other addresses", () => {
  it("is stored lower-cased beside the name, and kept when a save leaves it out", async () => {
    const shown = await call(desk.app, "GET", "/api/admin/desk", { as: admin.session });
    expect(shown.json.aliases).toEqual(ALIASES);
    const renamed = await putDesk({ name: "Acme IT" });
    expect(renamed.json).toMatchObject({ name: "Acme IT", aliases: ALIASES });
    expect((await putDesk({ name: null, aliases: ALIASES })).json.aliases).toEqual(ALIASES);
  });

  it.each([
    [["billing@desk.localhost", "not an address"], "invalid_desk_alias", ["not an address"]],
    [
      ["billing@desk.localhost", "BILLING@desk.localhost"],
      "duplicate_desk_alias",
      ["billing@desk.localhost"],
    ],
    [["Support@Desk.localhost"], "desk_alias_is_mail_from", ["support@desk.localhost"]],
    [["support+x@desk.localhost"], "desk_alias_is_mail_from", ["support+x@desk.localhost"]],
    [Array.from({ length: 21 }, (_, i) => `a${i}@desk.localhost`), "too_many_desk_aliases", []],
  ])("refuses %j with 400 %s and changes nothing", async (aliases, code, addresses) => {
    const refused = await putDesk({ name: null, aliases });
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatchObject({ code, params: { addresses } });
    const shown = await call(desk.app, "GET", "/api/admin/desk", { as: admin.session });
    expect(shown.json.aliases).toEqual(ALIASES);
  });
});

describe("mail to and from the desk's other addresses", () => {
  it("copies no alias a requester wrote to or copied, and mails none on a reply", async () => {
    await deliver(
      desk,
      await rawMail({
        from: "Mia <mia.alias@contoso.example>",
        to: "support@desk.localhost, Sales <SALES@desk.localhost>",
        cc: ["billing@desk.localhost", "help+x@old-brand.example", "boss.alias@contoso.example"],
        subject: "Invoice and laptop",
      }),
    );
    const ticket = await onlyTicketOf("mia.alias@contoso.example");
    expect(ticket.cc).toEqual(["boss.alias@contoso.example"]);
    expect(await acksTo(desk, "mia.alias@contoso.example")).toHaveLength(1);
    await ses.next();
    const reply = await call(desk.app, "POST", `/api/tickets/${ticket.id}/replies`, {
      as: agent.session,
      body: { body: "Sent." },
    });
    expect(reply.status).toBe(201);
    await desk.drain();
    const mailed = (await ses.next()).flatMap((send) => send.destinations);
    expect(mailed).toEqual(["mia.alias@contoso.example", "boss.alias@contoso.example"]);
  });

  it("files mail sent to an alias alone as any request, and acknowledges it", async () => {
    await deliver(
      desk,
      await rawMail({
        from: "Ole <ole.alias@client.example>",
        to: "billing@desk.localhost",
        subject: "Refund",
      }),
    );
    const ticket = await onlyTicketOf("ole.alias@client.example");
    expect(ticket.cc).toEqual([]);
    expect(await acksTo(desk, "ole.alias@client.example")).toHaveLength(1);
  });

  it("mails not an alias an older ticket copied", async () => {
    await deliver(desk, await rawMail({ from: "Ivy <ivy.alias@client.example>", subject: "Old copies" }));
    const ticket = await onlyTicketOf("ivy.alias@client.example");
    await store()
      .entities.ticket.patch({ ticketId: ticket.id })
      .set({ cc: ["sales@desk.localhost", "boss.ivy@client.example"] })
      .go();
    await ses.next();
    await call(desk.app, "POST", `/api/tickets/${ticket.id}/replies`, {
      as: agent.session,
      body: { body: "Ok" },
    });
    await desk.drain();
    const mailed = (await ses.next()).flatMap((send) => send.destinations);
    expect(mailed).toContain("boss.ivy@client.example");
    expect(mailed).not.toContain("sales@desk.localhost");
  });

  it("sets mail from an alias aside as a loop and answers nothing", async () => {
    const before = (await sentMail(desk.endpoints.mail)).length;
    await deliver(desk, await rawMail({ from: "Sales <sales@desk.localhost>", subject: "Alias loop test" }));
    expect((await sentMail(desk.endpoints.mail)).length).toBe(before);
    const listed = (
      await call(desk.app, "GET", "/api/admin/unfiled?limit=100", { as: admin.session })
    ).json.items.filter((u: { subject: string }) => u.subject === "Alias loop test");
    expect(listed).toMatchObject([{ reason: "own_address" }]);
  });

  it("takes no alias as requester from a Reply-To", async () => {
    await deliver(
      desk,
      await rawMail({
        from: "Ann <ann.alias@client.example>",
        headers: { "Reply-To": "billing@desk.localhost" },
        subject: "Forwarded with our Reply-To",
      }),
    );
    const ticket = await onlyTicketOf("ann.alias@client.example");
    expect(ticket.timeline[0]!.mail).toMatchObject({ automatic: [] });
  });

  it("refuses an alias in the agent's CC field", async () => {
    await deliver(desk, await rawMail({ from: "Joe <joe.alias@client.example>", subject: "Copy test" }));
    const ticket = await onlyTicketOf("joe.alias@client.example");
    const refused = await patchTicket(desk.app, agent.session, ticket.id, { cc: ["Billing@desk.localhost"] });
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatchObject({
      code: "cc_not_copyable",
      params: { addresses: ["billing@desk.localhost"] },
    });
  });
});

describe("a ticket an agent opens", () => {
  it.each(["support@desk.localhost", "Support+7@desk.localhost", "billing@desk.localhost"])(
    "refuses %s, one of the desk's own addresses, as requester with 400 requester_is_desk",
    async (email) => {
      const refused = await call(desk.app, "POST", "/api/agent/tickets", {
        as: agent.session,
        body: { name: "Desk", email, subject: "Phone call", message: "Called about the printer." },
      });
      expect(refused.status).toBe(400);
      expect(refused.json.error).toMatchObject({ code: "requester_is_desk" });
    },
  );

  it("opens one for a colleague at the desk's domain", async () => {
    const opened = await call(desk.app, "POST", "/api/agent/tickets", {
      as: agent.session,
      body: { name: "Jane", email: "jane.alias@desk.localhost", subject: "Phone call", message: "Printer." },
    });
    expect(opened.status).toBe(201);
  });
});

describe("the public web form", () => {
  it.each([
    ["support@desk.localhost", "198.51.100.31"],
    ["Support+web@Desk.localhost", "198.51.100.32"],
    ["BILLING@desk.localhost", "198.51.100.33"],
    ["billing+form@Desk.Localhost", "198.51.100.34"],
  ])(
    "refuses %s, one of the desk's own addresses, as requester with 400 requester_is_desk, filing nothing",
    async (email, ip) => {
      // As in a fresh process: the aliases come with the settings the form reads anyway.
      forgetDeskNames();
      forgetSlaContext();
      const before = (await store().entities.counter.get({ name: "ticket" }).go()).data?.value ?? 0;
      const refused = await call(desk.app, "POST", "/api/tickets", {
        body: { name: "Someone", email, subject: "Web form", message: "Hello" },
        ip,
      });
      expect(refused.status).toBe(400);
      expect(refused.json.error).toMatchObject({ code: "requester_is_desk" });
      expect((await store().entities.counter.get({ name: "ticket" }).go()).data?.value ?? 0).toBe(before);
      expect(await ticketsOf(desk, agent.session, email.toLowerCase())).toEqual([]);
    },
  );

  it("files a ticket for a colleague at the desk's domain", async () => {
    const filed = await call(desk.app, "POST", "/api/tickets", {
      body: { name: "Jane", email: "jane.form@desk.localhost", subject: "Web form", message: "Hello" },
      ip: "198.51.100.35",
    });
    expect(filed.status).toBe(201);
  });
});
