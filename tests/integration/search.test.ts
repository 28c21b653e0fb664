import { beforeAll, describe, expect, it } from "vitest";
import { searchTerms } from "../../core/search/terms.ts";
import { call, signedInAgent, startTestDesk, submitTicket, type TestDesk } from "../support/desk.ts";

let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  agent = await signedInAgent(desk.app);
});
const search = async (q: string) =>
  (await call(desk.app, "GET", `/api/search?q=${encodeURIComponent(q)}`, { as: agent.session })).json;
const subjects = (result: { items: { subject: string }[] }) => result.items.map((t) => t.subject).sort();

describe("search terms", () => {
  it("fold accents, case and plurals and drop common words, in English and French", () => {
    expect(searchTerms("Les imprimantes du 2e étage ne fonctionnent pas")).toEqual([
      "imprimante",
      "2e",
      "etage",
      "fonctionnent",
    ]);
    expect(searchTerms("The printers on the THIRD floor")).toEqual(["printer", "third", "floor"]);
  });
});

describe("full-text search", () => {
  it("finds tickets by every word of subjects and messages, replies included, newest first", async () => {
    const a = await submitTicket(desk.app, {
      subject: "Imprimante en panne",
      message: "Le bac papier est bloqué",
    });
    await submitTicket(desk.app, { subject: "VPN slow", message: "The tunnel drops every hour" });
    await submitTicket(desk.app, { subject: "Printer toner", message: "Toner cartridges are empty" });
    await desk.drain();
    expect(subjects(await search("imprimantes bloque"))).toEqual(["Imprimante en panne"]);
    expect(subjects(await search("TONER cartridge"))).toEqual(["Printer toner"]);
    expect((await search("tunnel printer")).items).toEqual([]);

    await call(desk.app, "POST", `/api/tickets/${a.id}/replies`, {
      as: agent.session,
      body: { body: "Nous envoyons un technicien demain" },
    });
    await desk.drain();
    const found = await search("technicien");
    expect(found).toMatchObject({ kind: "text", truncated: false });
    expect(subjects(found)).toEqual(["Imprimante en panne"]);
  });

  it("finds a ticket by number and a requester's tickets by address; validates the query", async () => {
    const { number } = await submitTicket(desk.app, { email: "findme@example.com", subject: "Find me" });
    expect(await search(`#${number}`)).toMatchObject({ kind: "number", items: [{ number }] });
    expect(subjects(await search("findme@example.com"))).toEqual(["Find me"]);
    expect((await call(desk.app, "GET", "/api/search?q=", { as: agent.session })).status).toBe(400);
    expect((await call(desk.app, "GET", "/api/search?q=x")).status).toBe(401);
  });

  it("finds a ticket by its requester's name, alone or with words of the subject", async () => {
    await submitTicket(desk.app, { name: "Wilhelmina Quarrington", subject: "Docking station dead" });
    await submitTicket(desk.app, { name: "Casey Other", subject: "Docking station flickers" });
    await desk.drain();
    expect(subjects(await search("Quarrington"))).toEqual(["Docking station dead"]);
    expect(subjects(await search("wilhelmina docking"))).toEqual(["Docking station dead"]);
  });

  it("says the list is cut when more tickets match than are shown", async () => {
    for (const n of [1, 2, 3]) await submitTicket(desk.app, { subject: `Wombat burrow ${n}` });
    await desk.drain();
    const { searchTickets } = await import("../../core/search/search.ts");
    const cut = await searchTickets("wombat", 2);
    expect(cut.items.map((t) => t.subject)).toEqual(["Wombat burrow 3", "Wombat burrow 2"]);
    expect(cut.truncated).toBe(true);
    expect((await searchTickets("wombat", 3)).truncated).toBe(false);
    expect(await search("wombat")).toMatchObject({ truncated: false });
  });

  it("does not index a requester's address as their name: a domain's word finds no sender of that domain", async () => {
    // Mail without a display name is filed under its address as the name (the web form is used here to file it).
    await submitTicket(desk.app, {
      name: "pat.lee@outlook.example",
      email: "pat.lee@outlook.example",
      subject: "Calendar invites vanish",
    });
    await submitTicket(desk.app, { name: "Mail Robin@outlook", subject: "Quota warning" });
    await desk.drain();
    expect((await search("outlook")).items).toEqual([]);
    expect(subjects(await search("calendar invites"))).toEqual(["Calendar invites vanish"]);
  });

  it("says the list is cut when a merge target pushes a match past the limit", async () => {
    const older = await submitTicket(desk.app, { subject: "Bilby enclosure fence" });
    const target = await submitTicket(desk.app, { subject: "Zoo gate broken" });
    const duplicate = await submitTicket(desk.app, { subject: "Bilby enclosure gate" });
    const merged = await call(desk.app, "POST", `/api/tickets/${duplicate.id}/merge`, {
      as: agent.session,
      body: { into: target.id },
    });
    expect(merged.status).toBe(200);
    await desk.drain();
    const { searchTickets } = await import("../../core/search/search.ts");
    // Two tickets match; the duplicate brings its target right after it, so the older match no longer fits.
    const cut = await searchTickets("bilby", 2);
    expect(cut.items.map((t) => t.id)).toEqual([duplicate.id, target.id]);
    expect(cut.truncated).toBe(true);
    const whole = await searchTickets("bilby", 3);
    expect(whole.items.map((t) => t.id)).toEqual([duplicate.id, target.id, older.id]);
    expect(whole.truncated).toBe(false);
  });

  it("indexes a redelivered event once (same items)", async () => {
    const { id } = await submitTicket(desk.app, {
      subject: "Quokka sighting",
      message: "A quokka in the server room",
    });
    await desk.drain();
    const { indexEvent } = await import("../../core/search/search.ts");
    const { getTicketWithTimeline } = await import("../../core/ticket/read.ts");
    const { entries } = await getTicketWithTimeline(id);
    const event = {
      type: "ticket.created" as const,
      id: "01REDELIVERED",
      occurredAt: new Date().toISOString(),
      ticketId: id,
      ticketNumber: 1,
      channel: "web" as const,
      entryId: entries[0]!.entryId,
    };
    expect(await indexEvent(event)).toBe("indexed");
    expect(subjects(await search("quokka"))).toEqual(["Quokka sighting"]);
  });
});
