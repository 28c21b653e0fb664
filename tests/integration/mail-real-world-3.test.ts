import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { messageKey } from "../../core/mail/outbound.ts";
import { isSuppressed } from "../../core/mail/suppression.ts";
import { store } from "../../core/store/index.ts";
import { seedDefaults } from "../../core/triage/defaults.ts";
import { call, signedInAgent, startTestDesk, type TestDesk } from "../support/desk.ts";
import { acksTo, deliver, rawMail, ticketsOf } from "../support/mail.ts";

/**
 * Third round of mail as other software writes it (tests/fixtures/email/desk/rw3-*.eml), through
 * POST /api/inbound/email and the workers: the replies of more clients, read receipts, auto-replies known only
 * by their subject, a forward sent as an attachment, UTF-7 and an iPhone photo with no subject or text.
 */

const fixture = (name: string) =>
  readFileSync(join(import.meta.dirname, "../fixtures/email/desk", name)).toString("latin1");

let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  await seedDefaults();
  agent = await signedInAgent(desk.app);
});

type Entry = { id: string; kind: string; body?: string; mail?: Record<string, unknown> };
const view = async (id: string) =>
  (await call(desk.app, "GET", `/api/tickets/${id}`, { as: agent.session })).json;
const etag = async (id: string) =>
  (await call(desk.app, "GET", `/api/tickets/${id}`, { as: agent.session })).headers.get("etag")!;
const setStatus = async (id: string, status: string) =>
  call(desk.app, "PATCH", `/api/tickets/${id}`, {
    as: agent.session,
    headers: { "if-match": await etag(id) },
    body: { status },
  });
const search = async (q: string) =>
  (
    await call(desk.app, "GET", `/api/search?q=${encodeURIComponent(q)}`, { as: agent.session })
  ).json.items.map((t: { id: string }) => t.id);
const customerMessages = (ticket: { timeline: Entry[] }) =>
  ticket.timeline.filter((e) => e.kind === "customer_message");

/** A customer's mail ticket with an agent reply sent (and the ticket then at `status`). */
async function conversation(address: string, status?: string) {
  await deliver(desk, await rawMail({ from: `Dana <${address}>`, subject: "Laptop will not boot" }));
  const [ticket] = await ticketsOf(desk, agent.session, address);
  const reply = await call(desk.app, "POST", `/api/tickets/${ticket!.id}/replies`, {
    as: agent.session,
    body: { body: "Hold power for 10 s" },
  });
  await desk.drain();
  if (status) await setStatus(ticket!.id, status);
  const sent = (await view(ticket!.id)).timeline.find((e: Entry) => e.id === reply.json.entry.id);
  return { ticket: ticket!, replyId: sent.messageId as string };
}
/** The fixture filled in for that conversation. */
const filled = (name: string, c: { ticket: { number: number }; replyId: string }, address = "") =>
  Buffer.from(
    fixture(name)
      .replaceAll("{{N}}", String(c.ticket.number))
      .replaceAll("{{REPLY_ID}}", c.replyId)
      .replaceAll("{{ADDRESS}}", address),
    "latin1",
  );

describe("replies from more clients", () => {
  const replies: [string, string, string][] = [
    [
      "rw3-ios-reply.eml",
      "dana.r3@client.example",
      "It still won’t start, the light blinks orange three times.",
    ],
    ["rw3-android-gmail-reply.eml", "priya.n3@client.example", "Yes it boots now, thank you!"],
    ["rw3-yahoo-reply.eml", "maria.c3@yahoo.example", "Still broken after the BIOS update."],
    ["rw3-zimbra-fr-reply.eml", "marc.d3@client.example", "Bien reçu, ça redémarre maintenant."],
    [
      "rw3-roundcube-reply.eml",
      "juergen.h3@client.example",
      "Held it for 30 seconds as well, no change. The charger LED is green and the battery was at 80% yesterday.",
    ],
    [
      "rw3-notes-reply.eml",
      "karl.l3@client.example",
      "It is a ThinkPad T14 Gen 3, asset tag 004512.\n\nRegards\nKarl",
    ],
    ["rw3-superhuman-reply.eml", "olivia.g3@client.example", "Tried it twice. Nothing."],
    ["rw3-samsung-reply.eml", "sam.l3@client.example", "It shows a battery icon with an exclamation mark."],
    ["rw3-outlook-android-reply.eml", "robin.h3@client.example", "Will bring it to the desk at 2."],
    [
      "rw3-outlook-ja-reply.eml",
      "yamada.r3@client.example",
      "電源ボタンを10秒押しましたが、起動しません。\n\n山田",
    ],
    ["rw3-outlook-zh-reply.eml", "li.m3@client.example", "还是无法开机，指示灯一直闪烁。"],
    [
      "rw3-gmail-ja-reply.eml",
      "kimura.g3@client.example",
      "充電器を替えたら起動しました。ありがとうございます。",
    ],
    ["rw3-gmail-zh-reply.eml", "zhang.w3@client.example", "换了充电器以后可以开机了。"],
    [
      "rw3-bottom-post-reply.eml",
      "pat.q3@client.example",
      "Did that, it beeps three times now and the screen stays off.\n\nPat",
    ],
  ];
  it.each(replies)("threads %s with only the new text, and reopens the wait", async (name, address, text) => {
    const c = await conversation(address, "pending");
    await deliver(desk, filled(name, c));
    const ticket = await view(c.ticket.id);
    const last = customerMessages(ticket).at(-1)!;
    expect(last.body).toBe(text);
    expect(last.mail).toMatchObject({ threadedBy: "references", automatic: [] });
    expect(ticket.status).toBe("open");
    expect(await ticketsOf(desk, agent.session, address)).toHaveLength(1);
  });
});

describe("automatic answers known by their subject or their report type", () => {
  it.each([
    ["rw3-ooo-nl-subject-only.eml", "nl.away@client.example"],
    ["rw3-ooo-ja-subject-only.eml", "ja.away@client.example"],
  ])("keeps %s on the timeline without reopening the wait or answering", async (name, address) => {
    const c = await conversation(address, "pending");
    const acked = (await acksTo(desk, address)).length;
    await deliver(desk, filled(name, c, address));
    const ticket = await view(c.ticket.id);
    expect(customerMessages(ticket).at(-1)!.mail!.automatic).toEqual(["auto-reply subject"]);
    expect(ticket.status).toBe("pending");
    // Nothing answers the auto-reply (a loaded machine may have sent the first mail's acknowledgement twice).
    expect(await acksTo(desk, address)).toHaveLength(acked);
  });

  it("threads an Outlook read receipt by its Original-Message-ID, changes nothing and stops nobody", async () => {
    const address = "mdn.outlook@client.example";
    const c = await conversation(address, "pending");
    await deliver(desk, filled("rw3-mdn-outlook.eml", c, address));
    const ticket = await view(c.ticket.id);
    const receipt = customerMessages(ticket).at(-1)!;
    expect(receipt.body).toMatch(/^Your message\n/);
    expect(receipt.mail).toMatchObject({ automatic: ["read receipt"], threadedBy: "references" });
    expect(ticket.status).toBe("pending");
    expect(ticket.requesterUndeliverable).toBeFalsy();
    expect(await isSuppressed(address)).toBe(false);
  });

  it("threads a Thunderbird read receipt; drops one naming no mail of the desk, with that reason", async () => {
    const address = "mdn.tb@client.example";
    const c = await conversation(address, "pending");
    await deliver(desk, filled("rw3-mdn-thunderbird.eml", c, address));
    const ticket = await view(c.ticket.id);
    expect(customerMessages(ticket).at(-1)!.mail!.automatic).toEqual(["read receipt"]);
    expect(ticket.status).toBe("pending");

    const stray = "mdn.stray@client.example";
    const unknown = filled(
      "rw3-mdn-outlook.eml",
      { ticket: { number: 1 }, replyId: "<x@elsewhere.example>" },
      stray,
    );
    await deliver(desk, unknown.toString("latin1").replace("<DB9PR03MB7340A1B2C3D4E5F6@", "<stray-mdn@"));
    expect(await ticketsOf(desk, agent.session, stray)).toEqual([]);
    const { data: ref } = await store()
      .entities.messageRef.get({
        messageId: messageKey("<stray-mdn@DB9PR03MB7340.eurprd03.prod.outlook.com>"),
      })
      .go();
    expect(ref).toMatchObject({ outcome: "ignored", reason: "a read receipt for no message of the desk" });
  });
});

describe("new requests as other software sends them", () => {
  it("shows the text of a message forwarded as an attachment, for agents, triage and search", async () => {
    await deliver(desk, Buffer.from(fixture("rw3-forward-as-attachment.eml"), "latin1"));
    const [summary] = await ticketsOf(desk, agent.session, "anna.s3@client.example");
    const ticket = await view(summary!.id);
    const first = ticket.timeline[0];
    expect(first.body).toBe(
      [
        "[Attached message: Your order 55012 could not be shipped.eml]",
        "From: Shop <orders@shop.example>",
        "Date: 2026-12-05T16:00:00.000Z",
        "Subject: Your order 55012 could not be shipped",
        "",
        "We could not ship order 55012: the address failed validation.",
        "Please contact your IT department to confirm the delivery address.",
      ].join("\n"),
    );
    expect(first.attachments.map((a: { name: string }) => a.name)).toEqual([
      "Your order 55012 could not be shipped.eml",
    ]);
    expect(await search("validation")).toContain(summary!.id);
  });

  it("reads a UTF-7 message: subject, sender name and text", async () => {
    await deliver(desk, Buffer.from(fixture("rw3-utf7.eml"), "latin1"));
    const [summary] = await ticketsOf(desk, agent.session, "lea.m3@client.example");
    const ticket = await view(summary!.id);
    expect(ticket.subject).toBe("Café machine en panne");
    expect(ticket.requester).toMatchObject({ name: "Léa Martin" });
    expect(ticket.timeline[0].body).toBe(
      "La machine à café du 2e étage fuit depuis lundi – merci d’envoyer quelqu’un.",
    );
    expect(ticket.locale).toBe("fr");
  });

  it("files an iPhone photo sent with no subject and no text, with an empty file beside it", async () => {
    await deliver(desk, Buffer.from(fixture("rw3-no-subject-photo.eml"), "latin1"));
    const [summary] = await ticketsOf(desk, agent.session, "dana.p3@client.example");
    const ticket = await view(summary!.id);
    expect(ticket.subject).toBe("(no subject)");
    expect(ticket.timeline[0].body).toBe("(attachments only)");
    const files = ticket.timeline[0].attachments as { name: string; size: number; url?: string }[];
    expect(files.map((f) => [f.name, f.size])).toEqual([
      ["IMG_4412.png", 70],
      ["empty.log", 0],
    ]);
    // A person's mail, however bare, is acknowledged (no subject or text is no sign of automatic mail).
    expect(ticket.timeline[0].mail.automatic).toEqual([]);
    expect((await acksTo(desk, "dana.p3@client.example")).length).toBeGreaterThan(0);
  });

  it("acknowledges a French mail with no subject in French words: no English placeholder", async () => {
    await deliver(
      desk,
      await rawMail({
        from: "Zoé <zoe.p3@client.example>",
        subject: "",
        text: "Bonjour, voici la photo de l'imprimante qui ne marche plus depuis ce matin. Merci",
      }),
    );
    const [summary] = await ticketsOf(desk, agent.session, "zoe.p3@client.example");
    const ticket = await view(summary!.id);
    // Stored as every bare ticket is (search, triage and older tickets read it); each reader gets their words.
    expect([ticket.subject, ticket.locale]).toEqual(["(no subject)", "fr"]);
    const [ack] = await acksTo(desk, "zoe.p3@client.example");
    expect(ack!.subject).toBe(`[#${ticket.number}] Nous avons bien reçu votre demande : (sans objet)`);
  });
});
