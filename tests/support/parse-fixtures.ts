/**
 * Writes the desk's own parse fixtures (tests/fixtures/email/desk/parse-*.eml): HTML-only mail, undeclared
 * 8-bit charsets, a winmail.dat, unnamed parts, signatures and hostile sizes. Run once, the files are
 * committed: `npx tsx tests/support/parse-fixtures.ts`. Bytes are built by hand where mail software writes
 * what MIME libraries refuse to (raw 8-bit headers).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import Encoding from "encoding-japanese";
import iconv from "iconv-lite";

const dir = join(import.meta.dirname, "../fixtures/email/desk");
const crlf = (text: string) => text.replace(/\r?\n/g, "\r\n");
const ascii = (text: string) => Buffer.from(crlf(text), "latin1");
const b64 = (data: Buffer | string) =>
  (Buffer.isBuffer(data) ? data : Buffer.from(data)).toString("base64").replace(/.{76}/g, "$&\r\n");
const write = (name: string, ...parts: (Buffer | string)[]) =>
  writeFileSync(join(dir, name), Buffer.concat(parts.map((p) => (Buffer.isBuffer(p) ? p : ascii(p)))));
const envelope = (id: string, subject: string, from = "Dana Field <dana.field@client.example>") =>
  `From: ${from}\nTo: support@desk.localhost\nSubject: ${subject}\nDate: Tue, 01 Dec 2026 09:12:00 +0100\nMessage-ID: <${id}@client.example>\nMIME-Version: 1.0\n`;
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);
const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

// 1. Outlook: multipart/related, the HTML and an inline image, no text part.
write(
  "parse-html-only-related.eml",
  envelope("html-related-1", "Accounting floor"),
  `Content-Type: multipart/related; boundary="rel"; type="text/html"

--rel
Content-Type: text/html; charset="utf-8"
Content-Transfer-Encoding: quoted-printable

<html><head><style>p{color:red}</style></head><body><p><b>URGENT</b>, nobody can work: the inv=
oicing ERP (zebrafinch) is down since 9:00.</p><p>See the <a href=3D"https://status.client.exampl=
e/inv">status page</a>.</p><img src=3D"cid:logo@client"></body></html>

--rel
Content-Type: image/png
Content-ID: <logo@client>
Content-Transfer-Encoding: base64

${b64(PNG)}
--rel--
`,
);

// 2. An HTML body beside a PDF without a file name.
write(
  "parse-html-with-pdf.eml",
  envelope("html-pdf-1", "Invoice question"),
  `Content-Type: multipart/mixed; boundary="mix"

--mix
Content-Type: text/html; charset="iso-8859-1"
Content-Transfer-Encoding: quoted-printable

<div>Bonjour, la facture jointe est erron=E9e : le montant ne correspond pas.</div>
--mix
Content-Type: application/pdf
Content-Disposition: attachment
Content-Transfer-Encoding: base64

${b64(PDF)}
--mix--
`,
);

// 3. An HTML-only reply quoting the desk's message.
write(
  "parse-html-reply.eml",
  envelope("html-reply-1", "Re: Printer jam"),
  `Content-Type: text/html; charset="utf-8"

<div>Still jammed after the restart, tray 2 this time.</div>
<div>On Mon, Nov 30, 2026 at 10:00 AM Help desk &lt;support@desk.localhost&gt; wrote:</div>
<blockquote><p>Please restart the printer and tell us if it still jams.</p><p>Old quoted words: periwinkle.</p></blockquote>
`,
);

// 4. A 256 KB HTML newsletter: its text is longer than the timeline keeps.
const story = (n: number) =>
  `<table width="600"><tr><td><h2>Story ${n}: the office move</h2><p style="font-family:Arial">Item ${n} of this week's news. The office on the third floor moves on Monday; desks, printers and phones follow. Read more on <a href="https://news.vendor.example/${n}">our site</a>.</p></td></tr></table>\n`;
let newsletter = "<html><body>";
for (let n = 1; newsletter.length < 256 * 1024; n++) newsletter += story(n);
write(
  "parse-html-newsletter-256k.eml",
  envelope("newsletter-1", "Weekly news", "Newsroom <letters@newsroom.example>"),
  `Content-Type: multipart/mixed; boundary="nl"\n\n--nl\nContent-Type: text/html; charset="utf-8"\nContent-Transfer-Encoding: base64\n\n`,
  `${b64(`${newsletter}</body></html>`)}\n--nl--\n`,
);

// 5. Raw GBK in the Subject and a file name; the text part declares nothing either.
write(
  "parse-gbk-undeclared.eml",
  "From: Li Wei <li.wei@client.example>\nTo: support@desk.localhost\nSubject: ",
  iconv.encode("紧急：无法登录财务系统", "gbk"),
  `\nMessage-ID: <gbk-1@client.example>\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="gbk"\n\n--gbk\nContent-Type: text/plain\nContent-Transfer-Encoding: 8bit\n\n`,
  iconv.encode("您好，我们今天早上无法登录财务系统，请尽快处理。谢谢！", "gbk"),
  `\n--gbk\nContent-Type: application/pdf; name="`,
  iconv.encode("发票.pdf", "gbk"),
  `"\nContent-Disposition: attachment; filename="`,
  iconv.encode("发票.pdf", "gbk"),
  `"\nContent-Transfer-Encoding: base64\n\n${b64(PDF)}\n--gbk--\n`,
);

// 6. Japanese mail: an ISO-2022-JP text and Subject (declared) and a raw Shift_JIS file name (undeclared).
const jis = (text: string) =>
  Buffer.from(Encoding.convert(Encoding.stringToCode(text), { to: "JIS", from: "UNICODE" }) as number[]);
write(
  "parse-sjis-filename.eml",
  envelope("sjis-1", `=?ISO-2022-JP?B?${jis("請求書の件").toString("base64")}?=`),
  `Content-Type: multipart/mixed; boundary="jp"\n\n--jp\nContent-Type: text/plain; charset="ISO-2022-JP"\nContent-Transfer-Encoding: 7bit\n\n`,
  jis("請求書を添付します。ご確認ください。"),
  `\n--jp\nContent-Type: application/pdf; name="`,
  iconv.encode("請求書について.pdf", "shift_jis"),
  `"\nContent-Disposition: attachment\nContent-Transfer-Encoding: base64\n\n${b64(PDF)}\n--jp--\n`,
);

// 7. Latin-1 everywhere and declared nowhere (an old client).
write(
  "parse-latin1-undeclared.eml",
  "From: Ren\xe9e L\xe9ger <renee.leger@client.example>\nTo: support@desk.localhost\nSubject: Acc\xe8s refus\xe9 \xe0 la comptabilit\xe9\nMessage-ID: <latin1-1@client.example>\n\nBonjour, l'acc\xe8s \xe0 la comptabilit\xe9 est refus\xe9 depuis ce matin. Merci !\n",
);

/** A TNEF stream as Outlook writes it (MS-OXTNEF): per file, rendering data, 8.3 title, data, MAPI props. */
function tnef(files: { shortName: string; longName: string; mime: string; data: Buffer }[]): Buffer {
  const attribute = (level: number, id: number, type: number, data: Buffer) => {
    const head = Buffer.alloc(9);
    head.writeUInt8(level, 0);
    head.writeUInt16LE(id, 1);
    head.writeUInt16LE(type, 3);
    head.writeUInt32LE(data.length, 5);
    const checksum = Buffer.alloc(2);
    checksum.writeUInt16LE(data.reduce((sum, b) => (sum + b) & 0xffff, 0));
    return Buffer.concat([head, data, checksum]);
  };
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n);
    return b;
  };
  const padded = (b: Buffer) => Buffer.concat([b, Buffer.alloc((4 - (b.length % 4)) % 4)]);
  const unicodeProperty = (id: number, text: string) => {
    const value = Buffer.from(`${text}\0`, "utf16le");
    return Buffer.concat([Buffer.from([0x1f, 0x00]), u16(id), u32(1), u32(value.length), padded(value)]);
  };
  const u16 = (n: number) => {
    const b = Buffer.alloc(2);
    b.writeUInt16LE(n);
    return b;
  };
  const longProperty = (id: number, n: number) => Buffer.concat([Buffer.from([0x03, 0x00]), u16(id), u32(n)]);
  const parts = [
    Buffer.from([0x78, 0x9f, 0x3e, 0x22]), // signature
    u16(0x0001), // legacy key
    attribute(1, 0x9006, 0x0008, u32(0x00010000)), // attTnefVersion
    attribute(1, 0x9007, 0x0006, Buffer.concat([u32(1252), u32(0)])), // attOemCodepage
    attribute(1, 0x8008, 0x0007, Buffer.from("IPM.Microsoft Mail.Note\0", "latin1")), // attMessageClass
  ];
  for (const file of files) {
    parts.push(
      attribute(2, 0x9002, 0x0006, Buffer.alloc(14)), // attAttachRendData
      attribute(2, 0x8010, 0x0001, Buffer.from(`${file.shortName}\0`, "latin1")), // attAttachTitle
      attribute(2, 0x800f, 0x0006, file.data), // attAttachData
      attribute(
        2,
        0x9005, // attAttachment: MAPI properties
        0x0006,
        Buffer.concat([
          u32(3),
          longProperty(0x0e21, 0), // PR_ATTACH_NUM
          unicodeProperty(0x3707, file.longName), // PR_ATTACH_LONG_FILENAME
          unicodeProperty(0x370e, file.mime), // PR_ATTACH_MIME_TAG
        ]),
      ),
    );
  }
  return Buffer.concat(parts);
}

// 8. Outlook's winmail.dat with two files inside.
write(
  "parse-tnef-winmail.eml",
  envelope("tnef-1", "Quote for the new laptops", "Jörg Maier <joerg.maier@client.example>"),
  `Content-Type: multipart/mixed; boundary="tnef"\n\n--tnef\nContent-Type: text/plain; charset="us-ascii"\n\nPlease find the quote and the delivery note attached.\n--tnef\nContent-Type: application/ms-tnef; name="winmail.dat"\nContent-Disposition: attachment; filename="winmail.dat"\nContent-Transfer-Encoding: base64\n\n`,
  b64(
    tnef([
      { shortName: "ANGEBO~1.PDF", longName: "Angebot für Müller.pdf", mime: "application/pdf", data: PDF },
      {
        shortName: "DELIVE~1.TXT",
        longName: "delivery note.txt",
        mime: "text/plain",
        data: Buffer.from("Delivery on Friday.\n"),
      },
    ]),
  ),
  "\n--tnef--\n",
);

// 9. Parts without names: an image, a PDF, a calendar invitation and an attached message.
write(
  "parse-unnamed-parts.eml",
  envelope("unnamed-1", "Scans from the copier"),
  `Content-Type: multipart/mixed; boundary="un"

--un
Content-Type: text/plain; charset="utf-8"

Here are the scans and the forwarded mail.
--un
Content-Type: image/png
Content-Disposition: attachment
Content-Transfer-Encoding: base64

${b64(PNG)}
--un
Content-Type: application/pdf
Content-Transfer-Encoding: base64

${b64(PDF)}
--un
Content-Type: message/rfc822

From: Supplier <billing@supplier.example>
To: dana.field@client.example
Subject: =?utf-8?Q?Facture_2026/11_:_relance_=C3=A9ch=C3=A9ance?=
Message-ID: <forwarded-1@supplier.example>

Your invoice is overdue.
--un--
`,
);

// 10. S/MIME and PGP signed mail: the signature is no file.
write(
  "parse-smime-signed.eml",
  envelope("smime-1", "Signed request"),
  `Content-Type: multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256; boundary="sig"

--sig
Content-Type: text/plain; charset="utf-8"

Please reset the password of the shared mailbox.
--sig
Content-Type: application/pkcs7-signature; name="smime.p7s"
Content-Disposition: attachment; filename="smime.p7s"
Content-Transfer-Encoding: base64

MIAGCSqGSIb3DQEHAqCAMIACAQExDzANBglghkgBZQMEAgEFADCABgkqhkiG9w0BBwEAAKCAMIIB
--sig--
`,
);
write(
  "parse-pgp-signed.eml",
  envelope("pgp-1", "Signed with PGP"),
  `Content-Type: multipart/signed; protocol="application/pgp-signature"; micalg=pgp-sha256; boundary="pgp"

--pgp
Content-Type: text/plain; charset="utf-8"

The VPN certificate expires on Friday.
--pgp
Content-Type: application/pgp-signature; name="signature.asc"
Content-Description: OpenPGP digital signature

-----BEGIN PGP SIGNATURE-----

iHUEARYIAB0WIQTexampleexampleexampleexampleAAoJEExampleExample
-----END PGP SIGNATURE-----
--pgp--
`,
);

// 11. Hostile sizes: a 500 KB Subject, and 1,200 MIME parts (over mailparser's limit of 1,000).
write(
  "parse-hostile-long-subject.eml",
  envelope(
    "long-subject-1",
    `Help ${"please ".repeat(73_000)}`.replace(/(.{900}) /g, "$1\n "),
    "Sam Long <sam.long@client.example>",
  ),
  "Content-Type: text/plain\n\nThe subject says it all.\n",
);
let many = `${envelope("many-parts-1", "Many parts", "Pat Many <pat.many@client.example>")}Content-Type: multipart/mixed; boundary="p"\n\n`;
for (let n = 1; n <= 1_200; n++) many += `--p\nContent-Type: text/plain\n\nline ${n}\n`;
write("parse-hostile-many-parts.eml", `${many}--p--\n`);
