import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { MAX_HTML_PART_BYTES } from "../../core/mail/inline-parts.ts";
import { signedInAgent, startTestDesk, type TestDesk } from "../support/desk.ts";
import { deliver, downloaded, firstMessageFrom } from "../support/mail.ts";

/**
 * Through POST /api/inbound/email and the InboundMail worker: an HTML body over the size the desk reads (5 MB: the HTTP intake takes up to 6 MB, SES the rest) is filed
 * with the start of its text and a note, its original downloads byte for byte; an HTML file Apple Mail sent inline
 * beside the body (tests/fixtures/email/desk/rw6-apple-mail-html-file.eml) is a file agents download.
 */

let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  agent = await signedInAgent(desk.app);
});

const download = async (path: string) => {
  const file = await downloaded(desk, agent.session, path);
  expect(file.status).toBe(200);
  return file.bytes;
};
const filedFrom = (address: string) => firstMessageFrom(desk, agent.session, address);

describe("a large HTML body", () => {
  it("is filed with the start of its text and a note, and its original downloads as received", async () => {
    const row = "<tr><td>Order 48811</td><td>Widget</td><td>129.00 EUR</td></tr>\r\n";
    const html = `<html><body><p>The full order log:</p><table>\r\n${row.repeat(Math.ceil((MAX_HTML_PART_BYTES + 1024 * 1024) / row.length))}</table><p>END-OF-LOG</p></body></html>`;
    const raw = Buffer.from(
      `From: Ops <ops.large@client.example>\r\nTo: support@desk.localhost\r\nSubject: Order log\r\nMessage-ID: <large-html@client.example>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="B"\r\n\r\n--B\r\nContent-Type: text/html; charset=utf-8\r\n\r\n${html}\r\n--B\r\nContent-Type: text/plain\r\n\r\n--\r\nOps mailing list\r\n--B--\r\n`,
    );
    await deliver(desk, raw);
    await desk.drain();
    const { ticketId, entry } = await filedFrom("ops.large@client.example");
    expect(entry.body.startsWith("The full order log:\n\nOrder 48811 Widget 129.00 EUR")).toBe(true);
    expect(entry.body).toContain("only the start of its text was read");
    expect(entry.body).not.toContain("END-OF-LOG");
    expect(entry.mail.truncated).toBe(true);
    const original = await download(`/api/tickets/${ticketId}/entries/${entry.id}/original`);
    expect(original.equals(raw)).toBe(true);
  });
});

describe("an HTML file sent inline beside the body", () => {
  it("is listed as a file agents download, and the body is the sender's words", async () => {
    const raw = readFileSync(
      join(import.meta.dirname, "../fixtures/email/desk/rw6-apple-mail-html-file.eml"),
    );
    await deliver(desk, raw);
    await desk.drain();
    const { ticketId, entry } = await filedFrom("tom.becker@client.example");
    expect(entry.body).toContain("The export from the shop back office is attached (orders-export.html).");
    expect(entry.body).not.toContain("SO-48811");
    expect(entry.attachments).toEqual([
      expect.objectContaining({ name: "orders-export.html", contentType: "text/html" }),
    ]);
    const file = await download(`/api/tickets/${ticketId}/entries/${entry.id}/attachments/0`);
    expect(file.toString("utf8")).toContain("<td>SO-48811</td>");
  });
});
