import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDefaults } from "../../core/triage/defaults.ts";
import { localSqs } from "../../infra/local/queues.ts";
import { call, signedInAgent, startTestDesk, type TestDesk } from "../support/desk.ts";
import { deliver, rawMail, ticketsOf } from "../support/mail.ts";

/** What agents, triage and search get from real-world mail: through POST /api/inbound/email and the workers. */

const fixture = (name: string) => readFileSync(join(import.meta.dirname, "../fixtures/email/desk", name));

let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  await seedDefaults();
  agent = await signedInAgent(desk.app);
});

const view = async (id: string) =>
  (await call(desk.app, "GET", `/api/tickets/${id}`, { as: agent.session })).json;
/** Files a fixture and returns its sender's newest ticket with its timeline. */
async function file(name: string, sender: string) {
  await deliver(desk, fixture(name));
  const [ticket] = await ticketsOf(desk, agent.session, sender);
  expect(ticket, name).toBeDefined();
  return view(ticket!.id);
}
const download = (path: string) => desk.app.request(path, { headers: { cookie: agent.session.cookie } });

describe("HTML-only mail", () => {
  it("shows its text, is triaged on it (urgent, software) and found by its words", async () => {
    const ticket = await file("parse-html-only-related.eml", "dana.field@client.example");
    const [message] = ticket.timeline;
    expect(message.body).toBe(
      "URGENT, nobody can work: the invoicing ERP (zebrafinch) is down since 9:00.\n\n" +
        "See the status page [https://status.client.example/inv].",
    );
    expect(ticket).toMatchObject({ priority: "urgent", category: "software" });
    const found = await call(desk.app, "GET", "/api/search?q=zebrafinch", { as: agent.session });
    expect(found.json.items.map((t: { id: string }) => t.id)).toEqual([ticket.id]);
    expect(message.attachments.map((a: { name: string }) => a.name)).toEqual(["image-1.png"]);
  });

  it("keeps the readable start of a 256 KB newsletter with a note, searchable", async () => {
    const ticket = await file("parse-html-newsletter-256k.eml", "letters@newsroom.example");
    const [message] = ticket.timeline;
    expect(message.body).toMatch(/^Story 1: the office move\n\nItem 1 of this week's news\./);
    expect(message.body).toMatch(/\[Text truncated\. The original message has the rest\.\]$/);
    expect(message.mail.truncated).toBe(true);
    const found = await call(desk.app, "GET", "/api/search?q=desks%20printers%20phones", {
      as: agent.session,
    });
    expect(found.json.items.map((t: { id: string }) => t.id)).toContain(ticket.id);
  });
});

describe("charsets, files and signatures", () => {
  it("files raw GBK subject and file name as Chinese, never U+FFFD", async () => {
    const ticket = await file("parse-gbk-undeclared.eml", "li.wei@client.example");
    expect(ticket.subject).toBe("紧急：无法登录财务系统");
    expect(ticket.timeline[0].body).toBe("您好，我们今天早上无法登录财务系统，请尽快处理。谢谢！");
    expect(ticket.timeline[0].attachments.map((a: { name: string }) => a.name)).toEqual(["发票.pdf"]);
    // The customer downloads it from the portal under its name (a raw CJK header value would throw).
    const link = await call(desk.app, "POST", `/api/tickets/${ticket.id}/portal-link`, { as: agent.session });
    const pdf = await desk.app.request(
      `/api/portal/tickets/${ticket.id}/entries/${ticket.timeline[0].id}/attachments/0`,
      { headers: { authorization: `Bearer ${link.json.portalToken}` } },
    );
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-disposition")).toBe(
      "attachment; filename=\"_.pdf\"; filename*=UTF-8''%E5%8F%91%E7%A5%A8.pdf",
    );
  });

  it("lists the files inside winmail.dat, each downloadable, and the winmail.dat itself", async () => {
    const ticket = await file("parse-tnef-winmail.eml", "joerg.maier@client.example");
    const [message] = ticket.timeline;
    expect(message.attachments.map((a: { name: string; size: number }) => [a.name, a.size])).toEqual([
      ["winmail.dat", 494],
      ["Angebot für Müller.pdf", 45],
      ["delivery note.txt", 20],
    ]);
    const base = `/api/tickets/${ticket.id}/entries/${message.id}/attachments`;
    const pdf = await download(`${base}/1`);
    expect(pdf.headers.get("content-disposition")).toBe(
      "attachment; filename=\"Angebot_f_r_M_ller.pdf\"; filename*=UTF-8''Angebot%20f%C3%BCr%20M%C3%BCller.pdf",
    );
    expect(Buffer.from(await pdf.arrayBuffer()).toString("latin1")).toMatch(/^%PDF-1\.4/);
    expect(await (await download(`${base}/2`)).text()).toBe("Delivery on Friday.\n");
    expect((await download(`${base}/0`)).status).toBe(200);
  });

  it("names unnamed parts by type and an attached message by its subject", async () => {
    const ticket = await file("parse-unnamed-parts.eml", "dana.field@client.example");
    expect(ticket.timeline[0].attachments.map((a: { name: string }) => a.name)).toEqual([
      "image-1.png",
      "attachment-2.pdf",
      "Facture 2026-11 _ relance échéance.eml",
    ]);
  });

  it("shows an S/MIME signed mail as signed, without the signature as a file", async () => {
    const ticket = await file("parse-smime-signed.eml", "dana.field@client.example");
    const [message] = ticket.timeline;
    expect(message.mail.signed).toBe(true);
    expect(message.attachments).toEqual([]);
    expect(message.body).toBe("Please reset the password of the shared mailbox.");
  });
});

describe("hostile mail is filed, never dead-lettered", () => {
  it("files a 500 KB subject cut for storage, 1,200 parts with what could be read, a 3 KB Message-ID hashed", async () => {
    const long = await file("parse-hostile-long-subject.eml", "sam.long@client.example");
    expect(long.subject).toMatch(/^Help please please/);
    expect(long.timeline[0].mail.subject).toHaveLength(998);
    expect(long.timeline[0].mail.truncated).toBe(true);
    const original = await download(`/api/tickets/${long.id}/entries/${long.timeline[0].id}/original`);
    expect((await original.arrayBuffer()).byteLength).toBe(fixture("parse-hostile-long-subject.eml").length);

    const many = await file("parse-hostile-many-parts.eml", "pat.many@client.example");
    expect(many.timeline[0].body).toMatch(/^line 1\n/);
    expect(many.timeline[0].body).toMatch(/\[Message truncated: more than 900 parts\. .*\]$/);

    // A Message-ID of 3 KB (over DynamoDB's 2 KB key limit): filed once, its redelivery a duplicate.
    const longId = await rawMail({
      from: "lee.long@client.example",
      messageId: `<${"i".repeat(3_000)}@client.example>`,
    });
    await deliver(desk, longId);
    await deliver(desk, longId);
    const lee = await ticketsOf(desk, agent.session, "lee.long@client.example");
    expect(lee).toHaveLength(1);
    expect((await view(lee[0]!.id)).timeline[0].messageId).toMatch(
      /^<sha256\.[0-9a-f]{64}@long-message-id>$/,
    );

    // No invocation failed: nothing waits for a retry round, nothing is dead.
    const { Messages = [] } = await localSqs().send(
      new ReceiveMessageCommand({ QueueUrl: desk.retryUrl, WaitTimeSeconds: 0 }),
    );
    expect(Messages).toEqual([]);
  });
});
