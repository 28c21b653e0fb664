import { beforeAll, describe, expect, it } from "vitest";
import { isSuppressed } from "../../core/mail/suppression.ts";
import { store } from "../../core/store/index.ts";
import { seedDefaults } from "../../core/triage/defaults.ts";
import { call, signedInAgent, startTestDesk, type TestDesk } from "../support/desk.ts";
import { acksTo, deliver, rawMail, ticketsOf } from "../support/mail.ts";

/** The inbound-mail review's cases through POST /api/inbound/email and the workers: what is filed, who is stopped. */

let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  await seedDefaults();
  agent = await signedInAgent(desk.app);
});

/** A multipart/report saying `failed` could not be reached, from `from`, answering `inReplyTo`. */
const report = (from: string, inReplyTo: string, failed: string) =>
  [
    `From: ${from}`,
    "To: support@desk.localhost",
    "Subject: Undelivered Mail Returned to Sender",
    `Message-ID: <forged-${Math.random().toString(36).slice(2)}@client.example>`,
    `In-Reply-To: ${inReplyTo}`,
    "MIME-Version: 1.0",
    'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
    "",
    "--b1",
    "Content-Type: text/plain",
    "",
    `Delivery to ${failed} failed.`,
    "--b1",
    "Content-Type: message/delivery-status",
    "",
    "Reporting-MTA: dns; mx.client.example",
    "",
    `Final-Recipient: rfc822; ${failed}`,
    "Action: failed",
    "Status: 5.1.1",
    "--b1--",
    "",
  ].join("\r\n");

describe("mail that only looks like a bounce", () => {
  it("opens a ticket for a customer's undelivered parcel, and acknowledges it", async () => {
    await deliver(
      desk,
      await rawMail({
        from: "Ana <ana.r21@client.example>",
        subject: "Undelivered order 4411",
        text: "Hello,\nmy order 4411 was not delivered to my home address.\nAna",
      }),
    );
    const [ticket] = await ticketsOf(desk, agent.session, "ana.r21@client.example");
    expect(ticket).toBeDefined();
    expect((await acksTo(desk, "ana.r21@client.example")).length).toBe(1);
  });

  it("files a person's pasted bounce about no mail of ours (never dropped), drops a daemon's", async () => {
    const text =
      "Delivery has failed to these recipients:\n\nbob@client.example\nRemote server returned '550 5.1.1 user unknown'";
    await deliver(
      desk,
      await rawMail({ from: "Ben <ben.r21@client.example>", subject: "Undeliverable: quote", text }),
    );
    expect(await ticketsOf(desk, agent.session, "ben.r21@client.example")).toHaveLength(1);
    await deliver(
      desk,
      await rawMail({ from: "MAILER-DAEMON@mx.r21.example", subject: "Undeliverable: quote", text }),
    );
    expect(await ticketsOf(desk, agent.session, "mailer-daemon@mx.r21.example")).toHaveLength(0);
  });
});

describe("a forged delivery report", () => {
  it("stops nobody when it answers the customer's own message or comes from a person on the ticket", async () => {
    const firstId = "<first-r21@client.example>";
    await deliver(
      desk,
      await rawMail({
        from: "Lou <lou.r21@client.example>",
        cc: "kim.r21@client.example",
        subject: "Dock",
        messageId: firstId,
      }),
    );
    const [ticket] = await ticketsOf(desk, agent.session, "lou.r21@client.example");
    // Threaded by the customer's own message id (a From anyone can forge): no signed id of the desk.
    await deliver(desk, report("Lou <lou.r21@client.example>", firstId, "kim.r21@client.example"));
    expect(await isSuppressed("kim.r21@client.example")).toBe(false);

    // The desk's signed id, but sent by a person of the ticket: still nobody stopped.
    const reply = await call(desk.app, "POST", `/api/tickets/${ticket!.id}/replies`, {
      as: agent.session,
      body: { body: "Try the other port" },
    });
    await desk.drain();
    const timeline = (await call(desk.app, "GET", `/api/tickets/${ticket!.id}`, { as: agent.session })).json
      .timeline;
    const sent = timeline.find((e: { id: string }) => e.id === reply.json.entry.id);
    await deliver(desk, report("Lou <lou.r21@client.example>", sent.messageId, "kim.r21@client.example"));
    expect(await isSuppressed("kim.r21@client.example")).toBe(false);

    // The same report from the mail system stops the address.
    await deliver(desk, report("MAILER-DAEMON@mx.client.example", sent.messageId, "kim.r21@client.example"));
    expect(await isSuppressed("kim.r21@client.example")).toBe(true);
  });

  it("stops an address when the report names the id SES gave the desk's mail (SES replaces the signed one)", async () => {
    await deliver(desk, await rawMail({ from: "Max <max.r21@client.example>", subject: "Badge" }));
    const [ticket] = await ticketsOf(desk, agent.session, "max.r21@client.example");
    const reply = await call(desk.app, "POST", `/api/tickets/${ticket!.id}/replies`, {
      as: agent.session,
      body: { body: "Your badge is ready" },
    });
    await desk.drain();
    const { data: entry } = await store()
      .entities.entry.get({ ticketId: ticket!.id, entryId: reply.json.entry.id })
      .go();
    const sesId = `<${entry!.delivery!.providerMessageId}@eu-west-1.amazonses.com>`;
    expect(sesId).not.toContain("undefined");

    await deliver(desk, report("MAILER-DAEMON@mx.client.example", sesId, "max.r21@client.example"));
    expect(await isSuppressed("max.r21@client.example")).toBe(true);
  });
});
