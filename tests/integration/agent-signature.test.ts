import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { issuePortalToken } from "../../core/auth/portal-token.ts";
import {
  call,
  sentMail,
  signedInAgent,
  startTestDesk,
  submitTicket,
  TEST_SECRET,
  type TestDesk,
} from "../support/desk.ts";
import { deliver, rawMail } from "../support/mail.ts";
import { faultySes } from "../support/ses-faults.ts";

/**
 * Agents' reply signatures on the emulators: set through PATCH /me, kept with each reply when it is written,
 * mailed under the body after "-- " (SES emulator), shown in the portal and the agent's timeline, and left out
 * of the customer's next reply when it quotes our mail.
 */
let desk: TestDesk;
let ses: Awaited<ReturnType<typeof faultySes>>;
beforeAll(async () => {
  desk = await startTestDesk();
  // Sends go through a proxy that can refuse them (for the retried delivery); otherwise it passes them on.
  ses = await faultySes(desk.endpoints.mail);
  process.env.AWS_ENDPOINT_URL_SES = ses.url;
});
afterEach(() => ses.heal());
afterAll(() => ses?.stop());

type Agent = Awaited<ReturnType<typeof signedInAgent>>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const setSignature = (agent: Agent, signature: string) =>
  call(desk.app, "PATCH", "/api/me", { as: agent.session, body: { signature } });
const myself = async (agent: Agent) =>
  (await call(desk.app, "GET", "/api/me", { as: agent.session })).json as { signature: string };

async function reply(agent: Agent, ticketId: string, body: string) {
  const response = await call(desk.app, "POST", `/api/tickets/${ticketId}/replies`, {
    as: agent.session,
    body: { body },
  });
  expect(response.status).toBe(201);
  return response.json.entry as { id: string; body: string; signature: string | null };
}
const timelineEntry = async (agent: Agent, ticketId: string, entryId: string) =>
  (await call(desk.app, "GET", `/api/tickets/${ticketId}`, { as: agent.session })).json.timeline.find(
    (e: { id: string }) => e.id === entryId,
  );
const repliesTo = async (address: string) =>
  (await sentMail(desk.endpoints.mail)).filter(
    (m) => m.destination.to.some((to) => to.includes(address)) && m.subject.startsWith("Re: "),
  );
/** The text part as the customer's mail client reads it (the emulator keeps MIME's final line break). */
const textOf = (mail: { body: { text: string } }) => mail.body.text.replace(/\n$/, "");

describe("an agent's signature", () => {
  it("is set, tidied and removed by the agent; admins can set it too", async () => {
    const agent = await signedInAgent(desk.app, { name: "Sam Signer" });
    expect((await myself(agent)).signature).toBe("");

    const set = await setSignature(agent, "\n\nSam Signer  \nSupport team, Acme\n\n");
    expect(set.status).toBe(200);
    expect(set.json.signature).toBe("Sam Signer\nSupport team, Acme");
    expect((await myself(agent)).signature).toBe("Sam Signer\nSupport team, Acme");

    const cleared = await setSignature(agent, "  \n ");
    expect(cleared.status).toBe(200);
    expect(cleared.json.signature).toBe("");

    const admin = await signedInAgent(desk.app, { role: "admin" });
    const byAdmin = await call(desk.app, "PATCH", `/api/admin/agents/${agent.agent.agentId}`, {
      as: admin.session,
      body: { signature: "Sam\nAcme support" },
    });
    expect(byAdmin.status).toBe(200);
    expect((await myself(agent)).signature).toBe("Sam\nAcme support");
  });

  it("is set by an admin with the agent's version: a stale one is refused (412), the same codes as PATCH /me", async () => {
    const agent = await signedInAgent(desk.app, { name: "Vera Versioned" });
    const admin = await signedInAgent(desk.app, { role: "admin" });
    const listed = async () =>
      (
        (await call(desk.app, "GET", "/api/admin/agents", { as: admin.session })).json.items as {
          id: string;
          version: number;
          signature: string;
        }[]
      ).find((a) => a.id === agent.agent.agentId)!;
    const seen = await listed();
    const byAdmin = (signature: string, version: number) =>
      call(desk.app, "PATCH", `/api/admin/agents/${agent.agent.agentId}`, {
        as: admin.session,
        body: { signature },
        headers: { "if-match": `"${version}"` },
      });
    // The agent changes theirs after the admin loaded the list: the admin's save, decided on the old one, is refused.
    expect((await setSignature(agent, "Vera, by herself")).status).toBe(200);
    const stale = await byAdmin("Vera, by the admin", seen.version);
    expect(stale.status).toBe(412);
    expect(stale.json.error.code).toBe("stale_version");
    expect((await myself(agent)).signature).toBe("Vera, by herself");
    // With the version now listed it goes through, and answers the next version as its ETag.
    const fresh = await listed();
    const saved = await byAdmin("\nVera  \nAcme support\n", fresh.version);
    expect(saved.status).toBe(200);
    expect(saved.json.signature).toBe("Vera\nAcme support");
    expect(saved.headers.get("etag")).toBe(`"${saved.json.version}"`);
    expect(saved.json.version).toBeGreaterThan(fresh.version);
    // The same refusals as the agent's own page, with the same codes.
    const tooMany = await byAdmin("1\n2\n3\n4\n5\n6\n7", saved.json.version);
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.error.code).toBe("signature_too_many_lines");
    const bidi = await byAdmin("Call \u202E0001", saved.json.version);
    expect(bidi.json.error.code).toBe("signature_forbidden_characters");
    expect((await myself(agent)).signature).toBe("Vera\nAcme support");
  });

  it("refuses hostile or oversized input with 400 and a stable code, changing nothing", async () => {
    const agent = await signedInAgent(desk.app);
    expect((await setSignature(agent, "Kept\nAs is")).status).toBe(200);
    const cases: [string, string][] = [
      ["Eve\r\nBcc: victim@example.com", "signature_forbidden_characters"],
      ["Eve\rhidden line", "signature_forbidden_characters"],
      ["Eve\u2028Support", "signature_forbidden_characters"],
      ["Call \u202E0001-555\u202C now", "signature_forbidden_characters"],
      ["Eve\u2066isolate\u2069", "signature_forbidden_characters"],
      ["Eve\u0000\u001b[31m", "signature_forbidden_characters"],
      ["Eve\tSupport", "signature_forbidden_characters"],
      ["x".repeat(10 * 1024), "signature_too_long"],
      ["1\n2\n3\n4\n5\n6\n7", "signature_too_many_lines"],
      ["Eve\n-- \nsecond block", "signature_delimiter"],
    ];
    for (const [signature, code] of cases) {
      const response = await setSignature(agent, signature);
      expect(response.status, JSON.stringify(signature.slice(0, 40))).toBe(400);
      expect(response.json.error.code).toBe(code);
      expect(response.json.error.fields.signature).toBeTruthy();
    }
    // A 100 KB body is past the schema's bound: still a 400, never stored.
    expect((await setSignature(agent, "y".repeat(100_001))).status).toBe(400);
    expect((await myself(agent)).signature).toBe("Kept\nAs is");
  });
});

describe("a reply by an agent with a signature", () => {
  it("is mailed as body, blank line, '-- ', signature; portal and timeline show it", async () => {
    const agent = await signedInAgent(desk.app, { name: "Riley Replier" });
    await setSignature(agent, "Riley Replier\nAcme support — +33 1 23 45 67 89");
    const email = "signed-reply@example.com";
    const { id } = await submitTicket(desk.app, { email });
    await desk.drain();

    const entry = await reply(agent, id, "Please restart the router.");
    expect(entry.body).toBe("Please restart the router.");
    expect(entry.signature).toBe("Riley Replier\nAcme support — +33 1 23 45 67 89");
    await desk.drain();

    const [mail, ...more] = await repliesTo(email);
    expect(more).toHaveLength(0);
    expect(textOf(mail!)).toBe(
      "Please restart the router.\n\n-- \nRiley Replier\nAcme support — +33 1 23 45 67 89",
    );
    const portal = await call(desk.app, "GET", `/api/portal/tickets/${id}`, {
      headers: { authorization: `Bearer ${issuePortalToken(id, new Date(), TEST_SECRET)}` },
    });
    const shown = portal.json.timeline.find((e: { id: string }) => e.id === entry.id);
    expect(shown.body).toBe(textOf(mail!));
  });

  it("keeps the signature it was written with: a later change rewrites neither its record nor a retried send", async () => {
    const agent = await signedInAgent(desk.app, { name: "Pat Past" });
    await setSignature(agent, "Pat, first signature");
    const email = "signature-retry@example.com";
    const { id } = await submitTicket(desk.app, { email });
    await desk.drain();

    // The first attempts are refused by SES: the reply waits, failed, for the sweep's retry.
    ses.refuseTo([email]);
    const entry = await reply(agent, id, "Your licence is renewed");
    await desk.drain();
    expect((await timelineEntry(agent, id, entry.id)).delivery.status).toBe("failed");
    expect(await repliesTo(email)).toHaveLength(0);

    // The agent changes their signature meanwhile; SES takes mail again and the sweep retries the reply.
    await setSignature(agent, "Pat, second signature");
    ses.heal();
    let reinvoked = 0;
    for (let i = 0; i < 20 && reinvoked === 0; i++) {
      await sleep(300);
      reinvoked += (await desk.retryFailed()).reinvoked;
    }
    expect(reinvoked).toBe(1);
    await desk.drain();

    const [mail, ...more] = await repliesTo(email);
    expect(more).toHaveLength(0);
    expect(textOf(mail!)).toBe("Your licence is renewed\n\n-- \nPat, first signature");
    expect(await timelineEntry(agent, id, entry.id)).toMatchObject({
      body: "Your licence is renewed",
      signature: "Pat, first signature",
      delivery: { status: "sent" },
    });

    // The next reply carries the new one.
    const next = await reply(agent, id, "One more thing");
    await desk.drain();
    expect(next.signature).toBe("Pat, second signature");
    const latest = (await repliesTo(email)).find((m) => textOf(m).startsWith("One more thing"));
    expect(textOf(latest!)).toBe("One more thing\n\n-- \nPat, second signature");
  });

  it("from an agent without one is mailed exactly as written, as before", async () => {
    const agent = await signedInAgent(desk.app);
    await setSignature(agent, "Gone soon");
    await setSignature(agent, "");
    const email = "unsigned-reply@example.com";
    const { id } = await submitTicket(desk.app, { email });
    await desk.drain();
    const entry = await reply(agent, id, "Line one  \n\n\tLine two\n-- \nnot a signature of ours");
    expect(entry.signature).toBeNull();
    await desk.drain();
    const [mail] = await repliesTo(email);
    // The body as stored (the reply schema trims its ends), nothing added.
    expect(textOf(mail!)).toBe(entry.body);
  });
});

describe("the customer's answer quoting our signed mail", () => {
  async function signedConversation(address: string) {
    const agent = await signedInAgent(desk.app, { name: "Quinn Quoted" });
    await setSignature(agent, "Quinn Quoted\nAcme support");
    const { id, number } = await submitTicket(desk.app, { email: address, subject: "Router down" });
    await desk.drain();
    const entry = await reply(agent, id, "Please restart the router.");
    await desk.drain();
    const sent = await timelineEntry(agent, id, entry.id);
    return { agent, id, number, messageId: sent.delivery.messageId as string };
  }
  const lastCustomerWords = async (agent: Agent, id: string) =>
    (await call(desk.app, "GET", `/api/tickets/${id}`, { as: agent.session })).json.timeline
      .filter((e: { kind: string }) => e.kind === "customer_message")
      .at(-1).body as string;

  it("is filed without our signature when quoted with '>' under an attribution (Gmail, Apple Mail)", async () => {
    const address = "quotes-gmail@example.com";
    const { agent, id, number, messageId } = await signedConversation(address);
    await deliver(
      desk,
      await rawMail({
        from: `Casey <${address}>`,
        subject: `Re: Router down [#${number}]`,
        inReplyTo: messageId,
        text: [
          "Thanks, it works again.",
          "",
          "On Mon, 7 Dec 2026 at 10:00, Support <support@desk.localhost> wrote:",
          "> Please restart the router.",
          ">",
          "> -- ",
          "> Quinn Quoted",
          "> Acme support",
        ].join("\n"),
      }),
    );
    expect(await lastCustomerWords(agent, id)).toBe("Thanks, it works again.");
  });

  it("is filed without our signature when quoted unmarked under Outlook's header block", async () => {
    const address = "quotes-outlook@example.com";
    const { agent, id, number, messageId } = await signedConversation(address);
    await deliver(
      desk,
      await rawMail({
        from: `Casey <${address}>`,
        subject: `RE: Router down [#${number}]`,
        inReplyTo: messageId,
        text: [
          "Still down after the restart.",
          "",
          "________________________________",
          "From: Support <support@desk.localhost>",
          "Sent: Monday, December 7, 2026 10:00 AM",
          `To: Casey <${address}>`,
          `Subject: Re: Router down [#${number}]`,
          "",
          "Please restart the router.",
          "",
          "-- ",
          "Quinn Quoted",
          "Acme support",
        ].join("\n"),
      }),
    );
    expect(await lastCustomerWords(agent, id)).toBe("Still down after the restart.");
  });

  it("is filed without the signature block when the client kept only our signature unquoted below", async () => {
    const address = "quotes-trailing@example.com";
    const { agent, id, number, messageId } = await signedConversation(address);
    await deliver(
      desk,
      await rawMail({
        from: `Casey <${address}>`,
        subject: `Re: Router down [#${number}]`,
        inReplyTo: messageId,
        text: ["Done, thank you!", "", "-- ", "Quinn Quoted", "Acme support"].join("\n"),
      }),
    );
    expect(await lastCustomerWords(agent, id)).toBe("Done, thank you!");
  });
});
