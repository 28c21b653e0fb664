import { Resource } from "sst";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issuePortalToken } from "../../core/auth/portal-token.ts";
import { resetConfig } from "../../core/config.ts";
import {
  call,
  signedInAgent,
  startTestDesk,
  submitTicket,
  TEST_SECRET,
  type TestDesk,
} from "../support/desk.ts";

/**
 * Rotating the desk secret (README "Rotating the desk secret"): DeskSecret set to "<new> <old>" keeps what the old
 * one signed working — customers' links, page cursors — while the new one signs; set to "<new>" alone, it all ends.
 */
const NEW = "rotated-secret-0123456789abcdef";
let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
/** As a deploy with the new value would start (SST reads its resources once per process). */
const setDeskSecret = (value: string) => {
  (Resource as unknown as Record<string, unknown>).DeskSecret = { value };
  resetConfig();
};
beforeAll(async () => {
  desk = await startTestDesk();
  agent = await signedInAgent(desk.app, { role: "admin" });
});
afterAll(() => setDeskSecret(TEST_SECRET));

const portal = (id: string, token: string) =>
  call(desk.app, "GET", `/api/portal/tickets/${id}`, { headers: { authorization: `Bearer ${token}` } });

describe("rotating the desk secret", () => {
  it("keeps the old secret's links and cursors working beside the new one, and ends them when it is dropped", async () => {
    const filed = await submitTicket(desk.app, { subject: "Rotation check" });
    await submitTicket(desk.app, { subject: "Rotation check, second" });
    const mailedBefore = issuePortalToken(filed.id, new Date(), TEST_SECRET);
    const page = await call(desk.app, "GET", "/api/tickets?view=all&limit=1", { as: agent.session });
    const cursorBefore = page.json.cursor as string;
    expect(cursorBefore).toBeTruthy();

    setDeskSecret(`${NEW} ${TEST_SECRET}`);
    expect((await portal(filed.id, mailedBefore)).status).toBe(200);
    expect((await portal(filed.id, filed.portalToken)).status).toBe(200);
    const next = await call(desk.app, "GET", `/api/tickets?view=all&limit=1&cursor=${cursorBefore}`, {
      as: agent.session,
    });
    expect(next.status).toBe(200);
    // What the desk signs now is signed with the new secret alone.
    const mailedNow = (
      await call(desk.app, "POST", `/api/tickets/${filed.id}/portal-link`, { as: agent.session, body: {} })
    ).json.portalToken as string;
    const stranger = issuePortalToken(filed.id, new Date(), "stranger-secret-0123456789");
    expect((await portal(filed.id, stranger)).status).toBe(401);

    setDeskSecret(NEW);
    expect((await portal(filed.id, mailedNow)).status).toBe(200);
    expect((await portal(filed.id, mailedBefore)).status).toBe(401);
    const stale = await call(desk.app, "GET", `/api/tickets?view=all&limit=1&cursor=${cursorBefore}`, {
      as: agent.session,
    });
    expect(stale.status).toBe(400);
    expect(stale.json.error.code).toBe("invalid_cursor");
  });

  it("keeps the old inbound bearer secret accepted beside the new one, and refuses it once dropped", async () => {
    const old = `${TEST_SECRET}-inbound`;
    const post = (secret: string) =>
      desk.app.request("/api/inbound/email", {
        method: "POST",
        headers: { authorization: `Bearer ${secret}`, "content-type": "message/rfc822" },
        body: "From: a@example.com\r\nTo: support@desk.localhost\r\nSubject: Rotation\r\n\r\nHello\r\n",
      });
    const setInbound = (value: string) => {
      (Resource as unknown as Record<string, unknown>).InboundSecret = { value };
      resetConfig();
    };
    try {
      setInbound(`new-inbound-secret-0123456789 ${old}`);
      expect((await post(old)).status).toBe(202);
      expect((await post("new-inbound-secret-0123456789")).status).toBe(202);
      expect((await post("another-inbound-secret-012345")).status).toBe(401);
      setInbound("new-inbound-secret-0123456789");
      expect((await post(old)).status).toBe(401);
    } finally {
      setInbound(old);
      await desk.drain();
    }
  });
});
