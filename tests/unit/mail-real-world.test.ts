import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isNoReplyAddress, sendingAddressOnly } from "../../core/mail/automatic.ts";
import { isPlainTextBounce, readPlainTextBounce } from "../../core/mail/bounce-text.ts";
import { invitationText } from "../../core/mail/calendar-text.ts";
import { textFromHtml } from "../../core/mail/html-text.ts";
import { parseMail } from "../../core/mail/parse.ts";
import {
  cutReplyHeaderBlock,
  isForward,
  withoutTrailingAttribution,
} from "../../core/mail/quoted-history.ts";
import { chooseRequester } from "../../core/mail/sender.ts";
import { signedContent } from "../../core/mail/smime.ts";

/** Mail as other software writes it (tests/fixtures/email/desk/rw-*.eml), read as agents should see it. */

const fixture = (name: string) =>
  readFileSync(join(import.meta.dirname, "../fixtures/email/desk", name))
    .toString("latin1")
    .replaceAll("{{N}}", "7")
    .replaceAll("{{REPLY_ID}}", "<r.7@desk.localhost>");
const parse = (name: string) => parseMail(Buffer.from(fixture(name), "latin1"));

describe("quoted history of real clients", () => {
  it("trims Outlook's reply header when it names no address (EN desktop, FR for Mac)", async () => {
    expect((await parse("rw-outlook-reply-no-address.eml")).visibleText).toBe(
      "OK, I will drop it off at 2pm.",
    );
    expect((await parse("rw-outlook-mac-fr-reply.eml")).visibleText).toBe(
      "Toujours en panne, je vous l’apporte cet après-midi.",
    );
  });

  it("drops a Gmail attribution wrapped over two lines (German), keeps a pasted log with From/Date/Subject", async () => {
    expect((await parse("rw-gmail-de-wrapped-attribution.eml")).visibleText).toBe("Geht immer noch nicht.");
    expect((await parse("rw-pasted-header-lines.eml")).visibleText).toBe(
      "My VPN fails with this message:\n\nFrom: the server log\nDate: today\nSubject: auth failure for user lisa\n\nCan you check?",
    );
    expect(withoutTrailingAttribution("Done.\n\nOn Monday I wrote the config:")).toBe(
      "Done.\n\nOn Monday I wrote the config:",
    );
  });

  it("leaves no separator line where an HTML reply's history was (OWA's <hr>)", async () => {
    expect((await parse("rw-owa-html-reply.eml")).visibleText).toBe(
      // One line, as written (mailparser's converter used to break it at column 80).
      "Tried that, still nothing. The fan spins for a second and stops. Serial is 5CG1234XYZ.",
    );
  });

  it("keeps a forwarded message whole: it is the request", async () => {
    const mail = await parse("rw-apple-forward.eml");
    expect(mail.visibleText).toMatch(/^Can you renew this please\?\n\nBegin forwarded message:\n/);
    expect(mail.visibleText).toContain("contract AC-99812) expires on\nDecember 4, 2026.");
  });

  it("tells a forward from a reply", () => {
    expect(isForward("Fwd: licence", "")).toBe(true);
    expect(isForward("TR : Facture", "")).toBe(true);
    expect(isForward("Facture", "Voir ci-dessous\n\n---------- Forwarded message ---------\nFrom: a")).toBe(
      true,
    );
    expect(isForward("Re: Fwd: licence", "> Begin forwarded message:")).toBe(false);
    expect(isForward("RE: licence", "---------- Forwarded message ---------")).toBe(false);
  });

  it("cuts only a From line followed by Sent/Date and Subject lines, below text of the writer's own", () => {
    const block = "Thanks\n\nFrom: Desk\nSent: Monday\nTo: Me\nSubject: Hi\n\nold";
    const thread = { subject: "Re: [#4] Hi" };
    expect(cutReplyHeaderBlock("Thanks\n\nFrom: Desk\nSent: Monday\nSubject: Hi\n\nold", thread)).toMatch(
      /old$/,
    );
    expect(cutReplyHeaderBlock(block, thread)).toBe("Thanks");
    expect(cutReplyHeaderBlock("From: Desk\nSent: Monday\nSubject: Hi\n\nold", thread)).toBe(
      "From: Desk\nSent: Monday\nSubject: Hi\n\nold",
    );
    expect(cutReplyHeaderBlock("The from: field is empty\nand the subject: line too", thread)).toBe(
      "The from: field is empty\nand the subject: line too",
    );
  });

  it("drops Outlook's [cid:…] placeholders of inline images, keeps the images listed", async () => {
    const mail = await parse("rw-outlook-cid-placeholders.eml");
    expect(mail.visibleText).not.toContain("cid:");
    expect(mail.visibleText).toContain("Karim Haddad\nIT Coordinator | Client Corp");
    expect(mail.attachments.map((a) => [a.filename, a.inline])).toEqual([
      ["image001.png", true],
      ["image002.png", true],
    ]);
  });
});

describe("bodies that are not text/plain nor text/html", () => {
  it("reads a text/calendar-only invitation: what, when, where, who and the agenda", async () => {
    const mail = await parse("rw-calendar-only.eml");
    expect(mail.visibleText).toBe(
      "Revue mensuelle du support\n2026-12-10 14:00 – 15:00 (Romance Standard Time)\nSalle Jupiter\n" +
        "Marc Dubois <marc.p15@client.example>\n\nOrdre du jour : tickets ouverts, SLA du mois, migration de la messagerie.",
    );
    expect(mail.attachments.map((a) => a.filename)).toEqual(["attachment-1.ics"]);
  });

  it("writes event times across days and zones in full, and ignores a calendar without an event", () => {
    const ics = (body: string) => [
      { contentType: "text/calendar", content: Buffer.from(`BEGIN:VCALENDAR\r\n${body}END:VCALENDAR\r\n`) },
    ];
    expect(
      invitationText(
        ics(
          'BEGIN:VEVENT\r\nSUMMARY:Move\r\nDTSTART:20261210T220000Z\r\nDTEND:20261211T010000Z\r\nORGANIZER;CN="Doe: J":mailto:j@x.example\r\nEND:VEVENT\r\n',
        ),
      ),
    ).toBe("Move\n2026-12-10 22:00 – 2026-12-11 01:00 (UTC)\nDoe: J <j@x.example>");
    expect(invitationText(ics("METHOD:PUBLISH\r\n"))).toBe("");
  });

  it("opens an opaque-signed S/MIME message (OpenSSL, indefinite-length BER): its text, marked signed", async () => {
    const mail = await parse("rw-smime-opaque-signed.eml");
    expect(mail.visibleText).toBe("Please give the new hire badge access to the 3rd floor (réception).");
    expect(mail).toMatchObject({ signed: true, subject: "Badge access for the new hire", attachments: [] });
    expect(mail.messageId).toBe("<smime-opaque-1@client.example>");
    expect(signedContent(Buffer.from([0x30, 0x80, 0x06, 0x01]))).toBeNull();
    expect(signedContent(Buffer.alloc(0))).toBeNull();
  });

  it("says an encrypted message cannot be read, and keeps the p7m", async () => {
    const mail = await parse("rw-smime-encrypted.eml");
    expect(mail.visibleText).toBe(
      "[This message is encrypted (S/MIME or PGP): the desk cannot read it. The original message is kept.]",
    );
    expect(mail.attachments.map((a) => a.filename)).toEqual(["smime.p7m"]);
  });
});

describe("charsets and sizes", () => {
  it("detects the charset of a text labelled unknown-8bit (never U+FFFD)", async () => {
    expect((await parse("rw-unknown-8bit.eml")).visibleText).toBe(
      "Le scanner du 2ème étage affiche “erreur 41” depuis lundi.",
    );
  });

  it("keeps the text of Word HTML whose style sheet alone is over the 1 MB cap", () => {
    let style = "<style><!--\n";
    for (let i = 0; i < 20_000; i++)
      style += `p.MsoStyle${i} {margin:0cm; font-family:"Calibri",sans-serif;}\n`;
    const html = `<html><head>${style}--></style><!--[if gte mso 9]><xml><o:shapedefaults/></xml><![endif]--></head><body><p class="MsoNormal">Drive S: is read-only (quokka-share).<o:p></o:p></p>${'<p class="MsoNormal"><o:p>&nbsp;</o:p></p>'.repeat(50)}<p>Thanks</p></body></html>`;
    expect(html.length).toBeGreaterThan(1024 * 1024);
    expect(textFromHtml(html)).toEqual({
      text: "Drive S: is read-only (quokka-share).\n\nThanks",
      truncated: false,
    });
  });

  it("reads each recipient of a delivery report with its own status (failed, delayed), under the address mailed", async () => {
    const mail = await parse("rw-sendmail-mixed-dsn.eml");
    expect(mail.report).toEqual({
      recipients: ["kim.cc@client.example", "lou.req@client.example", "someone.else@client.example"],
      failed: ["kim.cc@client.example", "someone.else@client.example"],
      status: "5.1.1",
      originalMessageId: "<r.7@desk.localhost>",
    });
    // Angle brackets around a Final-Recipient are no part of the address.
    expect(
      (await parse("../mikel-mail/multipart_report_emails/multipart_report_multiple_status.eml")).report
        ?.failed,
    ).toEqual(["u@ci.com"]);
  });

  it("names the parts of a delivery report as text files", async () => {
    const mail = await parse("rw-exchange-ndr.eml");
    expect(mail.attachments.map((a) => a.filename)).toEqual(["attachment-1.txt"]);
    expect(mail.report).toMatchObject({ status: "5.1.10", originalMessageId: "<r.7@desk.localhost>" });
  });
});

describe("senders and bounces", () => {
  it("files a sender whose domain is internationalised under its punycode (mailparser gives it in Unicode)", async () => {
    const mail = await parse("rw-idn-sender.eml");
    expect(chooseRequester(mail, sendingAddressOnly("support@desk.localhost"))).toEqual({
      address: "joerg@xn--mller-it-65a.example",
      name: "Jörg Müller",
      source: "from",
    });
  });

  it("knows the French, German and Spanish no-reply boxes", () => {
    for (const local of [
      "ne-pas-repondre",
      "nepasrepondre",
      "ne_repondez_pas",
      "info.ne-pas-repondre",
      "keine-antwort",
      "no-responder",
    ])
      expect(
        isNoReplyAddress(`${local}@x.example`, sendingAddressOnly("support@desk.localhost")),
        local,
      ).toBe(true);
    for (const local of ["nepa", "antoine.repond", "renee.pasquier", "keine", "responder"])
      expect(
        isNoReplyAddress(`${local}@x.example`, sendingAddressOnly("support@desk.localhost")),
        local,
      ).toBe(false);
  });

  it("drops a pasted data: image from the text of an HTML mail", async () => {
    expect((await parse("rw-html-data-uri.eml")).visibleText).toBe(
      // Two <div>s on two lines, as a browser shows them: the image is skipped, not left as a blank line.
      "The ERP shows this error (walrus-42):\nThanks",
    );
  });

  it("reads old Exchange (French) and Domino plain-text bounces: permanent, who failed, which message", async () => {
    for (const [name, failed] of [
      ["rw-exchange-fr-plain-ndr.eml", "fr.p59@client.example"],
      ["rw-domino-failure.eml", "dom.p60@client.example"],
    ] as const) {
      const mail = await parse(name);
      expect(isPlainTextBounce(mail), name).toBe(true);
      const bounce = readPlainTextBounce(mail);
      expect(bounce, name).toMatchObject({ permanent: true, messageIds: ["<r.7@desk.localhost>"] });
      expect(bounce.recipients, name).toContain(failed);
    }
  });
});

describe("bounded on hostile text", () => {
  // How fast is the benchmark's business; here, that each finishes (within the test timeout) with the text read.
  it("reads runs of blanks, dashes and markers to the customer's text", async () => {
    for (const body of [
      `Hi${" ".repeat(1_000_000)}x`,
      `Hi${"\n".repeat(20_000)}x`,
      `Hi\n${"-".repeat(40_000)}x\nFrom: a <a@b.example>\nSent: now\nTo: c\nSubject: d\n\nold`,
      `Hi${"\n \t".repeat(20_000)}x`,
      `Hi ${"[data:image/png;base64,AAAA".repeat(5_000)} ${"[cid:x".repeat(5_000)}`,
      `Hi\n${"Le 1 wrote\n".repeat(3_000)}`,
    ]) {
      const raw = `From: a@client.example\r\nSubject: Fwd: x\r\nContent-Type: text/plain\r\n\r\n${body}`;
      const raw2 = raw.replace("Fwd: x", "x");
      expect((await parseMail(Buffer.from(raw))).visibleText.startsWith("Hi")).toBe(true);
      expect((await parseMail(Buffer.from(raw2))).visibleText.startsWith("Hi")).toBe(true);
    }
    // 20,000 blank lines alone took 4 s in the reply parser before runs of blanks were collapsed.
  });
});
