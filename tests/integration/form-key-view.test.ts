import { beforeAll, describe, expect, it } from "vitest";
import { issueMagicToken } from "../../core/auth/magic-link.ts";
import { issuePortalToken, verifyPortalToken } from "../../core/auth/portal-token.ts";
import { customerView } from "../../core/ticket/merged-portal.ts";
import { call, signedInAgent, startTestDesk, submitTicket, type TestDesk } from "../support/desk.ts";

/**
 * The web form's key (`pf2`) is held by whoever filled the form in, maybe not the address's owner. What the owner
 * writes on the ticket's page (through a mailed link or the portal sign-in) is theirs: the form's key shows only
 * the form itself and what was written with a form key, files included.
 */
let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  agent = await signedInAgent(desk.app, { name: "Answering Agent" });
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const portal = (id: string, token: string) =>
  call(desk.app, "GET", `/api/portal/tickets/${id}`, { headers: bearer(token) });
const file = (name: string) => ({ name, contentType: "text/plain", contentBase64: "aGVsbG8=" });
const download = (id: string, entryId: string, token: string) =>
  call(desk.app, "GET", `/api/portal/tickets/${id}/entries/${entryId}/attachments/0`, {
    headers: bearer(token),
  });
const fullLink = async (id: string) =>
  (await call(desk.app, "POST", `/api/tickets/${id}/portal-link`, { as: agent.session, body: {} })).json
    .portalToken as string;

describe("the web form's key on a ticket its address's owner writes on through the portal", () => {
  it("shows neither what the owner wrote by a mailed link or by signing in, nor their files", async () => {
    const filed = await submitTicket(desk.app, {
      email: "owner@example.com",
      subject: "Reset my card",
      message: "Please reset the card.",
    });
    expect(filed.portalToken.startsWith("pf2.")).toBe(true);
    const answer = await call(desk.app, "POST", `/api/tickets/${filed.id}/replies`, {
      as: agent.session,
      body: { body: "Which card do you mean?" },
    });
    expect(answer.status).toBe(201);

    // The owner answers on the page, through the full link the desk mailed them, with a file.
    const mailed = await fullLink(filed.id);
    const byOwner = await call(desk.app, "POST", `/api/portal/tickets/${filed.id}/messages`, {
      headers: bearer(mailed),
      body: { message: "The one ending 9912, expiring 04/29.", attachments: [file("card.txt")] },
    });
    expect(byOwner.status).toBe(201);
    const ownersEntry = (byOwner.json.timeline as { id: string; body: string }[]).find((e) =>
      e.body.includes("9912"),
    )!.id;

    // And once more after signing in to the portal by magic link.
    const session = await desk.app.request("/api/portal/session", {
      method: "POST",
      headers: { "content-type": "application/json", "x-requested-with": "desk" },
      body: JSON.stringify({ token: issueMagicToken("owner@example.com") }),
    });
    expect(session.status).toBe(200);
    const signedIn = await desk.app.request(`/api/portal/tickets/${filed.id}/messages`, {
      method: "POST",
      headers: {
        cookie: session.headers.get("set-cookie")!.split(";")[0]!,
        "x-requested-with": "desk",
        "content-type": "application/json",
      },
      body: JSON.stringify({ message: "My PIN hint is my cat's name." }),
    });
    expect(signedIn.status).toBe(201);

    // Whoever holds the form's key adds to it, with a file of their own.
    const byForm = await call(desk.app, "POST", `/api/portal/tickets/${filed.id}/messages`, {
      headers: bearer(filed.portalToken),
      body: { message: "Any news?", attachments: [file("news.txt")] },
    });
    expect(byForm.status).toBe(201);
    const formsEntry = (byForm.json.timeline as { id: string; body: string }[]).find(
      (e) => e.body === "Any news?",
    )!.id;

    const page = await portal(filed.id, filed.portalToken);
    expect(page.status).toBe(200);
    expect(page.json.timeline.map((e: { body: string }) => e.body)).toEqual([
      "Please reset the card.",
      "Any news?",
    ]);
    expect(JSON.stringify(page.json)).not.toContain("9912");
    expect(JSON.stringify(byForm.json)).not.toContain("9912");
    expect((await download(filed.id, ownersEntry, filed.portalToken)).status).toBe(404);
    expect((await download(filed.id, formsEntry, filed.portalToken)).status).toBe(200);

    // The owner's full link still shows everything, and their file.
    const full = await portal(filed.id, mailed);
    expect(full.json.timeline.map((e: { body: string }) => e.body)).toEqual([
      "Please reset the card.",
      "Which card do you mean?",
      "The one ending 9912, expiring 04/29.",
      "My PIN hint is my cat's name.",
      "Any news?",
    ]);
    expect((await download(filed.id, ownersEntry, mailed)).status).toBe(200);
  });
});

describe("the link to where a merged ticket continues", () => {
  it("is issued now, with a full lifetime, though the caller's link is older", async () => {
    const kept = await submitTicket(desk.app, { email: "old-link@example.com", subject: "Printer" });
    const dup = await submitTicket(desk.app, { email: "old-link@example.com", subject: "Printer again" });
    await call(desk.app, "POST", `/api/tickets/${dup.id}/merge`, {
      as: agent.session,
      body: { into: kept.id },
    });
    const now = new Date();
    const issuedAt = now.getTime() - 20 * 86_400_000;
    const view = await customerView(dup.id, { via: "link", issuedAt }, now);
    const check = verifyPortalToken(view.continuesAs!.token, now);
    expect(check).toMatchObject({ ok: true, ticketId: kept.id, issuedAt: now.getTime() });

    // A link to the old ticket issued before the links of the new one were revoked still leads nowhere.
    await call(desk.app, "POST", `/api/tickets/${kept.id}/portal-link`, {
      as: agent.session,
      body: { revokePrevious: true },
    });
    const later = new Date(Date.now() + 1000);
    const old = issuePortalToken(dup.id, now);
    const revoked = await customerView(dup.id, { ...verifyOk(old, later), via: "link" }, later);
    expect(revoked.continuesAs).toBeNull();
  });
});

function verifyOk(token: string, now: Date) {
  const check = verifyPortalToken(token, now);
  if (!check.ok) throw new Error(`not a valid link: ${check.reason}`);
  return { issuedAt: check.issuedAt };
}
