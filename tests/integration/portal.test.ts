import { beforeAll, describe, expect, it } from "vitest";
import { issuePortalToken } from "../../core/auth/portal-token.ts";
import {
  call,
  signedInAgent,
  startTestDesk,
  submitTicket,
  TEST_SECRET,
  type TestDesk,
} from "../support/desk.ts";

let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  agent = await signedInAgent(desk.app);
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const view = (id: string, token: string) =>
  call(desk.app, "GET", `/api/portal/tickets/${id}`, { headers: bearer(token) });
const reply = (id: string, token: string, message: string) =>
  call(desk.app, "POST", `/api/portal/tickets/${id}/messages`, { headers: bearer(token), body: { message } });
const etag = async (id: string) =>
  (await call(desk.app, "GET", `/api/tickets/${id}`, { as: agent.session })).headers.get("etag")!;
const setStatus = async (id: string, status: string) =>
  call(desk.app, "PATCH", `/api/tickets/${id}`, {
    as: agent.session,
    headers: { "if-match": await etag(id) },
    body: { status },
  });

describe("customer portal", () => {
  it("shows the customer their ticket and public messages, never internal notes", async () => {
    const { id } = await submitTicket(desk.app, { message: "My screen flickers" });
    await call(desk.app, "POST", `/api/tickets/${id}/notes`, {
      as: agent.session,
      body: { body: "SECRET: user is VIP" },
    });
    await call(desk.app, "POST", `/api/tickets/${id}/replies`, {
      as: agent.session,
      body: { body: "Try another cable" },
    });
    // The link the desk mails to the requester (the form's own key shows no answers: form-link-merge.test.ts).
    const response = await view(id, issuePortalToken(id));
    expect(response.status).toBe(200);
    expect(response.json.status).toBe("open");
    expect(response.json.timeline.map((e: { body: string }) => e.body)).toEqual([
      "My screen flickers",
      "Try another cable",
    ]);
    expect(response.text).not.toContain("SECRET");
    expect(response.text).not.toContain(agent.agent.agentId);
  });

  it("refuses a missing or forged token with 401", async () => {
    const { id, portalToken } = await submitTicket(desk.app);
    expect((await call(desk.app, "GET", `/api/portal/tickets/${id}`)).status).toBe(401);
    const forged = `${portalToken.slice(0, -3)}abc`;
    const response = await view(id, forged);
    expect(response.status).toBe(401);
    expect(response.json.error.code).toBe("unauthorized");
  });

  it("answers another ticket's token like a ticket that does not exist (404)", async () => {
    const mine = await submitTicket(desk.app);
    const theirs = await submitTicket(desk.app);
    const response = await view(theirs.id, mine.portalToken);
    const nowhere = await view("01NOSUCHTICKET0000000000000", mine.portalToken);
    expect(response.status).toBe(404);
    expect(response.json).toEqual(nowhere.json);
    expect((await reply(theirs.id, mine.portalToken, "let me in")).status).toBe(404);
  });

  it("refuses an expired token with token_expired", async () => {
    const { id } = await submitTicket(desk.app);
    const old = issuePortalToken(id, new Date(Date.now() - 400 * 86_400_000), TEST_SECRET);
    const response = await view(id, old);
    expect(response.status).toBe(401);
    expect(response.json.error.code).toBe("token_expired");
  });

  it("lets the customer reply; a reply reopens a solved ticket", async () => {
    const { id, portalToken } = await submitTicket(desk.app);
    expect((await setStatus(id, "solved")).status).toBe(200);
    const response = await reply(id, portalToken, "It broke again");
    expect(response.status).toBe(201);
    expect(response.json.status).toBe("open");
    const agentView = await call(desk.app, "GET", `/api/tickets/${id}`, { as: agent.session });
    expect(agentView.json.reopenCount).toBe(1);
    const statusEvent = agentView.json.timeline.findLast(
      (e: { kind: string; changes: unknown }) => e.kind === "event" && e.changes,
    );
    expect(statusEvent.changes).toEqual([{ field: "status", from: "solved", to: "open" }]);
  });

  it("refuses a reply on a closed ticket (409) and validates the message", async () => {
    const { id, portalToken } = await submitTicket(desk.app);
    await setStatus(id, "solved");
    await setStatus(id, "closed");
    const closed = await reply(id, portalToken, "hello?");
    expect(closed.status).toBe(409);
    expect(closed.json.error.code).toBe("invalid_transition");
    const empty = await reply(id, portalToken, "   ");
    expect(empty.status).toBe(400);
    expect(empty.json.error.fields.message).toBeDefined();
  });
});
