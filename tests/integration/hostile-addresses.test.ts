import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendMagicLink } from "../../core/auth/magic-link.ts";
import { sendSurvey } from "../../core/csat/csat.ts";
import { notifyAssignment } from "../../core/mail/agent-notices.ts";
import { remindCustomer, sendNotice } from "../../core/mail/notices.ts";
import { requesterName } from "../../core/mail/sender.ts";
import { sendWeeklySummary } from "../../core/report/weekly.ts";
import { createVendor } from "../../core/sla/vendor.ts";
import {
  call,
  patchTicket,
  signedInAgent,
  startTestDesk,
  submitTicket,
  type TestDesk,
} from "../support/desk.ts";
import { deliver } from "../support/mail.ts";
import { type RecordedSend, recordSes } from "../support/ses-recorder.ts";

/**
 * Display names that try to choose the recipient, through every path that mails someone. Whatever the name,
 * SES's Destinations and the message's To/Cc must hold the intended address and nothing else.
 */
const HOSTILE_NAMES = [
  "Eve <attacker@evil.example>",
  '"attacker@evil.example" <attacker@evil.example>',
  "Doe, John <attacker@evil.example>, attacker2@evil.example",
  'Say "hi\\" <attacker@evil.example>; x@evil.example',
  "=?utf-8?B?RXZlIDxhdHRhY2tlckBldmlsLmV4YW1wbGU+?=",
  "Zoë Ünïcødé 日本 <attacker@evil.example>",
];

let desk: TestDesk;
let ses: Awaited<ReturnType<typeof recordSes>>;
let admin: Awaited<ReturnType<typeof signedInAgent>>;
let eve: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  // Every SendRawEmail of this file goes through the recorder (set before the first send creates the client).
  ses = await recordSes(desk.endpoints.mail);
  process.env.AWS_ENDPOINT_URL_SES = ses.url;
  admin = await signedInAgent(desk.app, { role: "admin", name: "Admin, Eve <attacker@evil.example>" });
  eve = await signedInAgent(desk.app, { name: "Agent, Eve <attacker@evil.example>" });
});
afterAll(() => ses?.stop());

const sorted = (list: string[]) => [...list].map((a) => a.toLowerCase()).sort();

/** The sends of a step that went to `expected` exactly (Destinations, and To + Cc parsed back), at least one. */
function sentExactlyTo(sends: RecordedSend[], expected: string[]) {
  const matching = sends.filter((s) => sorted(s.destinations).join() === sorted(expected).join());
  expect(matching.length, `a mail to ${expected.join(", ")}`).toBeGreaterThan(0);
  for (const send of matching) expect(sorted([...send.to, ...send.cc])).toEqual(sorted(expected));
  return matching;
}

describe("hostile display names on every outgoing mail path", () => {
  it("never mail an address hidden in a name", async () => {
    // 1. Web form: the acknowledgement goes to the typed address only, and names nobody.
    const web: { id: string; portalToken: string; email: string }[] = [];
    for (const [i, name] of HOSTILE_NAMES.entries()) {
      const email = `web${i}@example.org`;
      const { id, portalToken } = await submitTicket(desk.app, { name, email, locale: i % 2 ? "fr" : "en" });
      web.push({ id, portalToken, email });
    }
    await desk.drain();
    let sends = await ses.next();
    for (const { email } of web) {
      const [ack] = sentExactlyTo(sends, [email]);
      expect(ack!.toNames).toEqual([""]);
    }

    // 2. Agent-logged tickets: the acknowledgement may greet by name, encoded, never parsed.
    for (const [i, name] of HOSTILE_NAMES.entries()) {
      const logged = await call(desk.app, "POST", "/api/agent/tickets", {
        as: eve.session,
        body: { name, email: `phone${i}@example.org`, subject: "Called about VPN", message: "x" },
      });
      expect(logged.status).toBe(201);
    }
    await desk.drain();
    sends = await ses.next();
    for (const [i, name] of HOSTILE_NAMES.entries()) {
      const email = `phone${i}@example.org`;
      const [ack] = sentExactlyTo(sends, [email]);
      // A name typed as an encoded-word is encoded by the desk: readers see the typed text, not what it decodes to.
      // The addresses in a typed name are gone (as from mail), its words kept: `Eve <attacker@evil.example>` is Eve.
      const kept = requesterName(name, email);
      expect(ack!.toNames).toEqual([kept === email ? "" : kept]);
      expect(ack!.toNames.join()).not.toContain("attacker@");
    }

    // 3. Inbound mail: a quoted name holding an address, an encoded word hiding CR/LF, hostile CC names.
    const crlfName = "=?utf-8?Q?Line=0D=0ABcc=3A_attacker=40evil.example?=";
    const cc = `"Doe, John <attacker@evil.example>" <cc1@example.org>, =?utf-8?B?RXZlIDxhdHRhY2tlckBldmlsLmV4YW1wbGU+?= <cc2@example.org>`;
    for (const [i, from] of [
      '"Victim <attacker@evil.example>" <mail0@example.org>',
      `${crlfName} <mail1@example.org>`,
    ].entries()) {
      await deliver(
        desk,
        [
          `From: ${from}`,
          "To: support@desk.localhost",
          `Cc: ${cc}`,
          `Subject: Printer ${i}`,
          `Message-ID: <hostile-${i}-${Date.now()}@client.example>`,
          "Content-Type: text/plain; charset=utf-8",
          "",
          "Hello, the printer is broken.",
          "",
        ].join("\r\n"),
      );
    }
    sends = await ses.next();
    sentExactlyTo(sends, ["mail0@example.org"]);
    sentExactlyTo(sends, ["mail1@example.org"]);

    // 4. Agent replies: to the requester and the ticket's CC, each address once.
    const mailTicket = (
      await call(desk.app, "GET", "/api/requesters/mail1@example.org/tickets", { as: eve.session })
    ).json.items[0];
    expect(mailTicket.cc).toEqual(["cc1@example.org", "cc2@example.org"]);
    for (const id of [mailTicket.id, web[0]!.id]) {
      const reply = await call(desk.app, "POST", `/api/tickets/${id}/replies`, {
        as: eve.session,
        body: { body: "We are on it." },
      });
      expect(reply.status).toBe(201);
    }
    await desk.drain();
    sends = await ses.next();
    sentExactlyTo(sends, ["mail1@example.org", "cc1@example.org", "cc2@example.org"]);
    const [reply] = sentExactlyTo(sends, [web[0]!.email]);
    expect(reply!.toNames).toEqual(["Eve"]); // typed as `Eve <attacker@evil.example>`: the words only

    // 5. Notices to agents: the customer wrote (portal), assignment, SLA notice.
    expect(
      (await patchTicket(desk.app, eve.session, web[0]!.id, { assigneeId: eve.agent.agentId })).status,
    ).toBe(200);
    const wrote = await call(desk.app, "POST", `/api/portal/tickets/${web[0]!.id}/messages`, {
      headers: { authorization: `Bearer ${web[0]!.portalToken}` },
      body: { message: "Any news?" },
    });
    expect(wrote.status).toBe(201);
    await desk.drain();
    await notifyAssignment(web[0]!.id, eve.agent.agentId, "evt-assign-hostile");
    await sendNotice({
      id: "evt-notice-hostile",
      occurredAt: new Date().toISOString(),
      ticketId: web[0]!.id,
      agentIds: [eve.agent.agentId],
      subject: "SLA warning",
      text: "Soon due.",
    });
    sends = await ses.next();
    expect(sentExactlyTo(sends, [eve.email]).length).toBeGreaterThanOrEqual(3);

    // 6. Customer reminder and satisfaction survey.
    await patchTicket(desk.app, eve.session, web[0]!.id, { status: "pending" });
    expect(await remindCustomer({ id: "evt-remind-hostile", ticketId: web[0]!.id })).toBe("sent");
    await patchTicket(desk.app, eve.session, web[0]!.id, { status: "solved" });
    expect(await sendSurvey(web[0]!.id)).toBe("sent");
    await desk.drain();
    sends = await ses.next();
    expect(sentExactlyTo(sends, [web[0]!.email]).length).toBeGreaterThanOrEqual(2);

    // 7. Vendors: one named through the API, one stored with a CR/LF name; the vendor's answer notices the owner.
    const vendor = await call(desk.app, "POST", "/api/admin/vendors", {
      as: admin.session,
      body: { id: "evil-inc", name: "Vendor, Inc. <attacker@evil.example>", email: "noc@vendor.example" },
    });
    expect(vendor.status).toBe(201);
    await createVendor({
      id: "crlf-inc",
      name: "Line\r\nBcc: attacker@evil.example",
      email: "ops@vendor.example",
    });
    for (const [id, vendorId] of [
      [web[1]!.id, "evil-inc"],
      [web[2]!.id, "crlf-inc"],
    ] as const) {
      await patchTicket(desk.app, eve.session, id, { assigneeId: eve.agent.agentId });
      const handed = await call(desk.app, "POST", `/api/tickets/${id}/vendor`, {
        as: eve.session,
        body: { vendorId, message: "Please check." },
      });
      expect(handed.status).toBe(200);
    }
    await desk.drain();
    sends = await ses.next();
    const [crlfHandoff] = sentExactlyTo(sends, ["ops@vendor.example"]);
    // What the agent asked, whole, whatever the vendor's name holds (the note is not parsed on ':').
    expect(crlfHandoff!.text).toMatch(/\n\nPlease check\.\n\nTicket #/);
    const [handoff] = sentExactlyTo(sends, ["noc@vendor.example"]);
    const replyTo = handoff!.replyTo[0];
    await deliver(
      desk,
      `From: "Vendor <attacker@evil.example>" <noc@vendor.example>\r\nTo: ${replyTo}\r\nSubject: Re: ${handoff!.subject}\r\nMessage-ID: <vendor-${Date.now()}@vendor.example>\r\n\r\nFixed.\r\n`,
    );
    sends = await ses.next();
    expect(sends.some((s) => s.subject.includes("The vendor answered"))).toBe(true);
    sentExactlyTo(sends, [eve.email]);

    // 8. Portal sign-in link, and the weekly summary to an admin with a hostile name.
    await call(desk.app, "POST", "/api/portal/magic-link", { body: { email: web[3]!.email } });
    await desk.drain();
    expect(
      await sendMagicLink({
        id: "evt-magic-hostile",
        email: `${web[3]!.email}>, <attacker@evil.example`,
        locale: "en",
      }),
    ).toBe("skipped");
    await call(desk.app, "PATCH", `/api/admin/agents/${admin.agent.agentId}`, {
      as: admin.session,
      body: { weeklySummary: true },
    });
    expect(await sendWeeklySummary(new Date("2030-01-07T12:00:00Z"))).toBe("sent");
    sends = await ses.next();
    sentExactlyTo(sends, [web[3]!.email]);
    sentExactlyTo(sends, [admin.email]);

    // Over every mail of the file: nothing ever reached, or named as a recipient, the attacker's domain, and
    // the envelope always equals the message's own To + Cc.
    const all = await ses.all();
    expect(all.length).toBeGreaterThan(25);
    for (const send of all) {
      expect(send.destinations.join()).not.toMatch(/evil/i);
      expect([...send.to, ...send.cc].join()).not.toMatch(/evil/i);
      expect(sorted(send.destinations)).toEqual(sorted([...new Set([...send.to, ...send.cc])]));
      expect(send.source).toBe("support@desk.localhost");
    }
  });
});

describe("text typed as an encoded-word", () => {
  it("reaches every reader as the desk stored it: the reply's To name and subject, an agent's notice", async () => {
    const name = "=?utf-8?B?QWRtaW4gPGFkbWluQGRlc2subG9jYWxob3N0Pg==?=";
    const subject = "=?utf-8?Q?Urgent?=";
    const email = "lookalike@example.org";
    const { id, number } = await submitTicket(desk.app, { name, email, subject });
    await desk.drain();
    await ses.next();
    const stored = (await call(desk.app, "GET", `/api/tickets/${id}`, { as: eve.session })).json;
    expect([stored.requester.name, stored.subject]).toEqual([name, subject]);

    const reply = await call(desk.app, "POST", `/api/tickets/${id}/replies`, {
      as: eve.session,
      body: { body: "We are on it." },
    });
    expect(reply.status).toBe(201);
    expect((await patchTicket(desk.app, eve.session, id, { assigneeId: eve.agent.agentId })).status).toBe(
      200,
    );
    await desk.drain();
    await notifyAssignment(id, eve.agent.agentId, "evt-assign-lookalike");
    const sends = await ses.next();
    const [answer] = sentExactlyTo(sends, [email]);
    expect(answer!.toNames).toEqual([name]);
    expect(answer!.subject).toBe(`Re: ${subject} [#${number}]`);
    const notices = sentExactlyTo(sends, [eve.email]);
    expect(notices.map((n) => n.subject)).toContain(`[#${number}] Assigned to you: ${subject}`);
  });
});

describe("the acknowledgement is no relay for a stranger's words", () => {
  const lure = "Your account is locked: call +1 555 0100 now";
  const mailFrom = async (address: string, subject: string, auth?: string) => {
    await deliver(
      desk,
      [
        `From: Mallory Lure <${address}>`,
        "To: support@desk.localhost",
        `Subject: ${subject}`,
        `Message-ID: <echo-${address}@client.example>`,
        ...(auth ? [`Authentication-Results: amazonses.com; ${auth}`] : []),
        "",
        "Please call me back.",
        "",
      ].join("\r\n"),
    );
    return (await ses.next()).find((s) => s.destinations.join() === address)!;
  };

  it("answers a web ticket, in English or French, with its number and neutral text only", async () => {
    await ses.next();
    for (const locale of ["en", "fr"] as const) {
      const email = `relay-${locale}@example.org`;
      const { id, number } = await submitTicket(desk.app, {
        name: "Mallory Lure",
        email,
        subject: lure,
        message: "Visit https://evil.example/login to unlock it.",
        locale,
      });
      await desk.drain();
      const ack = (await ses.next()).find((s) => s.destinations.join() === email)!;
      expect(ack.subject).toBe(
        locale === "fr"
          ? `[#${number}] Nous avons bien reçu votre demande`
          : `[#${number}] We received your request`,
      );
      // Neither in the text nor anywhere in the message (headers included): no name, subject or message.
      for (const echoed of ["Mallory", "locked", "+1 555 0100", "evil.example"])
        expect(ack.text).not.toContain(echoed);
      for (const echoed of ["Mallory", "locked"]) expect(ack.raw.toString("utf8")).not.toContain(echoed);
      expect(ack.text).toContain(`#${number}`);
      expect(ack.text).toContain(`/ticket.html?id=${id}#token=`);
      expect(ack.text).toContain(locale === "fr" ? "Si vous n'êtes pas à l'origine" : "If you did not send");
      const timeline = (await call(desk.app, "GET", `/api/tickets/${id}`, { as: eve.session })).json.timeline;
      const sent = timeline.find((e: { kind: string }) => e.kind === "auto_mail");
      expect(sent.body).toContain("neutral text");
      // The sender is kept structured on the timeline: the address, and the name apart.
      expect(sent.mail).toMatchObject({ from: "support@desk.localhost", fromName: "Support", to: [email] });
    }
  });

  it("echoes a mail's subject only when the sender's domain vouched for it (or no check was made)", async () => {
    const vouched = await mailFrom(
      "dmarc-pass@example.org",
      "Printer jam",
      "spf=pass; dkim=pass; dmarc=pass",
    );
    expect(vouched.subject).toMatch(/We received your request: Printer jam$/);
    expect(vouched.toNames).toEqual(["Mallory Lure"]);
    const unchecked = await mailFrom("unchecked@example.org", "Scanner jam");
    expect(unchecked.subject).toMatch(/We received your request: Scanner jam$/);
    const forged = await mailFrom("dmarc-fail@example.org", lure, "spf=fail; dkim=none; dmarc=fail");
    expect(forged.subject).toMatch(/\] We received your request$/);
    expect(forged.toNames).toEqual([""]);
    expect(forged.text).not.toContain("Mallory");
  });
});
