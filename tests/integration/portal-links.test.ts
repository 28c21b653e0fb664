import { beforeAll, describe, expect, it } from "vitest";
import { issuePortalToken, PORTAL_TOKEN_DAYS } from "../../core/auth/portal-token.ts";
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

const view = (id: string, token: string) =>
  call(desk.app, "GET", `/api/portal/tickets/${id}`, { headers: { authorization: `Bearer ${token}` } });
const newLink = async (id: string, body?: unknown) =>
  (await call(desk.app, "POST", `/api/tickets/${id}/portal-link`, { as: agent.session, body })).json
    .portalToken as string;
const etag = async (id: string) =>
  (await call(desk.app, "GET", `/api/tickets/${id}`, { as: agent.session })).headers.get("etag");

describe("customer links", () => {
  it("a new link can revoke every earlier one (mailed or shared), and only for that ticket", async () => {
    const { id, portalToken: mailed } = await submitTicket(desk.app);
    const other = await submitTicket(desk.app);
    const shared = await newLink(id);
    expect((await view(id, mailed)).status).toBe(200);
    expect((await view(id, shared)).status).toBe(200);
    const before = await etag(id);

    const replacement = await newLink(id, { revokePrevious: true });
    for (const old of [mailed, shared]) {
      const refused = await view(id, old);
      expect(refused.status).toBe(401);
      expect(refused.json.error.code).toBe("link_revoked");
    }
    expect((await view(id, replacement)).status).toBe(200);
    // Links issued afterwards work; the other ticket's links and the ticket's version are untouched.
    expect((await view(id, await newLink(id))).status).toBe(200);
    expect((await view(other.id, other.portalToken)).status).toBe(200);
    expect(await etag(id)).toBe(before);
  });

  it("without revokePrevious, earlier links keep working; a bad body is a 400", async () => {
    const { id, portalToken } = await submitTicket(desk.app);
    await newLink(id, { revokePrevious: false });
    expect((await view(id, portalToken)).status).toBe(200);
    const bad = await call(desk.app, "POST", `/api/tickets/${id}/portal-link`, {
      as: agent.session,
      body: { revokePrevious: "yes" },
    });
    expect(bad.status).toBe(400);
  });

  it(`last ${PORTAL_TOKEN_DAYS} days from when they were issued`, async () => {
    const { id } = await submitTicket(desk.app);
    const day = 86_400_000;
    const young = issuePortalToken(id, new Date(Date.now() - (PORTAL_TOKEN_DAYS - 1) * day), TEST_SECRET);
    const old = issuePortalToken(id, new Date(Date.now() - (PORTAL_TOKEN_DAYS + 1) * day), TEST_SECRET);
    expect((await view(id, young)).status).toBe(200);
    expect((await view(id, old)).json.error.code).toBe("token_expired");
  });
});
