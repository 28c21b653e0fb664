import { beforeAll, describe, expect, it } from "vitest";
import { call, signedInAgent, startTestDesk, type TestDesk } from "../support/desk.ts";

/** A customer's message sent twice with the same Idempotency-Key (a retry after a lost answer) is stored once. */
let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  agent = await signedInAgent(desk.app);
});

describe("a customer's page message sent again", () => {
  it("adds it once with the same key, twice with two keys, and refuses a malformed key", async () => {
    const created = await call(desk.app, "POST", "/api/agent/tickets", {
      as: agent.session,
      body: { name: "Rae", email: "rae@example.com", subject: "Monitor flicker", message: "It flickers." },
    });
    const { ticket } = created.json as { ticket: { id: string } };
    const link = await call(desk.app, "POST", `/api/tickets/${ticket.id}/portal-link`, {
      as: agent.session,
      body: {},
    });
    const bearer = { authorization: `Bearer ${link.json.portalToken}` };
    const send = (message: string, key?: string) =>
      call(desk.app, "POST", `/api/portal/tickets/${ticket.id}/messages`, {
        headers: { ...bearer, ...(key ? { "idempotency-key": key } : {}) },
        body: { message },
      });
    for (let i = 0; i < 3; i++) expect((await send("Still flickering.", "retry-key-0001")).status).toBe(201);
    expect((await send("Still flickering.", "retry-key-0002")).status).toBe(201);
    // The same key with another message: refused, never dropped.
    const other = await send("Now it is black.", "retry-key-0001");
    expect(other.status).toBe(409);
    expect(other.json.error.code).toBe("idempotency_key_reused");
    const bad = await send("Still flickering.", "bad key!");
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields["Idempotency-Key"]).toBeDefined();

    const seen = await call(desk.app, "GET", `/api/tickets/${ticket.id}`, { as: agent.session });
    const messages = (seen.json.timeline as { kind: string; body: string }[]).filter(
      (e) => e.kind === "customer_message" && e.body === "Still flickering.",
    );
    expect(messages).toHaveLength(2);
    expect(JSON.stringify(seen.json.timeline)).not.toContain("Now it is black.");
  });
});
