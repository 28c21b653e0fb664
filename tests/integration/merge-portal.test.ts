import { beforeAll, describe, expect, it } from "vitest";
import { call, signedInAgent, startTestDesk, submitTicket, type TestDesk } from "../support/desk.ts";

let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  agent = await signedInAgent(desk.app, { name: "Portal Agent" });
});

const merge = (id: string, into: string) =>
  call(desk.app, "POST", `/api/tickets/${id}/merge`, { as: agent.session, body: { into } });
const portal = (id: string, token: string) =>
  call(desk.app, "GET", `/api/portal/tickets/${id}`, { headers: { authorization: `Bearer ${token}` } });
const portalReply = (id: string, token: string, message: string) =>
  call(desk.app, "POST", `/api/portal/tickets/${id}/messages`, {
    headers: { authorization: `Bearer ${token}` },
    body: { message },
  });
/** A link the desk mails or an agent shares (`pt2`): its holder reads the requester's mail. */
const mailedLink = async (id: string) =>
  (await call(desk.app, "POST", `/api/tickets/${id}/portal-link`, { as: agent.session, body: {} })).json
    .portalToken as string;
const agentView = async (id: string) =>
  (await call(desk.app, "GET", `/api/tickets/${id}`, { as: agent.session })).json as {
    version: number;
    timeline: { kind: string; body: string | null }[];
  };

describe("a merged ticket on the customer's page", () => {
  it("says where it continues when it is the same requester's, and a reply there lands on that ticket", async () => {
    const kept = await submitTicket(desk.app, { email: "pat@example.com", subject: "Laptop slow" });
    const dup = await submitTicket(desk.app, { email: "pat@example.com", subject: "Laptop still slow" });
    expect((await merge(dup.id, kept.id)).status).toBe(200);

    const link = await mailedLink(dup.id);
    const page = await portal(dup.id, link);
    expect(page.status).toBe(200);
    expect(page.json).toMatchObject({
      status: "closed",
      merged: true,
      continuesAs: { id: kept.id, number: kept.number },
    });
    // The link it gives opens the ticket it continues as.
    expect((await portal(kept.id, page.json.continuesAs.token)).json.number).toBe(kept.number);

    const before = (await agentView(dup.id)).version;
    const sent = await portalReply(dup.id, link, "Rebooted, still slow");
    expect(sent.status).toBe(201);
    expect(sent.json.continuesAs.number).toBe(kept.number);
    const target = await agentView(kept.id);
    expect(
      target.timeline.some((e) => e.kind === "customer_message" && e.body === "Rebooted, still slow"),
    ).toBe(true);
    expect((await agentView(dup.id)).version).toBe(before);
  });

  it("merged into someone else's ticket: names no ticket, and a reply is refused with a clear code", async () => {
    const theirs = await submitTicket(desk.app, { email: "owner@example.com", subject: "Printer" });
    const mine = await submitTicket(desk.app, { email: "other@example.com", subject: "Printer too" });
    expect((await merge(mine.id, theirs.id)).status).toBe(200);

    const page = await portal(mine.id, mine.portalToken);
    expect(page.json).toMatchObject({ merged: true, continuesAs: null });
    expect(JSON.stringify(page.json)).not.toContain(theirs.id);
    const before = (await agentView(theirs.id)).version;
    const refused = await portalReply(mine.id, mine.portalToken, "Any news?");
    expect([refused.status, refused.json.error.code]).toEqual([409, "ticket_merged"]);
    expect(refused.json.error.message).toMatch(/reply to our last email/);
    expect((await agentView(theirs.id)).version).toBe(before);
  });

  it("a ticket not merged says so", async () => {
    const plain = await submitTicket(desk.app, { subject: "Plain" });
    expect((await portal(plain.id, plain.portalToken)).json).toMatchObject({
      merged: false,
      continuesAs: null,
    });
  });
});
