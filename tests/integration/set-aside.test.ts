import { beforeAll, describe, expect, it } from "vitest";
import { storeFiles } from "../../core/mail/raw-store.ts";
import { recordSetAside, recordUnfiled, SET_ASIDE_DAYS, SET_ASIDE_LISTED } from "../../core/mail/unfiled.ts";
import { fileOrList } from "../../core/mail/unfiled-retry.ts";
import { store } from "../../core/store/index.ts";
import { call, patchTicket, signedInAgent, startTestDesk, type TestDesk } from "../support/desk.ts";
import { deliver, mailsTo, rawMail, ticketsOf } from "../support/mail.ts";

/**
 * Mail the desk sets aside on purpose (a virus, an automatic reply to a closed ticket, its own mail come back, a
 * delivery report about no mail of the desk) is never dropped unseen: admins find it in the unfiled list with its
 * reason, for 30 days, and can file it by hand (not a virus) or dismiss it.
 */
let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
let admin: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  agent = await signedInAgent(desk.app, { name: "Alice Agent" });
  admin = await signedInAgent(desk.app, { role: "admin", name: "Ada Admin" });
});

type Listed = {
  id: string;
  reason: string;
  detail: string;
  subject: string | null;
  receivedAt: string;
  setAside: string | null;
  expiresAt: string | null;
};
const listed = async () =>
  (await call(desk.app, "GET", "/api/admin/unfiled?limit=100", { as: admin.session })).json.items as Listed[];
const bySubject = async (subject: string) => (await listed()).filter((item) => item.subject === subject);

describe("mail set aside", () => {
  it("lists a virus with its reason for 30 days, never hands it out or files it, and lets an admin dismiss it", async () => {
    const raw = await rawMail({
      from: "virus@evil.example",
      subject: "Invoice overdue",
      headers: { "X-SES-Virus-Verdict": "FAIL" },
    });
    await deliver(desk, raw);
    await deliver(desk, raw); // a redelivery adds nothing
    expect(await ticketsOf(desk, agent.session, "virus@evil.example")).toHaveLength(0);
    const items = await bySubject("Invoice overdue");
    expect(items).toHaveLength(1);
    const [item] = items as [Listed];
    expect(item).toMatchObject({
      reason: "virus",
      setAside: "quarantined",
      detail: "virus verdict",
      from: { address: "virus@evil.example", usableAsRequester: true },
    });
    const days = (Date.parse(item.expiresAt!) - Date.parse(item.receivedAt)) / 86_400_000;
    expect(Math.round(days)).toBe(SET_ASIDE_DAYS);

    const original = await call(desk.app, "GET", `/api/admin/unfiled/${item.id}/original`, {
      as: admin.session,
    });
    expect(original.status).toBe(409);
    expect(original.json.error.code).toBe("quarantined");
    const filed = await call(desk.app, "POST", `/api/admin/unfiled/${item.id}/file`, {
      as: admin.session,
      body: { requesterEmail: "virus@evil.example" },
    });
    expect(filed.status).toBe(409);
    expect(await ticketsOf(desk, agent.session, "virus@evil.example")).toHaveLength(0);

    expect(
      (await call(desk.app, "DELETE", `/api/admin/unfiled/${item.id}`, { as: admin.session })).status,
    ).toBe(204);
    expect(await bySubject("Invoice overdue")).toHaveLength(0);
  });

  it("lists an automatic reply to a closed ticket, which an admin can still file as a ticket", async () => {
    await deliver(desk, await rawMail({ from: "Olivia <olivia@example.com>", subject: "Printer jam" }));
    const [ticket] = await ticketsOf(desk, agent.session, "olivia@example.com");
    const reply = await call(desk.app, "POST", `/api/tickets/${ticket!.id}/replies`, {
      as: agent.session,
      body: { body: "Open tray 2 and pull gently." },
    });
    await desk.drain();
    const sent = (
      await call(desk.app, "GET", `/api/tickets/${ticket!.id}`, { as: agent.session })
    ).json.timeline.find((e: { id: string }) => e.id === reply.json.entry.id);
    for (const status of ["solved", "closed"])
      expect((await patchTicket(desk.app, agent.session, ticket!.id, { status })).status).toBe(200);

    await deliver(
      desk,
      await rawMail({
        from: "olivia@example.com",
        subject: "Out of office: Printer jam",
        inReplyTo: sent.messageId,
        headers: { "Auto-Submitted": "auto-replied" },
        text: "I am away until Monday.",
      }),
    );
    expect(await ticketsOf(desk, agent.session, "olivia@example.com")).toHaveLength(1);
    const [item] = await bySubject("Out of office: Printer jam");
    expect(item).toMatchObject({ reason: "automatic", setAside: "ignored" });

    const filed = await call(desk.app, "POST", `/api/admin/unfiled/${item!.id}/file`, {
      as: admin.session,
      body: { requesterEmail: "olivia@example.com", requesterName: "Olivia" },
    });
    expect(filed.status).toBe(201);
    const tickets = await ticketsOf(desk, agent.session, "olivia@example.com");
    expect(tickets.map((t: { id: string }) => t.id)).toContain(filed.json.ticketId);
    expect(tickets).toHaveLength(2);
    expect(await bySubject("Out of office: Printer jam")).toHaveLength(0);
  });

  it("lists the desk's own mail come back and a delivery report about no mail of the desk, without answering either", async () => {
    await deliver(desk, await rawMail({ from: "support@desk.localhost", subject: "Looped back" }));
    // Filing it by hand would refuse the desk's address as requester: the list says so (the app offers none).
    expect(await bySubject("Looped back")).toMatchObject([
      { reason: "own_address", setAside: "ignored", from: { usableAsRequester: false } },
    ]);

    const text =
      "Delivery has failed to these recipients:\n\nbob@client.example\nRemote server returned '550 5.1.1 user unknown'";
    const report = await rawMail({
      from: "Mail Delivery System <MAILER-DAEMON@mx.example.net>",
      subject: "Undelivered Mail Returned to Sender",
      text,
    });
    await deliver(desk, report);
    expect(await bySubject("Undelivered Mail Returned to Sender")).toMatchObject([
      { reason: "stray_report", setAside: "ignored" },
    ]);
    expect(await mailsTo(desk, "MAILER-DAEMON@mx.example.net")).toHaveLength(0);
  });

  it("keeps mail waiting to be filed apart from what was set aside: no expiry on it", async () => {
    const raw = Buffer.from(
      "From: \r\nTo: support@desk.localhost\r\nSubject: Nobody wrote this\r\n\r\nHello\r\n",
    );
    await deliver(desk, raw);
    expect(await bySubject("Nobody wrote this")).toMatchObject([
      { reason: "no_sender", setAside: null, expiresAt: null },
    ]);
  });

  it(`lists at most ${SET_ASIDE_LISTED.max} of one reason an hour; the rest keep their reference and reason`, async () => {
    // One hour of its own, a week ahead: the window is the message's time, not the clock's.
    const now = new Date(Date.now() + 7 * 86_400_000);
    const raw = Buffer.from("From: MAILER-DAEMON@spam.example\r\nSubject: backscatter\r\n\r\nbounce\r\n");
    const extra = 3;
    for (let i = 0; i < SET_ASIDE_LISTED.max + extra; i++)
      await recordSetAside(
        { raw, rawKey: `raw/flood-${i}`, mail: null, key: `MSGID#<flood-${i}@spam.example>`, now },
        "ignored",
        "stray_report",
        `flood ${i}`,
      );
    const listedNow = (await call(desk.app, "GET", "/api/admin/unfiled?limit=100", { as: admin.session }))
      .json.items as Listed[];
    expect(listedNow.filter((item) => item.detail.startsWith("flood "))).toHaveLength(SET_ASIDE_LISTED.max);
    const last = SET_ASIDE_LISTED.max + extra - 1;
    const { data } = await store()
      .entities.messageRef.get({ messageId: `MSGID#<flood-${last}@spam.example>` })
      .go();
    expect(data).toMatchObject({ outcome: "ignored" });
    expect(data?.reason).toMatch(/^flood \d+ \(not listed: over 50 set aside/);
  });

  it("reads past a page of expired set-aside items to the mail still waiting behind them", async () => {
    const day = 86_400_000;
    const raw = Buffer.from("From: \r\nSubject: waiting behind\r\n\r\nhi\r\n");
    const long = new Date(Date.now() - 40 * day);
    await recordUnfiled(
      { raw, rawKey: "raw/waiting", mail: null, key: "MSGID#<waiting-behind@x>", now: long },
      "no_sender",
      "no sender, waiting behind",
    );
    for (let i = 0; i < 30; i++)
      await recordSetAside(
        {
          raw,
          rawKey: `raw/old-${i}`,
          mail: null,
          key: `MSGID#<old-${i}@x>`,
          now: new Date(Date.now() - 31 * day + i),
        },
        "ignored",
        "automatic",
        "automatic mail to a closed ticket",
      );
    // Newest first: everything listed before these 30 expired ones, then the waiting one.
    let cursor: string | null = null;
    const seen: Listed[] = [];
    do {
      const page = await call(
        desk.app,
        "GET",
        `/api/admin/unfiled?limit=25${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
        { as: admin.session },
      );
      expect(page.json.items.length > 0 || page.json.cursor === null).toBe(true);
      seen.push(...page.json.items);
      cursor = page.json.cursor;
    } while (cursor);
    expect(
      seen.some(
        (item) =>
          item.detail === "automatic mail to a closed ticket" &&
          item.receivedAt < new Date(Date.now() - 30 * day).toISOString(),
      ),
    ).toBe(false);
    expect(seen.map((item) => item.detail)).toContain("no sender, waiting behind");
  });

  it("keeps a virus quarantined when it reaches the list as failed mail", async () => {
    const raw = Buffer.from(
      "From: Mallory <mallory@evil.example>\r\nTo: support@desk.localhost\r\nSubject: Invoice failed\r\nMessage-ID: <virus-failed@evil.example>\r\nX-SES-Virus-Verdict: FAIL\r\n\r\nOpen it.\r\n",
    );
    const [stored] = await storeFiles({ ticketId: "virus", entryId: "failed" }, [
      { name: "m.eml", contentType: "message/rfc822", content: raw },
    ]);
    const outcome = await fileOrList(stored!.key, 3, 3, async () => {
      throw new Error("ProvisionedThroughputExceededException");
    });
    expect(outcome.outcome).toBe("unfiled");
    const [item] = await bySubject("Invoice failed");
    expect(item).toMatchObject({ reason: "failed", setAside: "quarantined" });
    expect(
      (await call(desk.app, "GET", `/api/admin/unfiled/${item!.id}/original`, { as: admin.session })).status,
    ).toBe(409);
  });
});
