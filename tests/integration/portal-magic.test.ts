import { beforeAll, describe, expect, it } from "vitest";
import { issueMagicToken } from "../../core/auth/magic-link.ts";
import { insideOneWindow } from "../support/clock.ts";
import { call, signedInAgent, startTestDesk, submitTicket, type TestDesk } from "../support/desk.ts";
import { mailsTo } from "../support/mail.ts";

let desk: TestDesk;
beforeAll(async () => {
  desk = await startTestDesk();
  await signedInAgent(desk.app);
});

const ask = (email: string, ip = "203.0.113.9") =>
  call(desk.app, "POST", "/api/portal/magic-link", { body: { email, locale: "fr" }, ip });
const linkIn = async (email: string) => {
  const mails = (await mailsTo(desk, email)) as unknown as { subject: string; body: { text: string } }[];
  const mail = mails.findLast((m) => m.subject.includes("lien de connexion"));
  return mail ? /#magic=(\S+)/.exec(mail.body.text)![1]! : null;
};
const signIn = async (token: string) => {
  const response = await desk.app.request("/api/portal/session", {
    method: "POST",
    headers: { "content-type": "application/json", "x-requested-with": "desk" },
    body: JSON.stringify({ token }),
  });
  return { status: response.status, cookie: response.headers.get("set-cookie")?.split(";")[0] ?? "" };
};
const asCustomer = (cookie: string, path: string, init: RequestInit = {}) =>
  desk.app.request(`/api${path}`, {
    ...init,
    headers: {
      cookie,
      "x-requested-with": "desk",
      "content-type": "application/json",
      ...(init.headers ?? {}),
    },
  });

describe("customer portal by magic link", () => {
  it("answers alike for known and unknown addresses, and mails a link only to a known one", async () => {
    await submitTicket(desk.app, { email: "marie@example.fr", subject: "Première demande" });
    await submitTicket(desk.app, { email: "marie@example.fr", subject: "Deuxième demande" });
    const known = await ask("marie@example.fr");
    const unknown = await ask("nobody@example.fr");
    expect([known.status, unknown.status]).toEqual([202, 202]);
    expect(known.json).toEqual(unknown.json);
    await desk.drain();
    expect(await linkIn("marie@example.fr")).not.toBeNull();
    expect(await linkIn("nobody@example.fr")).toBeNull();
  });

  it("signs in once per link, shows only the customer's tickets, and lets them reply and close", async () => {
    const token = (await linkIn("marie@example.fr"))!;
    const session = await signIn(token);
    expect(session.status).toBe(200);
    expect((await signIn(token)).status).toBe(401);

    const mine = await (await asCustomer(session.cookie, "/portal/me/tickets")).json();
    expect(mine.email).toBe("marie@example.fr");
    expect(mine.items.map((t: { subject: string }) => t.subject)).toEqual([
      "Deuxième demande",
      "Première demande",
    ]);

    const theirs = await submitTicket(desk.app, { email: "someone-else@example.com" });
    expect((await asCustomer(session.cookie, `/portal/tickets/${theirs.id}`)).status).toBe(404);

    const first = mine.items[0].id as string;
    const reply = await asCustomer(session.cookie, `/portal/tickets/${first}/messages`, {
      method: "POST",
      body: JSON.stringify({ message: "Des nouvelles ?" }),
    });
    expect(reply.status).toBe(201);
    const noHeader = await desk.app.request(`/api/portal/tickets/${first}/messages`, {
      method: "POST",
      headers: { cookie: session.cookie, "content-type": "application/json" },
      body: JSON.stringify({ message: "forged" }),
    });
    expect(noHeader.status).toBe(403);
    const closed = await asCustomer(session.cookie, `/portal/tickets/${first}/close`, {
      method: "POST",
      body: "{}",
    });
    expect(await closed.json()).toEqual({ status: "solved" });

    // Signing out is a write signed by the cookie: without X-Requested-With it ends nothing.
    const forgedOut = await desk.app.request("/api/portal/logout", {
      method: "POST",
      headers: { cookie: session.cookie },
    });
    expect(forgedOut.status).toBe(403);
    // The agent API's code for the same refusal: one stable code, worded by every page that can meet it.
    expect((await forgedOut.json()).error.code).toBe("csrf_failed");
    const forgedClose = await desk.app.request(`/api/portal/tickets/${first}/close`, {
      method: "POST",
      headers: { cookie: session.cookie, "content-type": "application/json" },
      body: "{}",
    });
    expect(forgedClose.status).toBe(403);
    expect((await forgedClose.json()).error.code).toBe("csrf_failed");
    expect((await asCustomer(session.cookie, "/portal/me/tickets")).status).toBe(200);
    await asCustomer(session.cookie, "/portal/logout", { method: "POST" });
    expect((await asCustomer(session.cookie, "/portal/me/tickets")).status).toBe(401);
  });

  it("refuses an expired, forged or foreign link", async () => {
    const expired = issueMagicToken("marie@example.fr", new Date(Date.now() - 16 * 60_000));
    expect((await signIn(expired)).status).toBe(401);
    const forged = issueMagicToken("marie@example.fr").replace(/\.[^.]+$/, ".forged");
    expect((await signIn(forged)).status).toBe(401);
    expect((await signIn("nonsense")).status).toBe(401);
    const bad = await call(desk.app, "POST", "/api/portal/magic-link", { body: { email: "not an address" } });
    expect(bad.status).toBe(400);
  });

  it("limits requests per address without telling anything", async () => {
    await submitTicket(desk.app, { email: "lucie@example.fr", subject: "Une demande" });
    // Three a quarter of an hour per address, in windows aligned on the clock: all five asked in one of them.
    await insideOneWindow(900, 30);
    for (let i = 0; i < 5; i++) expect((await ask("lucie@example.fr", `198.51.100.${i}`)).status).toBe(202);
    await desk.drain();
    const links = ((await mailsTo(desk, "lucie@example.fr")) as unknown as { subject: string }[]).filter(
      (m) => m.subject.includes("lien de connexion"),
    );
    expect(links).toHaveLength(3);
  });
});

describe("portal attachments", () => {
  it("lets the customer attach files to a reply, and download them again", async () => {
    const { id, portalToken } = await submitTicket(desk.app, { email: "files@example.com" });
    const auth = { authorization: `Bearer ${portalToken}` };
    const content = Buffer.from("screenshot bytes");
    const sent = await call(desk.app, "POST", `/api/portal/tickets/${id}/messages`, {
      headers: auth,
      body: {
        message: "Here is a screenshot",
        attachments: [
          { name: "screen.png", contentType: "image/png", contentBase64: content.toString("base64") },
        ],
      },
    });
    expect(sent.status).toBe(201);
    const entry = sent.json.timeline.at(-1);
    expect(entry.attachments).toEqual([{ name: "screen.png", size: content.length }]);
    const file = await desk.app.request(`/api/portal/tickets/${id}/entries/${entry.id}/attachments/0`, {
      headers: auth,
    });
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer())).toEqual(content);
    expect(file.headers.get("content-disposition")).toContain("screen.png");
    const tooMany = await call(desk.app, "POST", `/api/portal/tickets/${id}/messages`, {
      headers: auth,
      body: {
        message: "x",
        attachments: Array.from({ length: 11 }, (_, i) => ({
          name: `${i}.txt`,
          contentType: "text/plain",
          contentBase64: "eA==",
        })),
      },
    });
    expect(tooMany.status).toBe(400);
  });
});
