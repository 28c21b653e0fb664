import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  MAX_HTML_PART_BYTES,
  MAX_TEXT_PARTS_BYTES,
  prepareInlineParts,
} from "../../core/mail/inline-parts.ts";
import { parseMail } from "../../core/mail/parse.ts";

/**
 * What mailparser is given to read as the body (core/mail/inline-parts.ts): a named HTML file sent inline beside a
 * body is a file (tests/fixtures/email/desk/rw6-*.eml), and body parts are read up to a bounded size.
 */

const fixture = (name: string) => readFileSync(join(import.meta.dirname, "../fixtures/email/desk", name));
const message = (head: string, body: string) =>
  Buffer.from(
    `From: A <a@client.example>\r\nTo: support@desk.localhost\r\nMessage-ID: <m@client.example>\r\nMIME-Version: 1.0\r\n${head}\r\n\r\n${body}`,
    "utf8",
  );
const multipart = (boundary: string, parts: string[]) =>
  `${parts.map((p) => `--${boundary}\r\n${p}\r\n`).join("")}--${boundary}--\r\n`;
const FOOTER =
  "Content-Type: text/plain; charset=us-ascii\r\n\r\n_______________________________________________\r\nOps mailing list\r\nops@lists.client.example\r\n";

describe("an HTML file sent inline with a name", () => {
  it("is a file beside Apple Mail's text body: listed and downloadable, not read as the body", async () => {
    const mail = await parseMail(fixture("rw6-apple-mail-html-file.eml"));
    expect(mail.visibleText).toBe(
      "Hello,\n\nThree orders from last week were paid but never left the warehouse.\nThe export from the shop back office is attached (orders-export.html).\n\nCould you check what blocks them?\n\nTom",
    );
    expect(mail.fullText).not.toContain("SO-48811");
    expect(mail.html).toBeNull();
    const [file] = mail.attachments;
    expect(mail.attachments).toHaveLength(1);
    expect(file).toMatchObject({ filename: "orders-export.html", contentType: "text/html", inline: false });
    expect(file!.content.toString("utf8")).toContain("<td>SO-48811</td>");
    expect(file!.content.toString("utf8")).toContain("Orders export – 30 Nov 2026");
  });

  it("stays the body when it is all the message holds (a NAS's report sent as report.html)", async () => {
    const mail = await parseMail(fixture("rw6-nas-report-named-html.eml"));
    expect(mail.visibleText).toContain("Backup task Nightly to cloud on NAS-Office failed at 03:14.");
    expect(mail.visibleText).toContain("the destination refused the credentials (HTTP 403)");
    expect(mail.attachments).toEqual([]);
  });

  it("stays the body when the only other text part is blank", async () => {
    const raw = message(
      'Content-Type: multipart/mixed; boundary="B"',
      multipart("B", [
        "Content-Type: text/plain\r\n\r\n\r\n",
        'Content-Type: text/html; name="status.html"\r\nContent-Disposition: inline; filename="status.html"\r\n\r\n<p>All 12 jobs ran.</p>',
      ]),
    );
    const mail = await parseMail(raw);
    expect(mail.visibleText).toBe("All 12 jobs ran.");
    expect(mail.attachments).toEqual([]);
  });

  it("named by its Content-Type alone, beside an HTML body: a file too", async () => {
    const raw = message(
      'Content-Type: multipart/mixed; boundary="B"',
      multipart("B", [
        "Content-Type: text/html; charset=utf-8\r\n\r\n<p>The invoice is attached.</p>",
        'Content-Type: text/html; charset=utf-8; name="invoice-7781.html"\r\n\r\n<p>Invoice 7781: 240.00 EUR</p>',
      ]),
    );
    const mail = await parseMail(raw);
    expect(mail.visibleText).toBe("The invoice is attached.");
    expect(mail.attachments.map((a) => a.filename)).toEqual(["invoice-7781.html"]);
  });

  it("keeps a named HTML alternative as the HTML of the body (a mailer that names its HTML part)", async () => {
    const raw = message(
      'Content-Type: multipart/alternative; boundary="A"',
      multipart("A", [
        "Content-Type: text/plain; charset=utf-8\r\n\r\nThe printer on floor 2 jams.",
        'Content-Type: text/html; charset=utf-8; name="message.html"\r\n\r\n<p>The printer on <b>floor 2</b> jams.</p>',
      ]),
    );
    const mail = await parseMail(raw);
    expect(mail.attachments).toEqual([]);
    expect(mail.html).toContain("<b>floor 2</b>");
    expect(mail.visibleText).toBe("The printer on floor 2 jams.");
  });

  it("leaves the parts of an attached message as they were received", () => {
    const inner = `From: B <b@client.example>\r\nSubject: Fwd\r\nContent-Type: multipart/mixed; boundary="IN"\r\n\r\n${multipart(
      "IN",
      [
        "Content-Type: text/plain\r\n\r\nInner words",
        'Content-Type: text/html; name="x.html"\r\nContent-Disposition: inline; filename="x.html"\r\n\r\n<p>x</p>',
      ],
    )}`;
    const raw = message(
      'Content-Type: multipart/mixed; boundary="OUT"',
      multipart("OUT", [
        "Content-Type: text/plain\r\n\r\nSee the message below.",
        `Content-Type: message/rfc822\r\n\r\n${inner}`,
      ]),
    );
    const prepared = prepareInlineParts(raw);
    expect(prepared.raw).toBe(raw);
    expect(prepared.cut).toBe(false);
  });
});

describe("body parts read up to a bounded size", () => {
  /** Rows of an order log: `mb` megabytes of HTML. */
  const rows = (mb: number) => {
    const row = "<tr><td>Order 48811</td><td>Widget</td><td>129.00 EUR</td></tr>\r\n";
    return row.repeat(Math.ceil((mb * 1024 * 1024) / row.length));
  };
  const bigHtmlBesideFooter = (mb: number, encoding = "8bit") => {
    const html = `<html><body><p>The full order log:</p><table>\r\n${rows(mb)}</table><p>END-OF-LOG</p></body></html>`;
    const body =
      encoding === "base64" ? Buffer.from(html).toString("base64").replace(/.{76}/g, "$&\r\n") : html;
    return message(
      'Content-Type: multipart/mixed; boundary="B"',
      multipart("B", [
        `Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: ${encoding}\r\n\r\n${body}`,
        FOOTER,
      ]),
    );
  };
  /** The parts of a prepared message, by its boundary `B`. */
  const partsOf = (raw: Buffer) =>
    raw
      .toString("latin1")
      .split(/\r?\n--B(?:--)?\r?\n/)
      .slice(1, -1);

  it.each(["8bit", "base64", "quoted-printable"])(
    "cuts a 12 MB %s HTML part to the cap, on a line, and leaves the footer part whole",
    (encoding) => {
      const raw = bigHtmlBesideFooter(12, encoding === "quoted-printable" ? "8bit" : encoding);
      const given =
        encoding === "quoted-printable"
          ? Buffer.from(
              raw
                .toString("latin1")
                .replace("Transfer-Encoding: 8bit", "Transfer-Encoding: quoted-printable"),
              "latin1",
            )
          : raw;
      const prepared = prepareInlineParts(given);
      expect(prepared.cut).toBe(true);
      const [html, footer] = partsOf(prepared.raw);
      const body = html!.slice(html!.indexOf("\r\n\r\n") + 4);
      expect(body.length).toBeLessThanOrEqual(MAX_HTML_PART_BYTES);
      expect(body.length).toBeGreaterThan(MAX_HTML_PART_BYTES - 1024);
      // Whole lines only: a base64 body stays decodable, an HTML one ends on a row.
      if (encoding === "base64") expect(body.replace(/\r?\n?/g, "").length % 4).toBe(0);
      expect(body.slice(-80)).toMatch(encoding === "base64" ? /\n[A-Za-z0-9+/]{76}$/ : /EUR<\/td><\/tr>$/);
      expect(footer).toBe(FOOTER);
      expect(prepared.raw.length).toBeLessThan(MAX_HTML_PART_BYTES + 4096);
    },
  );

  it("bounds the body parts in all: many HTML parts under the cap each still stop at the total", () => {
    const part = `Content-Type: text/html\r\n\r\n<table>${rows(3)}</table>`;
    const prepared = prepareInlineParts(
      message('Content-Type: multipart/mixed; boundary="B"', multipart("B", Array(5).fill(part))),
    );
    expect(prepared.cut).toBe(true);
    const bodies = partsOf(prepared.raw).map((p) => p.length - p.indexOf("\r\n\r\n") - 4);
    expect(bodies.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(MAX_TEXT_PARTS_BYTES);
  });

  it("keeps a message under the caps byte for byte, and never cuts an attachment", () => {
    const pdf = Buffer.alloc(6 * 1024 * 1024, 7)
      .toString("base64")
      .replace(/.{76}/g, "$&\r\n");
    const raw = message(
      'Content-Type: multipart/mixed; boundary="B"',
      multipart("B", [
        "Content-Type: text/plain\r\n\r\nThe scan is attached.",
        `Content-Type: application/pdf; name="scan.pdf"\r\nContent-Disposition: attachment; filename="scan.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n${pdf}`,
      ]),
    );
    expect(prepareInlineParts(raw)).toEqual({ raw, filesOutOfBody: 0, cut: false });
  });

  it("files a 30 MB HTML part beside a footer with the start of its text, and says the message was read in part", async () => {
    const mail = await parseMail(bigHtmlBesideFooter(30));
    expect(mail.visibleText.startsWith("The full order log:\n\nOrder 48811 Widget 129.00 EUR")).toBe(true);
    expect(mail.visibleText).not.toContain("END-OF-LOG");
    expect(mail.visibleText).toContain(
      "[This message is long: only the start of its text was read. The original message has all of it.]",
    );
    expect(mail.visibleText).not.toContain("[Text truncated.");
    expect(mail.truncated).toBe(true);
  });
});
