import type { S3Event } from "aws-lambda";
import { Resource } from "sst";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { issuePortalToken } from "../../core/auth/portal-token.ts";
import { limits } from "../../core/auth/rate-limit.ts";
import { config } from "../../core/config.ts";
import { issueCsatToken } from "../../core/csat/csat.ts";
import { objectCreatedNotification, storeInboundMail } from "../../core/mail/raw-store.ts";
import { store } from "../../core/store/index.ts";
import { handler as inboundMailWorker } from "../../functions/workers/inbound-mail.ts";
import { dayIn, insideOneWindow, limitInOneWindow, noonZone } from "../support/clock.ts";
import {
  call,
  patchTicket,
  signedInAgent,
  startTestDesk,
  submitTicket,
  type TestDesk,
} from "../support/desk.ts";
import { acksTo, mailsTo, rawMail, ticketsOf } from "../support/mail.ts";

/**
 * The ground rule "retried or duplicated messages change nothing the second time", on each write a customer or an
 * agent can send twice: nothing stored or mailed again, no rate-limit allowance used up, and the same answer.
 */
const ZONE = noonZone();
let desk: TestDesk;
let admin: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  process.env.DESK_LIMIT_PORTAL_MESSAGES = limitInOneWindow(3, 3600);
  process.env.DESK_LIMIT_SUBMISSIONS_PER_IP = limitInOneWindow(2, 3600);
  process.env.DESK_LIMIT_SUBMISSIONS_PER_EMAIL = limitInOneWindow(2, 3600);
  desk = await startTestDesk();
  admin = await signedInAgent(desk.app, { role: "admin" });
  await call(desk.app, "PUT", "/api/admin/business-hours", {
    as: admin.session,
    body: { timezone: ZONE, alwaysOpen: true },
  });
});

const timelineOf = async (id: string) =>
  (await call(desk.app, "GET", `/api/tickets/${id}`, { as: admin.session })).json.timeline as {
    kind: string;
    body: string | null;
  }[];
const bodiesOf = async (id: string, kind: string) =>
  (await timelineOf(id)).filter((e) => e.kind === kind).map((e) => e.body);

describe("a customer's portal message sent again", () => {
  const send = (id: string, message: string, key: string) =>
    call(desk.app, "POST", `/api/portal/tickets/${id}/messages`, {
      headers: { authorization: `Bearer ${issuePortalToken(id)}`, "idempotency-key": key },
      body: { message },
    });

  it("uses up none of the ticket's hourly allowance, and is answered as the first time even past it", async () => {
    const { id } = await submitTicket(desk.app, { message: "The printer jams." });
    const first = await send(id, "Still jammed.", "portal-retry-0001");
    expect(first.status).toBe(201);
    for (let i = 0; i < 4; i++) {
      const again = await send(id, "Still jammed.", "portal-retry-0001");
      expect(again.status).toBe(201);
      expect(again.json).toEqual(first.json);
    }
    // The allowance (3 in this file) is whole but for the first message: two more pass, the next is refused.
    expect((await send(id, "Tried another tray.", "portal-retry-0002")).status).toBe(201);
    const third = await send(id, "Tried another paper.", "portal-retry-0003");
    expect(third.status).toBe(201);
    const refused = await send(id, "Help!", "portal-retry-0004");
    expect(refused.status).toBe(429);
    expect(refused.json.error.code).toBe("rate_limited");
    // Past the limit, a retry of a stored message still gets its answer; another message under its key is 409.
    const late = await send(id, "Tried another paper.", "portal-retry-0003");
    expect(late.status).toBe(201);
    expect(late.json.timeline).toEqual(third.json.timeline);
    expect((await send(id, "Something else.", "portal-retry-0003")).status).toBe(409);
    expect(await bodiesOf(id, "customer_message")).toEqual([
      "The printer jams.",
      "Still jammed.",
      "Tried another tray.",
      "Tried another paper.",
    ]);
  });

  it("takes back the hit of twins sent at once, and answers a retry after the ticket was closed", async () => {
    const { id } = await submitTicket(desk.app, { message: "No sound." });
    const twins = await Promise.all([1, 2, 3].map(() => send(id, "Still silent.", "portal-twin-0001")));
    expect(twins.map((r) => r.status)).toEqual([201, 201, 201]);
    expect((await send(id, "Checked the cable.", "portal-twin-0002")).status).toBe(201);
    expect((await send(id, "Checked the driver.", "portal-twin-0003")).status).toBe(201);
    expect((await send(id, "Checked the fuse.", "portal-twin-0004")).status).toBe(429);

    const other = await submitTicket(desk.app, { message: "No picture." });
    expect((await send(other.id, "Still dark.", "portal-closed-0001")).status).toBe(201);
    for (const status of ["solved", "closed"])
      expect((await patchTicket(desk.app, admin.session, other.id, { status })).status).toBe(200);
    const retried = await send(other.id, "Still dark.", "portal-closed-0001");
    expect(retried.status).toBe(201);
    expect(retried.json.status).toBe("closed");
    const fresh = await send(other.id, "Hello?", "portal-closed-0002");
    expect(fresh.status).toBe(409);
    expect(await bodiesOf(id, "customer_message")).toEqual([
      "No sound.",
      "Still silent.",
      "Checked the cable.",
      "Checked the driver.",
    ]);
    expect(await bodiesOf(other.id, "customer_message")).toEqual(["No picture.", "Still dark."]);
  });
});

describe("a message written with the web form's key, sent again after its ticket was merged", () => {
  it("is answered as the first time, not refused as a new message on a merged ticket", async () => {
    const email = "merged-retry@example.com";
    const source = await submitTicket(desk.app, { email, message: "First try." });
    const target = await submitTicket(desk.app, { email, message: "Second try." });
    const send = () =>
      call(desk.app, "POST", `/api/portal/tickets/${source.id}/messages`, {
        headers: { authorization: `Bearer ${source.portalToken}`, "idempotency-key": "merged-retry-0001" },
        body: { message: "Any news?" },
      });
    expect((await send()).status).toBe(201);
    const merged = await call(desk.app, "POST", `/api/tickets/${source.id}/merge`, {
      as: admin.session,
      body: { into: target.id },
    });
    expect(merged.status).toBe(200);
    const again = await send();
    expect(again.status).toBe(201);
    expect(again.json.merged).toBe(true);
    const fresh = await call(desk.app, "POST", `/api/portal/tickets/${source.id}/messages`, {
      headers: { authorization: `Bearer ${source.portalToken}`, "idempotency-key": "merged-retry-0002" },
      body: { message: "Hello?" },
    });
    expect(fresh.json.error.code).toBe("ticket_merged");
    expect(await bodiesOf(source.id, "customer_message")).toEqual(["First try.", "Any news?"]);
  });
});

describe("a web-form submission sent again with its Idempotency-Key", () => {
  const submission = (email: string, message = "The screen is blank.") => ({
    name: "Robin",
    email,
    subject: "Blank screen",
    message,
  });
  const post = async (body: unknown, key: string | undefined, ip: string) => {
    const { status, json } = await call(desk.app, "POST", "/api/tickets", {
      body,
      headers: key ? { "idempotency-key": key } : {},
      ip,
    });
    return { status, json };
  };

  it("counts against neither limit, and is answered as the first time even once the IP is refused", async () => {
    const ip = "192.0.2.201";
    const first = await post(submission("blank@example.com"), "form-retry-0001", ip);
    expect(first.status).toBe(201);
    for (let i = 0; i < 3; i++)
      expect(await post(submission("blank@example.com"), "form-retry-0001", ip)).toEqual(first);
    // This IP's allowance (2 in this file) is used by the first submission only: one more, then refused.
    expect((await post(submission("second@example.com"), "form-retry-0002", ip)).status).toBe(201);
    const refused = await post(submission("third@example.com"), "form-retry-0003", ip);
    expect(refused.status).toBe(429);
    // Refused since, the same submission again still gets its ticket (it creates nothing)…
    expect(await post(submission("blank@example.com"), "form-retry-0001", ip)).toEqual(first);
    // …but nothing else does: another submission under its key (409: the key's hit is this window's already), a
    // key nobody stored, or no key (429).
    const reused = await post(submission("blank@example.com", "Other words."), "form-retry-0001", ip);
    expect(reused.status).toBe(409);
    expect(reused.json.error.code).toBe("idempotency_key_reused");
    for (const [body, key] of [
      [submission("fourth@example.com"), "form-retry-0004"],
      [submission("fifth@example.com"), undefined],
    ] as const) {
      const answer = await post(body, key, ip);
      expect(answer.status).toBe(429);
      expect(answer.json.error.code).toBe("rate_limited");
    }
    const tickets = await ticketsOf(desk, admin.session, "blank@example.com");
    expect(tickets).toHaveLength(1);
    expect(await ticketsOf(desk, admin.session, "third@example.com")).toHaveLength(0);
  });

  const hits = async (bucket: string, windowSeconds: number) => {
    const windowMs = windowSeconds * 1000;
    const window = String(Math.floor(Date.now() / windowMs) * windowMs);
    const { data } = await store().entities.rateLimit.get({ bucket, window }).go({ consistent: true });
    return (data?.count ?? 0) + (data?.members?.length ?? 0);
  };

  it("counts nothing in a window the first submission was not counted in", async () => {
    const ip = "192.0.2.202";
    const email = "next-window@example.com";
    const first = await post(submission(email), "form-window-0001", ip);
    expect(first.status).toBe(201);
    const ipLimit = limits.submissionsPerIp();
    const emailLimit = limits.submissionsPerEmail();
    // The clock moved to both limits' next windows (only Date is faked: the SDK's timers run as they do).
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(Date.now() + Math.max(ipLimit.windowSeconds, emailLimit.windowSeconds) * 1000);
      const again = await post(submission(email), "form-window-0001", ip);
      expect(again).toEqual(first);
      expect(await hits(`submit-ip:${ip}`, ipLimit.windowSeconds)).toBe(0);
      expect(await hits(`submit-email:${email}`, emailLimit.windowSeconds)).toBe(0);
      // The address's limit filled in that window by other submissions: the replay is refused there, answered
      // all the same, and what it counted at its IP is taken back.
      for (const [i, key] of ["form-window-0002", "form-window-0003"].entries())
        expect((await post(submission(email, `Other ${i}`), key, `192.0.2.${220 + i}`)).status).toBe(201);
      expect(await post(submission(email), "form-window-0001", ip)).toEqual(first);
      expect(await hits(`submit-ip:${ip}`, ipLimit.windowSeconds)).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it("keeps twins sent at once counted once: one ticket, and the IP's limit holds", async () => {
    const ip = "192.0.2.204";
    const twins = await Promise.all(
      Array.from({ length: 6 }, () => post(submission("twins@example.com"), "form-twins-0001", ip)),
    );
    expect(new Set(twins.map((t) => t.json.id)).size).toBe(1);
    expect(await hits(`submit-ip:${ip}`, limits.submissionsPerIp().windowSeconds)).toBe(1);
    // Twins of a second submission: the IP's allowance of 2 is then used up; a third is refused.
    await Promise.all(
      Array.from({ length: 6 }, () => post(submission("twins2@example.com"), "form-twins-0002", ip)),
    );
    expect((await post(submission("twins3@example.com"), "form-twins-0003", ip)).status).toBe(429);
    expect(await ticketsOf(desk, admin.session, "twins3@example.com")).toHaveLength(0);
  });

  it("never grows a limit's record past its limit with refused keys", async () => {
    const ip = "192.0.2.205";
    for (let i = 0; i < 6; i++) await post(submission(`grow${i}@example.com`), `form-grow-000${i}`, ip);
    const windowSeconds = limits.submissionsPerIp().windowSeconds;
    const window = String(Math.floor(Date.now() / (windowSeconds * 1000)) * windowSeconds * 1000);
    const { data } = await store()
      .entities.rateLimit.get({ bucket: `submit-ip:${ip}`, window })
      .go({ consistent: true });
    expect(data?.members).toHaveLength(limits.submissionsPerIp().max);
  });

  it("answers a replay with the key first issued, so revoking the ticket's links holds against it", async () => {
    const first = await post(submission("revoked@example.com"), "form-revoke-0001", "192.0.2.203");
    const revoked = await call(desk.app, "POST", `/api/tickets/${first.json.id}/portal-link`, {
      as: admin.session,
      body: { revokePrevious: true },
    });
    expect(revoked.status).toBe(200);
    const again = await post(submission("revoked@example.com"), "form-revoke-0001", "192.0.2.203");
    expect(again.json).toEqual(first.json);
    const view = await call(desk.app, "GET", `/api/portal/tickets/${first.json.id}`, {
      headers: { authorization: `Bearer ${again.json.portalToken}` },
    });
    expect(view.status).toBe(401);
    expect(view.json.error.code).toBe("link_revoked");
  });
});

describe("a sign-in link asked for twice", () => {
  const ask = (email: string, key: string, ip: string) =>
    call(desk.app, "POST", "/api/portal/magic-link", {
      body: { email, locale: "en" },
      headers: { "idempotency-key": key },
      ip,
    });
  const links = async (email: string) =>
    (await mailsTo(desk, email)).filter((m) => m.subject.includes("sign-in link")).length;

  it("mails one link for a double click (the page's key), another for a new request", async () => {
    await insideOneWindow(900, 20);
    const email = "double-click@example.com";
    await submitTicket(desk.app, { email });
    const clicks = await Promise.all([
      ask(email, "magic-key-0001", "192.0.2.210"),
      ask(email, "magic-key-0001", "192.0.2.210"),
    ]);
    expect(clicks.map((r) => r.status)).toEqual([202, 202]);
    expect((await ask(email, "magic-key-0001", "192.0.2.211")).status).toBe(202);
    await desk.drain();
    expect(await links(email)).toBe(1);
    // Asked again (the mail did not come): a new key, a new link, within the address's 3 a quarter of an hour.
    await ask(email, "magic-key-0002", "192.0.2.210");
    await desk.drain();
    expect(await links(email)).toBe(2);
  });

  it("counts one key sent for many addresses against the IP once per address", async () => {
    await insideOneWindow(3600, 20);
    const ip = "192.0.2.212";
    for (let i = 0; i < 22; i++) await ask(`reuse${i}@example.com`, "magic-key-reused", ip);
    const windowMs = 3600 * 1000;
    const window = String(Math.floor(Date.now() / windowMs) * windowMs);
    const { data } = await store()
      .entities.rateLimit.get({ bucket: `magic-ip:${ip}`, window })
      .go({ consistent: true });
    expect(data?.count).toBeGreaterThanOrEqual(21);
  });

  it("mails the link when the page asks again with the same key after the desk failed to take it", async () => {
    await insideOneWindow(900, 20);
    const email = "publish-failed@example.com";
    await submitTicket(desk.app, { email });
    const events = Resource.Events;
    (Resource as unknown as Record<string, unknown>).Events = { arn: `${events.arn}-missing` };
    let failed: Awaited<ReturnType<typeof ask>>;
    try {
      failed = await ask(email, "magic-key-0100", "192.0.2.213");
    } finally {
      (Resource as unknown as Record<string, unknown>).Events = events;
    }
    expect(failed.status).toBeGreaterThanOrEqual(500);
    expect((await ask(email, "magic-key-0100", "192.0.2.213")).status).toBe(202);
    await desk.drain();
    expect(await links(email)).toBe(1);
  });
});

describe("an agent's reply sent again with its Idempotency-Key", () => {
  it("is answered with the first write's entry even once the ticket is closed, and mailed once", async () => {
    const email = "keyed-after-close@example.com";
    const { id } = await submitTicket(desk.app, { email });
    const reply = () =>
      call(desk.app, "POST", `/api/tickets/${id}/replies`, {
        as: admin.session,
        headers: { "idempotency-key": "agent-retry-0001" },
        body: { body: "Replace the fuse, please.", status: "solved" },
      });
    const first = await reply();
    expect(first.status).toBe(201);
    await desk.drain();
    expect((await patchTicket(desk.app, admin.session, id, { status: "closed" })).status).toBe(200);
    const again = await reply();
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.json.entry.id).toBe(first.json.entry.id);
    await desk.drain();
    expect(await bodiesOf(id, "agent_reply")).toEqual(["Replace the fuse, please."]);
    const mailed = (await mailsTo(desk, email)).filter((m) => m.body.text.includes("Replace the fuse"));
    expect(mailed).toHaveLength(1);
  });
});

describe("a satisfaction answer sent twice", () => {
  it("writes one timeline line and moves the report's counters once, clicked at once or one after the other", async () => {
    const { id } = await submitTicket(desk.app, { email: "rated-twice@example.com" });
    await patchTicket(desk.app, admin.session, id, { status: "solved" });
    const rate = () =>
      call(desk.app, "POST", `/api/csat/${issueCsatToken(id)}`, { body: { rating: "good" } });
    const answers = [...(await Promise.all([rate(), rate(), rate()])), await rate()];
    expect(answers.map((a) => a.json)).toEqual(Array(4).fill({ rating: "good" }));
    await desk.drain();
    await desk.drain();
    const lines = (await timelineOf(id)).filter((e) => e.body?.startsWith("Satisfaction"));
    expect(lines.map((e) => e.body)).toEqual(["Satisfaction: good"]);
    const today = dayIn(ZONE);
    const report = await call(desk.app, "GET", `/api/reports/satisfaction?from=${today}&to=${today}`, {
      as: admin.session,
    });
    expect(report.json.rows[0]).toMatchObject({ good: 1, bad: 0 });
  });
});

describe("a customer's close sent twice", () => {
  it("solves the ticket once, with one timeline line and one deflection for the article, and answers once closed since", async () => {
    const written = await call(desk.app, "POST", "/api/kb/articles", {
      as: admin.session,
      body: { title: "Reset the router", body: "Unplug it for ten seconds.", locale: "en" },
    });
    const articleId = written.json.id as string;
    await call(desk.app, "PATCH", `/api/kb/articles/${articleId}`, {
      as: admin.session,
      body: { status: "published" },
    });
    const { id } = await submitTicket(desk.app, { email: "closes-twice@example.com" });
    const close = () =>
      call(desk.app, "POST", `/api/portal/tickets/${id}/close`, {
        headers: { authorization: `Bearer ${issuePortalToken(id)}` },
        body: { articleId },
      });
    const answers = [...(await Promise.all([close(), close()])), await close()];
    expect(answers.map((a) => [a.status, a.json])).toEqual(Array(3).fill([200, { status: "solved" }]));
    const lines = (await timelineOf(id)).filter((e) => e.body?.startsWith("The customer closed"));
    expect(lines).toHaveLength(1);
    // Sent again once the ticket was closed since: nothing to do, not an error.
    expect((await patchTicket(desk.app, admin.session, id, { status: "closed" })).status).toBe(200);
    const late = await close();
    expect([late.status, late.json]).toEqual([200, { status: "closed" }]);
    expect((await timelineOf(id)).filter((e) => e.body?.startsWith("The customer closed"))).toHaveLength(1);
    const article = await call(desk.app, "GET", `/api/kb/articles/${articleId}`, { as: admin.session });
    expect(article.json.deflections).toBe(1);
  });
});

describe("the same inbound mail object delivered again", () => {
  it("files one ticket and sends one acknowledgement, delivered at once or later", async () => {
    const from = "same-object@example.com";
    const raw = await rawMail({ from, subject: "Delivered thrice" });
    const key = await storeInboundMail(raw);
    await desk.drain();
    const event = JSON.parse(objectCreatedNotification(config().mailBucket, key, raw.length)) as S3Event;
    await Promise.all([inboundMailWorker(event), inboundMailWorker(event)]);
    await inboundMailWorker(event);
    await desk.drain();
    const tickets = await ticketsOf(desk, admin.session, from);
    expect(tickets).toHaveLength(1);
    expect(await bodiesOf(tickets[0]!.id, "customer_message")).toHaveLength(1);
    expect(await acksTo(desk, from)).toHaveLength(1);
  });
});
