import { beforeAll, describe, expect, it } from "vitest";
import { call, signedInAgent, startTestDesk, submitTicket, type TestDesk } from "../support/desk.ts";
import { deliver, rawMail } from "../support/mail.ts";

/**
 * The web form checks no address: anyone may file a request in someone else's name, and its answer hands the
 * form's filler a key to that ticket. That key must not read what the desk or the address's owner write on it
 * (they take the requester for the owner), nor lead on to the owner's ticket when an agent merges the two.
 */
let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  agent = await signedInAgent(desk.app, { name: "Merging Agent" });
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const portal = (id: string, token: string) =>
  call(desk.app, "GET", `/api/portal/tickets/${id}`, { headers: bearer(token) });
const portalReply = (id: string, token: string, message: string) =>
  call(desk.app, "POST", `/api/portal/tickets/${id}/messages`, { headers: bearer(token), body: { message } });
const version = async (id: string) =>
  ((await call(desk.app, "GET", `/api/tickets/${id}`, { as: agent.session })).json as { version: number })
    .version;

describe("the web form's key to a ticket merged with the same address's ticket", () => {
  it("opens its own ticket only: no link to the ticket it continues as, and no reply lands there", async () => {
    const victims = await submitTicket(desk.app, { email: "victim@example.com", subject: "Payroll access" });
    await portalReply(victims.id, victims.portalToken, "Here is my payslip reference: PX-77");
    // A stranger files the form in the victim's name, and an agent merges it as a duplicate.
    const strangers = await submitTicket(desk.app, { email: "victim@example.com", subject: "Payroll again" });
    const merged = await call(desk.app, "POST", `/api/tickets/${strangers.id}/merge`, {
      as: agent.session,
      body: { into: victims.id },
    });
    expect(merged.status).toBe(200);

    const page = await portal(strangers.id, strangers.portalToken);
    expect(page.status).toBe(200);
    expect(page.json).toMatchObject({ merged: true, continuesAs: null });
    expect(JSON.stringify(page.json)).not.toContain(victims.id);
    expect(JSON.stringify(page.json)).not.toContain("PX-77");

    const before = await version(victims.id);
    const refused = await portalReply(strangers.id, strangers.portalToken, "Please send my payslips here");
    expect([refused.status, refused.json.error.code]).toEqual([409, "ticket_merged"]);
    expect(await version(victims.id)).toBe(before);
  });

  it("still works on its own ticket, and cannot be relabelled as a mailed link", async () => {
    const mine = await submitTicket(desk.app, { subject: "Keyboard" });
    expect(mine.portalToken.startsWith("pf2.")).toBe(true);
    expect((await portal(mine.id, mine.portalToken)).status).toBe(200);
    expect((await portalReply(mine.id, mine.portalToken, "Still broken")).status).toBe(201);

    const relabelled = mine.portalToken.replace(/^pf2\./, "pt2.");
    const forged = await portal(mine.id, relabelled);
    expect([forged.status, forged.json.error.code]).toEqual([401, "unauthorized"]);
  });

  it("a link the desk mailed to the address (acknowledgement) is still led on to where it continues", async () => {
    const kept = await submitTicket(desk.app, { email: "lee@example.com", subject: "VPN" });
    const dup = await submitTicket(desk.app, { email: "lee@example.com", subject: "VPN down" });
    await call(desk.app, "POST", `/api/tickets/${dup.id}/merge`, {
      as: agent.session,
      body: { into: kept.id },
    });
    const mailed = (
      await call(desk.app, "POST", `/api/tickets/${dup.id}/portal-link`, { as: agent.session, body: {} })
    ).json.portalToken as string;
    expect((await portal(dup.id, mailed)).json.continuesAs).toMatchObject({ id: kept.id });
  });
});

describe("the web form's key to a ticket filed in someone else's name", () => {
  it("shows what was written on the web, not the desk's answers nor the owner's mail, nor their files", async () => {
    const filed = await submitTicket(desk.app, {
      email: "owner@example.com",
      subject: "Forgot my account number",
    });
    const number = (await portal(filed.id, filed.portalToken)).json.number as number;
    const reply = await call(desk.app, "POST", `/api/tickets/${filed.id}/replies`, {
      as: agent.session,
      body: {
        body: "Your account number is 4471-22.",
        attachments: [{ name: "statement.pdf", contentType: "application/pdf", contentBase64: "JVBERi0x" }],
      },
    });
    expect(reply.status).toBe(201);
    // The address's owner answers the desk's mail on that thread.
    await deliver(
      desk,
      await rawMail({
        from: "owner@example.com",
        subject: `Re: Forgot my account number [#${number}]`,
        text: "I did not ask for this. My birth date is 1980-02-03 if you need it.",
      }),
    );
    await portalReply(filed.id, filed.portalToken, "Thanks, and my card PIN?");

    const page = await portal(filed.id, filed.portalToken);
    expect(page.status).toBe(200);
    expect(page.json.answersByMail).toBe(true);
    const said = JSON.stringify(page.json.timeline);
    expect(said).not.toContain("4471-22");
    expect(said).not.toContain("1980-02-03");
    expect(page.json.timeline.map((e: { body: string }) => e.body)).toEqual([
      "Something is broken.",
      "Thanks, and my card PIN?",
    ]);
    // The reply's file cannot be fetched with the form's key either.
    const replyEntry = reply.json.entry.id as string;
    const file = await call(
      desk.app,
      "GET",
      `/api/portal/tickets/${filed.id}/entries/${replyEntry}/attachments/0`,
      {
        headers: bearer(filed.portalToken),
      },
    );
    expect(file.status).toBe(404);

    // A link the desk mails to the address shows the whole conversation, files too.
    const mailed = (
      await call(desk.app, "POST", `/api/tickets/${filed.id}/portal-link`, { as: agent.session, body: {} })
    ).json.portalToken as string;
    const full = await portal(filed.id, mailed);
    expect(full.json.answersByMail).toBe(false);
    expect(JSON.stringify(full.json.timeline)).toContain("4471-22");
    expect(JSON.stringify(full.json.timeline)).toContain("1980-02-03");
    const byMailedLink = await call(
      desk.app,
      "GET",
      `/api/portal/tickets/${filed.id}/entries/${replyEntry}/attachments/0`,
      { headers: bearer(mailed) },
    );
    expect(byMailedLink.status).toBe(200);
  });
});

describe("a link to a merged ticket after the links of the ticket it continues as were revoked", () => {
  it("no longer leads there, nor adds to it; a link issued after the revocation does", async () => {
    const kept = await submitTicket(desk.app, { email: "leaky@example.com", subject: "Mailbox full" });
    const dup = await submitTicket(desk.app, { email: "leaky@example.com", subject: "Mailbox still full" });
    await call(desk.app, "POST", `/api/tickets/${dup.id}/merge`, {
      as: agent.session,
      body: { into: kept.id },
    });
    const link = (to: string, body = {}) =>
      call(desk.app, "POST", `/api/tickets/${to}/portal-link`, { as: agent.session, body }).then(
        (r) => r.json.portalToken as string,
      );
    const oldLink = await link(dup.id);
    expect((await portal(dup.id, oldLink)).json.continuesAs).toMatchObject({ id: kept.id });

    // The customer's link to the ticket leaked: the agent ends every link to it.
    await link(kept.id, { revokePrevious: true });
    const page = await portal(dup.id, oldLink);
    expect(page.status).toBe(200);
    expect(page.json.continuesAs).toBeNull();
    const refused = await portalReply(dup.id, oldLink, "Still there?");
    expect([refused.status, refused.json.error.code]).toEqual([409, "ticket_merged"]);

    const fresh = await link(dup.id);
    const followed = (await portal(dup.id, fresh)).json.continuesAs;
    expect(followed).toMatchObject({ id: kept.id });
    expect((await portal(kept.id, followed.token)).status).toBe(200);
  });
});
