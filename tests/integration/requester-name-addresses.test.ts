import { beforeAll, describe, expect, it } from "vitest";
import { call, signedInAgent, startTestDesk, submitTicket, type TestDesk } from "../support/desk.ts";

/**
 * A name typed in the web form or sent to the API is cleaned of addresses as a name read from mail is
 * (core/mail/sender.ts `nameWithoutAddresses`): `Support Team <support@desk.localhost>` would show in the queue as
 * if it were the desk's address. The words stay; a name that is nothing but an address gives way to the requester's.
 */
let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  agent = await signedInAgent(desk.app, { name: "Nina Namer" });
});

const requesterOf = async (id: string) =>
  (await call(desk.app, "GET", `/api/tickets/${id}`, { as: agent.session })).json.requester as {
    name: string;
    email: string;
  };

describe("a requester name holding an address", () => {
  it("from the web form keeps its words only", async () => {
    const { id } = await submitTicket(desk.app, {
      name: "Support Team <support@desk.localhost>",
      email: "web.named@example.com",
    });
    expect(await requesterOf(id)).toEqual({ name: "Support Team", email: "web.named@example.com" });
  });

  it("from the web form, nothing but an address, falls back to the requester's address", async () => {
    const { id } = await submitTicket(desk.app, {
      name: "support@desk.localhost",
      email: "bare.named@example.com",
    });
    expect(await requesterOf(id)).toEqual({
      name: "bare.named@example.com",
      email: "bare.named@example.com",
    });
  });

  it("from the web form, an address disguised by a look-alike dot, falls back to the requester's address", async () => {
    const { id } = await submitTicket(desk.app, {
      name: "support@desk\u2024localhost",
      email: "lookalike.named@example.com",
    });
    expect(await requesterOf(id)).toEqual({
      name: "lookalike.named@example.com",
      email: "lookalike.named@example.com",
    });
  });

  it("from an agent's ticket keeps its words only", async () => {
    const logged = await call(desk.app, "POST", "/api/agent/tickets", {
      as: agent.session,
      body: {
        name: "Dupont, Jean (jean@evil.example)",
        email: "phone.named@example.com",
        subject: "Called about the printer",
        message: "It jams.",
      },
    });
    expect(logged.status).toBe(201);
    expect(await requesterOf(logged.json.ticket.id)).toEqual({
      name: "Dupont, Jean",
      email: "phone.named@example.com",
    });
  });

  it("without an address is kept as typed", async () => {
    const { id } = await submitTicket(desk.app, { name: "Zoë d'Arc", email: "plain.named@example.com" });
    expect((await requesterOf(id)).name).toBe("Zoë d'Arc");
  });
});
