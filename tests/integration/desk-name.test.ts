import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runSweep } from "../../functions/cron/sweep.ts";
import {
  call,
  patchTicket,
  signedInAgent,
  startTestDesk,
  submitTicket,
  type TestDesk,
} from "../support/desk.ts";
import { deliver, rawMail } from "../support/mail.ts";
import { type RecordedSend, recordSes } from "../support/ses-recorder.ts";

let desk: TestDesk;
let ses: Awaited<ReturnType<typeof recordSes>>;
let admin: Awaited<ReturnType<typeof signedInAgent>>;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  // Every SendRawEmail of this file goes through the recorder (set before the first send creates the client).
  ses = await recordSes(desk.endpoints.mail);
  process.env.AWS_ENDPOINT_URL_SES = ses.url;
  admin = await signedInAgent(desk.app, { role: "admin" });
  agent = await signedInAgent(desk.app);
});
afterAll(() => ses?.stop());

const DESK_ADDRESS = "support@desk.localhost";
const getDesk = (as = admin.session) => call(desk.app, "GET", "/api/admin/desk", { as });
const putDesk = (body: unknown, headers?: Record<string, string>, as = admin.session) =>
  call(desk.app, "PUT", "/api/admin/desk", { as, body, headers });

/** The acknowledgement of a new web ticket (in `locale`): the one send to its requester, parsed back. */
async function acknowledgementOf(locale: "en" | "fr") {
  await ses.next();
  const { id } = await submitTicket(desk.app, { locale });
  await desk.drain();
  const sends = await ses.next();
  expect(sends).toHaveLength(1);
  return { id, send: sends[0]!, mail: await simpleParser(sends[0]!.raw) };
}

/** Every address a header of the raw message names, and how many times each address header occurs. */
function headerLines(send: RecordedSend) {
  const head = send.raw.toString("latin1").split("\r\n\r\n")[0]!;
  const unfolded = head.replace(/\r\n[ \t]+/g, " ").split("\r\n");
  return unfolded;
}

describe("the desk's name, set by an admin", () => {
  it("signs with DESK_NAME's default while nothing is set (French: Centre d'assistance)", async () => {
    const got = await getDesk();
    expect(got.status).toBe(200);
    expect(got.json).toMatchObject({
      name: null,
      nameFr: null,
      signs: { en: "Help desk", fr: "Centre d'assistance" },
      version: 0,
    });
    const en = await acknowledgementOf("en");
    expect(en.send.text.trimEnd().endsWith("— Help desk")).toBe(true);
    // The From is DESK_MAIL_FROM's, untouched.
    expect(en.mail.from?.value).toEqual([{ name: "Support", address: DESK_ADDRESS }]);
    const fr = await acknowledgementOf("fr");
    expect(fr.send.text.trimEnd().endsWith("— Centre d'assistance")).toBe(true);
  });

  it("is for admins only", async () => {
    expect((await getDesk(agent.session)).status).toBe(403);
    expect((await putDesk({ name: "Mine" }, undefined, agent.session)).status).toBe(403);
    expect((await call(desk.app, "GET", "/api/admin/desk")).status).toBe(401);
    expect((await getDesk()).json).toMatchObject({ name: null, version: 0 });
  });

  it("refuses names that could break a mail header, writing nothing", async () => {
    for (const name of [
      "Acme\r\nBcc: attacker@x.com",
      "Acme\nIT",
      "Acme\u202Eevil",
      "Acme\u0000",
      "A".repeat(81),
    ]) {
      const response = await putDesk({ name });
      expect(response.status, JSON.stringify(name)).toBe(400);
      expect(response.json.error.code).toBe("invalid_desk_name");
    }
    expect((await putDesk({ name: "Acme", nameFr: "Acme\r\nX" })).json.error.code).toBe("invalid_desk_name");
    // A French form alone would leave English mail unnamed.
    expect((await putDesk({ nameFr: "Assistance Acme" })).status).toBe(400);
    expect((await getDesk()).json).toMatchObject({ name: null, nameFr: null, version: 0 });
  });

  it("signs the acknowledgement and sends it From the name, in each language", async () => {
    const saved = await putDesk({ name: "  Acme IT  ", nameFr: "Assistance Acme" });
    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({
      name: "Acme IT",
      nameFr: "Assistance Acme",
      signs: { en: "Acme IT", fr: "Assistance Acme" },
      deployDefault: { en: "Help desk", fr: "Centre d'assistance" },
      version: 1,
    });
    expect(saved.headers.get("etag")).toBe('"1"');

    const en = await acknowledgementOf("en");
    expect(en.send.text.trimEnd().endsWith("— Acme IT")).toBe(true);
    expect(en.mail.from?.value).toEqual([{ name: "Acme IT", address: DESK_ADDRESS }]);
    expect(en.send.source).toBe(DESK_ADDRESS);
    const fr = await acknowledgementOf("fr");
    expect(fr.send.text.trimEnd().endsWith("— Assistance Acme")).toBe(true);
    expect(fr.mail.from?.value).toEqual([{ name: "Assistance Acme", address: DESK_ADDRESS }]);

    // The timeline names the desk as the author of its automatic mail.
    const ticket = await call(desk.app, "GET", `/api/tickets/${en.id}`, { as: admin.session });
    const timeline = JSON.stringify(ticket.json);
    expect(timeline).toContain("Acme IT");
  });

  it("is idempotent and conditional", async () => {
    const again = await putDesk({ name: "Acme IT", nameFr: "Assistance Acme" });
    expect(again.json.version).toBe(1);
    const stale = await putDesk({ name: "Acme Support" }, { "if-match": '"0"' });
    expect(stale.status).toBe(412);
    expect(stale.json.error.code).toBe("stale_version");
    expect((await getDesk()).json.name).toBe("Acme IT");
    const current = await putDesk({ name: "Acme IT", nameFr: "Assistance Acme" }, { "if-match": '"1"' });
    expect(current.status).toBe(200);
    expect(current.json.version).toBe(1);
  });

  it("signs the satisfaction survey with it", async () => {
    expect(
      (
        await call(desk.app, "PUT", "/api/admin/housekeeping", {
          as: admin.session,
          body: { csatDelayMinutes: 30 },
        })
      ).status,
    ).toBe(200);
    const { id } = await submitTicket(desk.app);
    await desk.drain();
    await call(desk.app, "POST", `/api/tickets/${id}/replies`, {
      as: admin.session,
      body: { body: "Fixed.", status: "solved" },
    });
    await desk.drain();
    await ses.next();
    await runSweep(new Date(Date.now() + 31 * 60_000));
    await runSweep(new Date(Date.now() + 32 * 60_000));
    await desk.drain();
    const surveys = (await ses.next()).filter((s) => /How did we do/.test(s.subject));
    expect(surveys).toHaveLength(1);
    expect(surveys[0]!.text.trimEnd().endsWith("— Acme IT")).toBe(true);
    expect((await simpleParser(surveys[0]!.raw)).from?.value).toEqual([
      { name: "Acme IT", address: DESK_ADDRESS },
    ]);
  });

  it("keeps a hostile name a name: the From address and the headers stay the desk's", async () => {
    const hostile = 'Evil <attacker@x.com>, "Quoted" \\ Bcc: attacker@x.com';
    const saved = await putDesk({ name: hostile });
    expect(saved.status).toBe(200);
    expect(saved.json.signs).toEqual({ en: hostile, fr: hostile });

    const { send, mail } = await acknowledgementOf("en");
    expect(send.source).toBe(DESK_ADDRESS);
    expect(mail.from?.value).toEqual([{ name: hostile, address: DESK_ADDRESS }]);
    expect(send.destinations.some((d) => d.includes("attacker"))).toBe(false);
    expect(send.to.some((d) => d.includes("attacker"))).toBe(false);
    expect(send.replyTo.every((r) => r.endsWith("@desk.localhost"))).toBe(true);
    expect(mail.bcc).toBeUndefined();
    const lines = headerLines(send);
    expect(lines.filter((l) => /^from:/i.test(l))).toHaveLength(1);
    expect(lines.some((l) => /^bcc:/i.test(l))).toBe(false);
    expect(send.text.trimEnd().endsWith(`— ${hostile}`)).toBe(true);
  });

  it("reaches every agent's app with the session it reads at start and at sign-in", async () => {
    const session = async () => (await call(desk.app, "GET", "/api/auth/me", { as: agent.session })).json;
    const named = await putDesk({ name: "Acme Care", nameFr: "Acme Assistance" });
    expect(named.status).toBe(200);
    // A plain agent (no admin rights, so no GET /admin/desk) gets the name with its session, in both languages.
    expect((await session()).deskName).toEqual({ en: "Acme Care", fr: "Acme Assistance" });
    const login = await call(desk.app, "POST", "/api/auth/login", {
      body: { email: agent.email, password: agent.password },
    });
    expect(login.json.deskName).toEqual({ en: "Acme Care", fr: "Acme Assistance" });
    await putDesk({ name: null, nameFr: null });
    expect((await session()).deskName).toEqual({ en: "Help desk", fr: "Centre d'assistance" });
  });

  it("goes back to DESK_NAME's default when cleared", async () => {
    const cleared = await putDesk({ name: null, nameFr: null });
    expect(cleared.status).toBe(200);
    expect(cleared.json).toMatchObject({ name: null, signs: { en: "Help desk", fr: "Centre d'assistance" } });
    const fr = await acknowledgementOf("fr");
    expect(fr.send.text.trimEnd().endsWith("— Centre d'assistance")).toBe(true);
    expect(fr.mail.from?.value).toEqual([{ name: "Support", address: DESK_ADDRESS }]);
  });

  it("knows its earlier mail quoted From the set name in a customer's reply, and shows only the reply", async () => {
    const email = "karl@client.example";
    const { id, number } = await submitTicket(desk.app, { email, subject: "VPN" });
    await desk.drain();
    // Named after the acknowledgement went: this process forgets the names, the inbound filing reads them.
    expect((await putDesk({ name: "Acme IT", nameFr: "Assistance Acme" })).status).toBe(200);
    await ses.next();
    // Outlook for Mac quotes a sender in the address book by name, with a Date line.
    const text = `Still broken after the restart.\n\nFrom: Acme IT\nDate: Monday, December 7, 2026 10:00\nTo: Karl\nSubject: [#${number}] VPN\n\nPlease restart the VPN client.\n`;
    await deliver(desk, await rawMail({ from: `Karl <${email}>`, subject: `RE: [#${number}] VPN`, text }));
    const ticket = await call(desk.app, "GET", `/api/tickets/${id}`, { as: admin.session });
    const entries = (ticket.json.entries ?? ticket.json.timeline) as { kind: string; body?: string }[];
    const reply = entries.filter((e) => e.kind === "customer_message").at(-1);
    expect(reply?.body).toBe("Still broken after the restart.");
  });

  it("sends an agent's notice From the name in the agent's language, not the ticket's", async () => {
    expect((await putDesk({ name: "Acme IT", nameFr: "Assistance Acme" })).status).toBe(200);
    const { id } = await submitTicket(desk.app, { locale: "fr" });
    await desk.drain();
    await ses.next();
    const assigned = await patchTicket(desk.app, admin.session, id, { assigneeId: agent.agent.agentId });
    expect(assigned.status).toBe(200);
    await desk.drain();
    const notices = (await ses.next()).filter((s) => /Assigned to you/.test(s.subject));
    expect(notices).toHaveLength(1);
    expect(notices[0]!.text.trimEnd().endsWith("— Acme IT")).toBe(true);
    expect((await simpleParser(notices[0]!.raw)).from?.value).toEqual([
      { name: "Acme IT", address: DESK_ADDRESS },
    ]);
  });
});
