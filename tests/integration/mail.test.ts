import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { beforeAll, describe, expect, it } from "vitest";
import { AUTO_MAIL_LIMIT } from "../../core/mail/acknowledge.ts";
import { deskMessageId } from "../../core/mail/message-id.ts";
import { store } from "../../core/store/index.ts";
import { localSqs } from "../../infra/local/queues.ts";
import { insideOneWindow } from "../support/clock.ts";
import {
  call,
  sentMail,
  signedInAgent,
  startTestDesk,
  submitTicket,
  type TestDesk,
} from "../support/desk.ts";
import { acksTo, deliver, INBOUND_SECRET, mailsTo, rawMail, ticketsOf } from "../support/mail.ts";

let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  agent = await signedInAgent(desk.app, { name: "Alice Agent" });
});

const view = async (id: string) =>
  (await call(desk.app, "GET", `/api/tickets/${id}`, { as: agent.session })).json;
const lastEntry = async (id: string) => (await view(id)).timeline.at(-1);
const etag = async (id: string) =>
  (await call(desk.app, "GET", `/api/tickets/${id}`, { as: agent.session })).headers.get("etag")!;
const setStatus = async (id: string, status: string) =>
  call(desk.app, "PATCH", `/api/tickets/${id}`, {
    as: agent.session,
    headers: { "if-match": await etag(id) },
    body: { status },
  });

/** A customer's mail ticket with an agent reply sent: returns the ticket and the reply as sent. */
async function conversation(address: string) {
  await deliver(desk, await rawMail({ from: `Dana <${address}>`, subject: "Laptop will not boot" }));
  const [ticket] = await ticketsOf(desk, agent.session, address);
  const reply = await call(desk.app, "POST", `/api/tickets/${ticket!.id}/replies`, {
    as: agent.session,
    body: { body: "Hold power for 10 s" },
  });
  await desk.drain();
  const sent = (await view(ticket!.id)).timeline.find((e: { id: string }) => e.id === reply.json.entry.id);
  return { ticket: ticket!, sent };
}

describe("inbound mail", () => {
  it("opens a ticket from a mail, with sender, recipients and authentication results on the timeline", async () => {
    await deliver(
      desk,
      await rawMail({
        from: "Erin <erin@example.com>",
        cc: "boss@example.com",
        subject: "VPN down",
        text: "Cannot connect since 9am.\n\nOn Mon, Bob wrote:\n> earlier text",
        headers: {
          "Authentication-Results":
            "amazonses.com; spf=pass smtp.mailfrom=example.com; dkim=fail header.i=@example.com; dmarc=none",
        },
      }),
    );
    const [ticket] = await ticketsOf(desk, agent.session, "erin@example.com");
    // DMARC could not vouch for the From (dmarc=none): the boss is shown to agents as not copied, not copied.
    expect(ticket).toMatchObject({ subject: "VPN down", cc: [] });
    const first = (await view(ticket!.id)).timeline[0];
    expect(first.body).toBe("Cannot connect since 9am.");
    expect(first.channel).toBe("email");
    expect(first.messageId).toMatch(/^<test-\d+-\d+@client\.example>$/);
    expect(first.mail).toMatchObject({
      from: "erin@example.com",
      to: ["support@desk.localhost"],
      cc: ["boss@example.com"],
      spf: "pass",
      dkim: "fail",
      dmarc: "none",
      threadedBy: "new",
      notCopied: ["boss@example.com"],
    });
    const acks = await acksTo(desk, "erin@example.com");
    expect(acks).toHaveLength(1);
    // DMARC did not pass (the From could be forged): the acknowledgement repeats nothing the sender wrote.
    expect(acks[0]!.subject).toBe(`[#${ticket!.number}] We received your request`);
    expect(acks[0]!.body.text).toContain(`/ticket.html?id=${ticket!.id}#token=pt2.`);
  });

  it("answers 401 without the inbound secret and 202 with it", async () => {
    const raw = await rawMail({});
    const denied = await desk.app.request("/api/inbound/email", {
      method: "POST",
      body: new Uint8Array(raw),
    });
    expect(denied.status).toBe(401);
    const wrong = await desk.app.request("/api/inbound/email", {
      method: "POST",
      headers: { authorization: "Bearer nope" },
      body: new Uint8Array(raw),
    });
    expect(wrong.status).toBe(401);
    const ok = await desk.app.request("/api/inbound/email", {
      method: "POST",
      headers: { authorization: `Bearer ${INBOUND_SECRET}` },
      body: new Uint8Array(raw),
    });
    expect(ok.status).toBe(202);
    await desk.drain();
  });

  it("files the same message once: redelivered, or sent to two desk addresses, or without a Message-ID", async () => {
    const raw = await rawMail({
      from: "dup@example.com",
      to: "support@desk.localhost, sales@desk.localhost",
    });
    await deliver(desk, raw);
    await deliver(desk, raw);
    const noId = await rawMail({ from: "dup@example.com", messageId: null, subject: "No id" });
    await deliver(desk, noId);
    await deliver(desk, noId);
    expect(await ticketsOf(desk, agent.session, "dup@example.com")).toHaveLength(2);
    expect(await acksTo(desk, "dup@example.com")).toHaveLength(2);
  });
});

describe("threading", () => {
  it("threads a reply by References to the desk's Message-ID, and a customer reply reopens the wait", async () => {
    const { ticket, sent } = await conversation("ref@example.com");
    await setStatus(ticket.id, "pending");
    await deliver(
      desk,
      await rawMail({
        from: "ref@example.com",
        subject: "Re: Laptop",
        references: ["<other@x>", sent.messageId],
        inReplyTo: "<other@x>",
      }),
    );
    const after = await view(ticket.id);
    expect(after.status).toBe("open");
    expect(after.timeline.at(-2).mail.threadedBy).toBe("references");
    expect(await ticketsOf(desk, agent.session, "ref@example.com")).toHaveLength(1);
  });

  it("threads by In-Reply-To after SES rewrote the Message-ID", async () => {
    const { ticket, sent } = await conversation("ses@example.com");
    const { data } = await store().entities.entry.get({ ticketId: ticket.id, entryId: sent.id }).go();
    // The customer's client quotes the id SES gave the reply, not ours.
    const sesId = `<${data!.delivery!.providerMessageId}@email.amazonses.com>`;
    await deliver(
      desk,
      await rawMail({ from: "ses@example.com", inReplyTo: sesId, subject: "Still broken" }),
    );
    expect((await lastEntry(ticket.id)).mail.threadedBy).toBe("references");
    expect(await ticketsOf(desk, agent.session, "ses@example.com")).toHaveLength(1);
  });

  it("threads by the [#n] subject token only for the requester; a stranger quoting it opens a new ticket", async () => {
    const { ticket } = await conversation("owner@example.com");
    await deliver(
      desk,
      await rawMail({ from: "owner@example.com", subject: `Re: Laptop [#${ticket.number}]` }),
    );
    expect((await lastEntry(ticket.id)).mail.threadedBy).toBe("subject-number");
    await deliver(
      desk,
      await rawMail({
        from: "stranger@evil.example",
        subject: `Re: Laptop [#${ticket.number}]`,
        text: "let me in",
      }),
    );
    expect(await ticketsOf(desk, agent.session, "stranger@evil.example")).toHaveLength(1);
    expect((await view(ticket.id)).timeline.some((e: { body: string }) => e.body === "let me in")).toBe(
      false,
    );
  });

  it("threads by the desk's own [#n], the last one, when the subject already carried another", async () => {
    const { ticket: others } = await conversation("first@example.com");
    // Another system's tag in a customer's subject happens to be a number of this desk, on someone else's ticket.
    await deliver(
      desk,
      await rawMail({ from: "tagged@example.com", subject: `Invoice [#${others.number}]` }),
    );
    const [ticket] = await ticketsOf(desk, agent.session, "tagged@example.com");
    await deliver(
      desk,
      await rawMail({
        from: "tagged@example.com",
        subject: `Re: Invoice [#${others.number}] [#${ticket!.number}]`,
        text: "Paid today.",
      }),
    );
    expect(await ticketsOf(desk, agent.session, "tagged@example.com")).toHaveLength(1);
    expect(await lastEntry(ticket!.id)).toMatchObject({
      body: "Paid today.",
      mail: { threadedBy: "subject-number" },
    });
  });

  it("threads by the plus-address token of the Reply-To, and refuses a forged Message-ID", async () => {
    const { ticket } = await conversation("plus@example.com");
    const replyTo = (await sentMail(desk.endpoints.mail)).find(
      (m) => m.subject.startsWith("Re: Laptop") && m.destination.to[0]!.includes("plus@example.com"),
    ) as unknown as { replyTo: string[] };
    const address = /<([^>]+)>/.exec(replyTo.replyTo[0]!)![1]!;
    expect(address).toMatch(/^support\+t[0-9a-z]{26}-[0-9a-f]{16}@desk\.localhost$/);
    await deliver(
      desk,
      await rawMail({ from: "plus@example.com", to: address, subject: "no headers at all" }),
    );
    expect((await lastEntry(ticket.id)).mail.threadedBy).toBe("plus-address");

    const forged = deskMessageId("r", ticket.id, "01FORGED", "not-the-desk-secret-000", "desk.localhost");
    await deliver(
      desk,
      await rawMail({ from: "intruder@evil.example", inReplyTo: forged, subject: "forged" }),
    );
    expect(await ticketsOf(desk, agent.session, "intruder@evil.example")).toHaveLength(1);
  });

  it("reopens a solved ticket; a mail to a closed one opens a new ticket linked to it", async () => {
    const { ticket, sent } = await conversation("closer@example.com");
    await setStatus(ticket.id, "solved");
    await deliver(
      desk,
      await rawMail({ from: "closer@example.com", inReplyTo: sent.messageId, subject: "back again" }),
    );
    expect((await view(ticket.id)).status).toBe("open");
    await setStatus(ticket.id, "solved");
    await setStatus(ticket.id, "closed");
    await deliver(
      desk,
      await rawMail({ from: "closer@example.com", inReplyTo: sent.messageId, subject: "and again" }),
    );
    const tickets = await ticketsOf(desk, agent.session, "closer@example.com");
    expect(tickets).toHaveLength(2);
    expect((await view(tickets[0]!.id)).linkedTicketId).toBe(ticket.id);
  });

  it("a reply to a closed ticket opens one under the customer's subject, without Re: or the old [#n]", async () => {
    const { ticket, sent } = await conversation("suite@example.com");
    await setStatus(ticket.id, "solved");
    await setStatus(ticket.id, "closed");
    for (const subject of [`Re: [#${ticket.number}] suite`, `RE: AW: Réf : Laptop [#${ticket.number}]`]) {
      await deliver(desk, await rawMail({ from: "suite@example.com", inReplyTo: sent.messageId, subject }));
    }
    const created = (await ticketsOf(desk, agent.session, "suite@example.com")).filter(
      (t) => t.id !== ticket.id,
    );
    const opened = await Promise.all(created.map((t) => view(t.id)));
    expect(opened.map((t) => t.subject).sort()).toEqual(["Laptop", "suite"]);
    for (const t of opened) expect(t.linkedTicketId).toBe(ticket.id);
    await desk.drain();
    const suite = opened.find((t) => t.subject === "suite")!;
    const acks = (await sentMail(desk.endpoints.mail)).map((m) => m.subject);
    expect(acks).toContain(`[#${suite.number}] We received your request: suite`);
  });

  it("a reply to a closed ticket's survey or acknowledgement opens one under the ticket's own subject", async () => {
    // Gmail's reply to the survey, Outlook's French reply to the acknowledgement (their subjects keep the desk's words).
    for (const [name, address] of [
      ["rw8-gmail-reply-to-survey.eml", "survey@example.com"],
      ["rw8-outlook-fr-reply-to-acknowledgement.eml", "accuse@example.com"],
    ] as const) {
      const { ticket, sent } = await conversation(address);
      await setStatus(ticket.id, "solved");
      await setStatus(ticket.id, "closed");
      const raw = readFileSync(join(import.meta.dirname, "../fixtures/email/desk", name), "latin1")
        .replaceAll("{{N}}", String(ticket.number))
        .replaceAll("{{REPLY_ID}}", sent.messageId)
        .replaceAll("dana@example.com", address);
      await deliver(desk, Buffer.from(raw, "latin1"));
      const opened = (await ticketsOf(desk, agent.session, address)).filter((t) => t.id !== ticket.id);
      const created = await view(opened[0]!.id);
      expect([name, created.subject, created.linkedTicketId]).toEqual([
        name,
        "Laptop will not boot",
        ticket.id,
      ]);
    }
  });

  it("sends a reply's attachments with the mail", async () => {
    const { ticket } = await conversation("files@example.com");
    const pdf = Buffer.from("%PDF-1.4 fake invoice");
    const reply = await call(desk.app, "POST", `/api/tickets/${ticket.id}/replies`, {
      as: agent.session,
      body: {
        body: "Invoice attached",
        attachments: [
          { name: "invoice.pdf", contentType: "application/pdf", contentBase64: pdf.toString("base64") },
        ],
      },
    });
    expect(reply.status).toBe(201);
    expect(reply.json.entry.attachments).toEqual([
      {
        index: 0,
        name: "invoice.pdf",
        contentType: "application/pdf",
        size: pdf.length,
        inline: false,
        omitted: null,
      },
    ]);
    await desk.drain();
    const sent = (await sentMail(desk.endpoints.mail)).find(
      (m) => m.body.text === "Invoice attached",
    ) as unknown as {
      attachments: { filename?: string; name?: string }[];
    };
    expect(JSON.stringify(sent.attachments)).toContain("invoice.pdf");
    const tooMany = await call(desk.app, "POST", `/api/tickets/${ticket.id}/replies`, {
      as: agent.session,
      body: {
        body: "x",
        attachments: [{ name: "big.bin", contentBase64: Buffer.alloc(5 * 1024 * 1024).toString("base64") }],
      },
    });
    expect(tooMany.status).toBe(413);
  });

  it("keeps CC'd addresses and copies them on replies", async () => {
    await deliver(
      desk,
      await rawMail({ from: "cc-owner@example.com", cc: ["colleague@example.com"], subject: "Shared" }),
    );
    const [ticket] = await ticketsOf(desk, agent.session, "cc-owner@example.com");
    await call(desk.app, "POST", `/api/tickets/${ticket!.id}/replies`, {
      as: agent.session,
      body: { body: "Answer to both" },
    });
    await desk.drain();
    const reply = (await sentMail(desk.endpoints.mail)).find(
      (m) => m.subject === `Re: Shared [#${ticket!.number}]`,
    ) as unknown as { destination: { cc: string[] } };
    expect(reply.destination.cc.join()).toContain("colleague@example.com");
    // The colleague answering by subject token threads too: they are on the ticket.
    await deliver(
      desk,
      await rawMail({
        from: "colleague@example.com",
        subject: `Re: Shared [#${ticket!.number}]`,
        text: "Me too",
      }),
    );
    expect((await lastEntry(ticket!.id)).body).toBe("Me too");
  });
});

describe("loop guards", () => {
  it("lands an out-of-office answer to an acknowledgement on the timeline and triggers nothing", async () => {
    await deliver(desk, await rawMail({ from: "away@example.com", subject: "Printer" }));
    const [ticket] = await ticketsOf(desk, agent.session, "away@example.com");
    const ack = (await view(ticket!.id)).timeline.find((e: { kind: string }) => e.kind === "auto_mail");
    expect(ack.messageId).toMatch(/^<ack\./);
    await deliver(
      desk,
      await rawMail({
        from: "away@example.com",
        inReplyTo: ack.messageId,
        subject: `Automatic reply: [#${ticket!.number}]`,
        headers: { "Auto-Submitted": "auto-replied" },
      }),
    );
    const after = await view(ticket!.id);
    expect(after.status).toBe("new");
    const ooo = after.timeline.findLast((e: { kind: string }) => e.kind === "customer_message");
    expect(ooo.mail.automatic).toContain("auto-submitted: auto-replied");
    expect(await acksTo(desk, "away@example.com")).toHaveLength(1);
    expect(await ticketsOf(desk, agent.session, "away@example.com")).toHaveLength(1);
  });

  it("never acknowledges bulk, auto-submitted, no-reply or spam mail", async () => {
    await deliver(desk, await rawMail({ from: "news@bulk.example", headers: { Precedence: "bulk" } }));
    await deliver(
      desk,
      await rawMail({ from: "bot@auto.example", headers: { "Auto-Submitted": "auto-generated" } }),
    );
    await deliver(desk, await rawMail({ from: "no-reply@shop.example" }));
    await deliver(
      desk,
      await rawMail({ from: "spammer@spam.example", headers: { "X-SES-Spam-Verdict": "FAIL" } }),
    );
    for (const address of [
      "news@bulk.example",
      "bot@auto.example",
      "no-reply@shop.example",
      "spammer@spam.example",
    ]) {
      expect(await acksTo(desk, address), address).toHaveLength(0);
    }
    const [spam] = await ticketsOf(desk, agent.session, "spammer@spam.example");
    expect(spam).toMatchObject({ status: "solved", tags: ["spam"] });
    const skipped = (await view(spam!.id)).timeline.find((e: { kind: string }) => e.kind === "auto_mail");
    expect(skipped.delivery).toMatchObject({ status: "skipped", error: "spam" });
  });

  it("quarantines a virus: no ticket, nothing shown", async () => {
    await deliver(
      desk,
      await rawMail({ from: "virus@evil.example", headers: { "X-SES-Virus-Verdict": "FAIL" } }),
    );
    expect(await ticketsOf(desk, agent.session, "virus@evil.example")).toHaveLength(0);
    expect(await mailsTo(desk, "virus@evil.example")).toHaveLength(0);
  });

  it("stops a storm from an auto-responder within the rate limit", async () => {
    // A badly behaved responder: no automatic-mail headers, answers every mail with a new one.
    await insideOneWindow(AUTO_MAIL_LIMIT.windowSeconds, 120); // the loop guard counts in 3-hour windows
    for (let i = 0; i < 6; i++)
      await deliver(desk, await rawMail({ from: "storm@loop.example", subject: "I received your message" }));
    expect(await ticketsOf(desk, agent.session, "storm@loop.example")).toHaveLength(6);
    expect(await acksTo(desk, "storm@loop.example")).toHaveLength(2);
    for (let i = 0; i < 12; i++)
      await deliver(desk, await rawMail({ from: "storm2@loop.example", subject: `Ticket ${i} received` }));
    expect(await acksTo(desk, "storm2@loop.example")).toHaveLength(10);
  }, 180_000);

  it("stops automatic mail to an address SES reported bouncing, and shows why", async () => {
    const feedback = desk.queues.find((q) => q.name === "MailFeedback")!;
    const notification = {
      notificationType: "Bounce",
      bounce: {
        bounceType: "Permanent",
        bouncedRecipients: [{ emailAddress: "gone@example.com", diagnosticCode: "550 5.1.1 no such user" }],
      },
    };
    await localSqs().send(
      new SendMessageCommand({
        QueueUrl: feedback.url,
        MessageBody: JSON.stringify({ Type: "Notification", Message: JSON.stringify(notification) }),
      }),
    );
    await desk.drain();
    const { id } = await submitTicket(desk.app, { email: "gone@example.com" });
    await desk.drain();
    expect(await acksTo(desk, "gone@example.com")).toHaveLength(0);
    const ticket = await view(id);
    const skipped = ticket.timeline.find((e: { kind: string }) => e.kind === "auto_mail");
    expect(skipped.delivery.error).toBe("the address bounced or complained");
    expect(ticket.requesterUndeliverable).toMatchObject({
      reason: "bounce",
      detail: "550 5.1.1 no such user",
    });
  });

  it("records a bounce of its own acknowledgement on the ticket and stops mailing that address", async () => {
    await deliver(desk, await rawMail({ from: "typo@exampel.com", subject: "Help" }));
    const [ticket] = await ticketsOf(desk, agent.session, "typo@exampel.com");
    const ack = (await view(ticket!.id)).timeline.find((e: { kind: string }) => e.kind === "auto_mail");
    const dsn = [
      "From: Mail Delivery System <MAILER-DAEMON@mx.exampel.com>",
      "To: support@desk.localhost",
      "Subject: Undelivered Mail Returned to Sender",
      "Message-ID: <dsn-typo@mx.exampel.com>",
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
      "",
      "--b",
      "Content-Type: text/plain",
      "",
      "Delivery failed.",
      "--b",
      "Content-Type: message/delivery-status",
      "",
      "Final-Recipient: rfc822; typo@exampel.com",
      "Action: failed",
      "Status: 5.1.1",
      "--b",
      "Content-Type: text/rfc822-headers",
      "",
      `Message-ID: ${ack.messageId}`,
      "--b--",
      "",
    ].join("\r\n");
    await deliver(desk, dsn);
    const after = await view(ticket!.id);
    expect(after.status).toBe("new");
    expect(after.timeline.at(-1).mail.automatic).toContain("bounce");
    await deliver(desk, await rawMail({ from: "typo@exampel.com", subject: "Second try" }));
    expect(await acksTo(desk, "typo@exampel.com")).toHaveLength(1);
  });
});

describe("hard cases", () => {
  it("keeps a 10 MB attachment, lists it on the timeline", async () => {
    const big = Buffer.alloc(10 * 1024 * 1024, 7);
    const raw = await rawMail({
      from: "big@example.com",
      attachments: [{ filename: "dump.bin", content: big, contentType: "application/octet-stream" }],
    });
    // Over the 6 MB HTTP limit: a 10 MB mail comes through SES (S3) — store it there, as SES would.
    const { storeInboundMail } = await import("../../core/mail/raw-store.ts");
    await storeInboundMail(raw);
    await desk.drain();
    const [ticket] = await ticketsOf(desk, agent.session, "big@example.com");
    const first = (await view(ticket!.id)).timeline[0];
    expect(first.attachments).toEqual([
      {
        index: 0,
        name: "dump.bin",
        contentType: "application/octet-stream",
        size: big.length,
        inline: false,
        omitted: null,
      },
    ]);
    const file = await desk.app.request(`/api/tickets/${ticket!.id}/entries/${first.id}/attachments/0`, {
      headers: { cookie: agent.session.cookie },
    });
    expect(file.headers.get("content-disposition")).toBe('attachment; filename="dump.bin"');
    expect(Buffer.from(await file.arrayBuffer()).equals(big)).toBe(true);
    const original = await desk.app.request(`/api/tickets/${ticket!.id}/entries/${first.id}/original`, {
      headers: { cookie: agent.session.cookie },
    });
    expect((await original.arrayBuffer()).byteLength).toBe(raw.length);
    const tooBig = await desk.app.request("/api/inbound/email", {
      method: "POST",
      headers: { authorization: `Bearer ${INBOUND_SECRET}` },
      body: new Uint8Array(raw),
    });
    expect(tooBig.status).toBe(413);
  });

  it("files a message with 500 recipients, keeping a bounded CC list", async () => {
    const cc = Array.from({ length: 500 }, (_, i) => `person${i}@many.example`);
    await deliver(desk, await rawMail({ from: "many@example.com", cc }));
    const [ticket] = await ticketsOf(desk, agent.session, "many@example.com");
    expect(ticket!.cc).toHaveLength(20);
    expect((await view(ticket!.id)).timeline[0].mail.cc.length).toBe(50);
  });

  it("files broken MIME and a message with no subject, date or text", async () => {
    await deliver(
      desk,
      'From: broken@example.com\r\nContent-Type: multipart/mixed; boundary="never"\r\n\r\n--nev\r\ngarbage',
    );
    await deliver(desk, "From: bare@example.com\r\n\r\n");
    const [broken] = await ticketsOf(desk, agent.session, "broken@example.com");
    const [bare] = await ticketsOf(desk, agent.session, "bare@example.com");
    expect(broken).toBeDefined();
    expect(bare!.subject).toBe("(no subject)");
    expect((await view(bare!.id)).timeline[0].body).toBe("(no text)");
  });

  it("sanitizes HTML before anyone sees it", async () => {
    const composer = new (await import("nodemailer/lib/mail-composer")).default({
      from: "html@example.com",
      to: "support@desk.localhost",
      subject: "HTML",
      html: '<p onclick="steal()">Hi<script>alert(1)</script><img src=x onerror=alert(2)><a href="javascript:alert(3)">x</a></p>',
    });
    await deliver(desk, await composer.compile().build());
    const [ticket] = await ticketsOf(desk, agent.session, "html@example.com");
    const html = (await view(ticket!.id)).timeline[0].html as string;
    expect(html).toContain("Hi");
    expect(html).not.toMatch(/script|onerror|onclick|javascript:/i);
  });
});
