import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { declareUndeclaredCharsets } from "../../core/mail/charset.ts";
import { textFromHtml } from "../../core/mail/html-text.ts";
import { MAX_BODY_CHARS, MAX_SUBJECT_CHARS, parseMail } from "../../core/mail/parse.ts";
import { readTnef } from "../../core/mail/tnef.ts";

const fixture = (name: string) => readFileSync(join(import.meta.dirname, "../fixtures/email/desk", name));
const parseFixture = (name: string) => parseMail(fixture(name));
const names = (mail: { attachments: { filename: string }[] }) => mail.attachments.map((a) => a.filename);

describe("text from HTML when no text part has any", () => {
  it("reads Outlook's multipart/related HTML, links kept as label [url], the inline image named", async () => {
    const mail = await parseFixture("parse-html-only-related.eml");
    expect(mail.visibleText).toBe(
      "URGENT, nobody can work: the invoicing ERP (zebrafinch) is down since 9:00.\n\n" +
        "See the status page [https://status.client.example/inv].",
    );
    expect(mail.visibleText).not.toMatch(/color:red|cid:/);
    expect(names(mail)).toEqual(["image-1.png"]);
    expect(mail.html).toContain("zebrafinch");
  });

  it("reads an HTML body beside a PDF, in its declared charset", async () => {
    const mail = await parseFixture("parse-html-with-pdf.eml");
    expect(mail.visibleText).toBe("Bonjour, la facture jointe est erronée : le montant ne correspond pas.");
    expect(names(mail)).toEqual(["attachment-1.pdf"]);
  });

  it("strips the quoted history of an HTML-only reply", async () => {
    const mail = await parseFixture("parse-html-reply.eml");
    expect(mail.visibleText).toBe("Still jammed after the restart, tray 2 this time.");
    expect(mail.fullText).toContain("periwinkle");
  });

  it("keeps the readable text of a 256 KB newsletter, cut to the timeline's size with a note", async () => {
    const raw = fixture("parse-html-newsletter-256k.eml");
    const started = performance.now();
    const mail = await parseMail(raw);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(mail.visibleText).toMatch(/^Story 1: the office move\n\nItem 1 of this week's news\./);
    expect(mail.visibleText).toContain("Read more on our site [https://news.vendor.example/1].");
    expect(mail.visibleText).toMatch(/\[Text truncated\. The original message has the rest\.\]$/);
    expect(mail.visibleText.length).toBeLessThan(MAX_BODY_CHARS + 200);
    expect(mail.truncated).toBe(true);
  });

  it("stays bounded on HTML nested far too deep, and on HTML over the input cap", () => {
    const deep = `${"<div>".repeat(100_000)}deep words${"</div>".repeat(100_000)}`;
    const started = performance.now();
    expect(textFromHtml(deep).text).toBe("deep words");
    const huge = `<p>${"word ".repeat(300_000)}</p>`;
    const { text, truncated } = textFromHtml(huge);
    expect(truncated).toBe(true);
    expect(text.startsWith("word word")).toBe(true);
    // Unclosed tags and scripts: no "<" may scan to the end of the input.
    expect(textFromHtml("<a".repeat(300_000)).text).toBe("");
    expect(textFromHtml(`ok ${"<script>x".repeat(100_000)}`).text).toBe("ok");
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe("undeclared 8-bit charsets", () => {
  it("decodes raw GBK in the Subject, a file name and a text without charset", async () => {
    const mail = await parseFixture("parse-gbk-undeclared.eml");
    expect(mail.subject).toBe("紧急：无法登录财务系统");
    expect(mail.visibleText).toBe("您好，我们今天早上无法登录财务系统，请尽快处理。谢谢！");
    expect(names(mail)).toEqual(["发票.pdf"]);
  });

  it("decodes a raw Shift_JIS file name in an ISO-2022-JP mail", async () => {
    const mail = await parseFixture("parse-sjis-filename.eml");
    expect(mail.subject).toBe("請求書の件");
    expect(names(mail)).toEqual(["請求書について.pdf"]);
  });

  it("decodes Latin-1 headers and body declared nowhere", async () => {
    const mail = await parseFixture("parse-latin1-undeclared.eml");
    expect(mail.subject).toBe("Accès refusé à la comptabilité");
    expect(mail.from).toEqual({ address: "renee.leger@client.example", name: "Renée Léger" });
    expect(mail.visibleText).toBe("Bonjour, l'accès à la comptabilité est refusé depuis ce matin. Merci !");
  });

  it("leaves UTF-8 and 7-bit messages byte for byte as they are", async () => {
    const utf8 = Buffer.from("Subject: Grüße\r\nContent-Type: text/plain\r\n\r\nÇa marche.\r\n", "utf8");
    expect((await declareUndeclaredCharsets(utf8)).equals(utf8)).toBe(true);
    const ascii = fixture("parse-html-only-related.eml");
    expect(await declareUndeclaredCharsets(ascii)).toBe(ascii);
  });

  it("reads Latin-1 text labelled UTF-8 as Latin-1, and leaves UTF-8 with one stray byte as UTF-8", async () => {
    const mislabelled = Buffer.concat([
      Buffer.from("From: a@client.example\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"),
      iconv.encode("Le débit réseau est très lent à l'étage.", "latin1"),
    ]);
    expect((await parseMail(mislabelled)).visibleText).toBe("Le débit réseau est très lent à l'étage.");
    const stray = Buffer.concat([
      Buffer.from("From: a@client.example\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"),
      Buffer.from("Grüße aus Köln, schönen Tag, übermorgen wieder, Größe passt, Bär, Möwe, Tür, Öl, Übel "),
      Buffer.from([0xe9]),
    ]);
    expect((await parseMail(stray)).visibleText).toMatch(/^Grüße aus Köln, schönen Tag/);
  });

  it("never yields U+FFFD for Windows-1251 Cyrillic in a Subject", async () => {
    const raw = Buffer.concat([
      Buffer.from("From: ivan@client.example\r\nSubject: "),
      iconv.encode("Не работает принтер в бухгалтерии", "windows-1251"),
      Buffer.from("\r\nContent-Type: text/plain; charset=windows-1251\r\n\r\n"),
      iconv.encode("Принтер не печатает с утра.", "windows-1251"),
    ]);
    const mail = await parseMail(raw);
    expect(mail.subject).toBe("Не работает принтер в бухгалтерии");
    expect(mail.visibleText).toBe("Принтер не печатает с утра.");
  });
});

describe("attachments", () => {
  it("lists the files inside a winmail.dat after it, the winmail.dat still there", async () => {
    const mail = await parseFixture("parse-tnef-winmail.eml");
    expect(mail.attachments.map((a) => [a.filename, a.contentType, a.size])).toEqual([
      ["winmail.dat", "application/ms-tnef", 494],
      ["Angebot für Müller.pdf", "application/pdf", 45],
      ["delivery note.txt", "text/plain", 20],
    ]);
    expect(mail.attachments[1]!.content.toString("latin1")).toMatch(/^%PDF-1\.4/);
    expect(mail.attachments[2]!.content.toString()).toBe("Delivery on Friday.\n");
  });

  it("reads nothing, and never throws, from a damaged or foreign TNEF stream", () => {
    const tnef = fixture("parse-tnef-winmail.eml").toString("latin1");
    const data = Buffer.from(
      /filename="winmail.dat"[\s\S]*?\r\n\r\n([\s\S]*?)\r\n--tnef--/.exec(tnef)![1]!,
      "base64",
    );
    expect(readTnef(Buffer.from("not tnef at all"))).toEqual([]);
    fc.assert(
      fc.property(fc.nat(data.length - 1), fc.integer({ min: 0, max: 255 }), (at, byte) => {
        const damaged = Buffer.from(data);
        damaged[at] = byte;
        expect(() => readTnef(damaged)).not.toThrow();
        expect(() => readTnef(damaged.subarray(0, at))).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });

  it("names parts without a name after their type, and an attached message after its subject", async () => {
    const mail = await parseFixture("parse-unnamed-parts.eml");
    expect(names(mail)).toEqual([
      "image-1.png",
      "attachment-2.pdf",
      "Facture 2026-11 _ relance échéance.eml",
    ]);
  });

  it("leaves S/MIME and PGP signatures out of the files and marks the mail signed", async () => {
    for (const name of ["parse-smime-signed.eml", "parse-pgp-signed.eml"]) {
      const mail = await parseFixture(name);
      expect(mail.attachments, name).toEqual([]);
      expect(mail.signed, name).toBe(true);
    }
    expect((await parseFixture("parse-unnamed-parts.eml")).signed).toBe(false);
  });

  it("lists no file for another rendering of the body (Gmail's AMP, a watch's HTML), but keeps one sent as a file", async () => {
    const amp = await parseFixture("rw7-amp-alternative.eml");
    expect(amp.visibleText).toBe("The room booking tool shows room 4.12 for my meeting, but I booked 4.21.");
    expect(names(amp)).toEqual([]);
    const watch = await parseFixture("rw7-watch-html-alternative.eml");
    expect(watch.visibleText).toBe("The badge reader at gate B has been offline since 09:40.");
    expect(names(watch)).toEqual([]);
    const sent = Buffer.from(
      'From: a@client.example\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nsee file\r\n' +
        '--b\r\nContent-Type: text/x-amp-html\r\nContent-Disposition: attachment; filename="amp.html"\r\n\r\n<html></html>\r\n--b--\r\n',
    );
    expect(names(await parseMail(sent))).toEqual(["amp.html"]);
  });

  it("reads a multipart type that lost its boundary as a mail client does", async () => {
    const lost = await parseFixture("rw7-lost-boundary.eml");
    expect(lost.visibleText).toBe("The nightly export job failed at 02:14 with error E-4411. Log attached.");
    expect(names(lost)).toEqual(["export.log"]);
    const plain = await parseMail(
      Buffer.from(
        "From: a@client.example\r\nSubject: x\r\nContent-Type: multipart/mixed\r\n\r\nThe server room is too hot.\r\n",
      ),
    );
    expect(plain.visibleText).toBe("The server room is too hot.");
    // A delimiter line that never closes is no structure: the body is read as the text it is.
    const unclosed = await parseMail(
      Buffer.from(
        "From: a@client.example\r\nContent-Type: multipart/mixed\r\n\r\n--notes\r\nFirst point.\r\n",
      ),
    );
    expect(unclosed.visibleText).toBe("--notes\nFirst point.");
  });

  it("names an unnamed text part by its type, any text type as .txt rather than .bin", async () => {
    const part = (type: string) =>
      `--b\r\nContent-Type: ${type}\r\nContent-Disposition: attachment\r\n\r\nx\r\n`;
    const raw = Buffer.from(
      'From: a@client.example\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nbody\r\n' +
        ["text/rtf", "text/x-log", "text/vcard", "application/x-unknown"].map(part).join("") +
        "--b--\r\n",
    );
    expect(names(await parseMail(raw))).toEqual([
      "attachment-1.rtf",
      "attachment-2.txt",
      "attachment-3.vcf",
      "attachment-4.bin",
    ]);
  });

  it("keeps names safe to download: no path, no control or bidi characters", async () => {
    const raw = Buffer.from(
      'From: a@client.example\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b\r\n' +
        'Content-Type: application/pdf; name="..\\\\..\\\\evil\u202Efdp.exe"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n--b--\r\n',
      "utf8",
    );
    expect(names(await parseMail(raw))).toEqual(["evil_fdp.exe"]);
  });
});

describe("hostile sizes", () => {
  it("cuts a 500 KB Subject for storage and says the message was truncated", async () => {
    const raw = fixture("parse-hostile-long-subject.eml");
    expect(raw.length).toBeGreaterThan(500_000);
    const mail = await parseMail(raw);
    expect(mail.subject).toHaveLength(MAX_SUBJECT_CHARS);
    expect(mail.subject).toMatch(/^Help please please/);
    expect(mail.truncated).toBe(true);
    expect(mail.visibleText).toBe("The subject says it all.");
  });

  it("reads a message of 1,200 parts up to the limit, with a note", async () => {
    const mail = await parseFixture("parse-hostile-many-parts.eml");
    expect(mail.visibleText).toMatch(/^line 1\nline 2\n/);
    expect(mail.visibleText).toContain("line 899");
    expect(mail.visibleText).not.toContain("line 1200");
    expect(mail.visibleText).toMatch(/\[Message truncated: more than 900 parts\. .*\]$/);
    expect(mail.truncated).toBe(true);
    expect(mail.from?.address).toBe("pat.many@client.example");
  });

  it("hashes ids too long for a key, the same id always to the same hash", async () => {
    const long = `<${"x".repeat(3_000)}@client.example>`;
    const raw = Buffer.from(
      `From: a@client.example\r\nMessage-ID: ${long}\r\nIn-Reply-To: ${long}\r\nReferences: <short@client.example> ${long}\r\n\r\nhello\r\n`,
    );
    const mail = await parseMail(raw);
    expect(mail.messageId).toMatch(/^<sha256\.[0-9a-f]{64}@long-message-id>$/);
    expect(mail.inReplyTo).toBe(mail.messageId);
    expect(mail.references).toEqual(["<short@client.example>", mail.messageId]);
  });

  it("files by its headers a message mailparser cannot read (a 3 MB header line)", async () => {
    const raw = Buffer.from(
      `From: Kim <kim@client.example>\r\nX-Junk: ${"x".repeat(3_000_000)}\r\nSubject: Big header\r\n\r\nbody\r\n`,
    );
    const mail = await parseMail(raw);
    expect(mail.from).toEqual({ address: "kim@client.example", name: "Kim" });
    expect(mail.subject).toBe("Big header");
    expect(mail.visibleText).toMatch(/could not be read in full/);
  });

  it("keeps control, bidi-override and broken UTF-16 characters out of subjects and names", async () => {
    const raw = Buffer.from(
      "From: =?utf-8?B?RXZlIOKArmxpdmUuZXhl?= <eve@client.example>\r\nSubject: =?utf-8?Q?Pay=00ment=E2=80=AE_due?=\r\n\r\nbo\u0000dy\r\n",
    );
    const mail = await parseMail(raw);
    expect(mail.subject).toBe("Pay ment due");
    expect(mail.from?.name).toBe("Eve live.exe");
    expect(mail.visibleText).toBe("body");
  });

  it("repairs charsets in linear time, even with 1,800 parts that lack their blank line", async () => {
    let raw =
      'From: a@client.example\r\nSubject: caf\xe9\r\nContent-Type: multipart/mixed; boundary="q"\r\n\r\n';
    for (let i = 0; i < 1_800; i++)
      raw += `--q\r\nContent-Type: text/plain\r\nX-Pad: ${"y".repeat(2_000)}\r\n`;
    const started = performance.now();
    const mail = await parseMail(Buffer.from(`${raw}--q--\r\n`, "latin1"));
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(mail.subject).toBe("café");
  });

  it("never throws, whatever the bytes", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2_000 }), async (bytes) => {
        const mail = await parseMail(Buffer.from(bytes));
        expect(mail.messageId).toMatch(/^<.+>$/);
      }),
      { numRuns: 200 },
    );
  });
});
