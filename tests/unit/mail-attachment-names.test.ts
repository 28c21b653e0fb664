import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Attachment } from "mailparser";
import { describe, expect, it } from "vitest";
import { listAttachments } from "../../core/mail/attachment-names.ts";
import { parseMail } from "../../core/mail/parse.ts";

const part = (filename: string | undefined, contentType = "application/pdf"): Attachment =>
  ({
    filename,
    contentType,
    size: 3,
    content: Buffer.from("abc"),
    contentDisposition: "attachment",
  }) as unknown as Attachment;
const names = (...filenames: string[]) =>
  listAttachments(filenames.map((name) => part(name))).attachments.map((a) => a.filename);

describe("a declared attachment name with a slash", () => {
  it("keeps the whole name, its slashes as dashes", () => {
    expect(names("Invoice 2026/12 overdue.eml", "Report Q4/2026.pdf", "a/b/c.txt")).toEqual([
      "Invoice 2026-12 overdue.eml",
      "Report Q4-2026.pdf",
      "a-b-c.txt",
    ]);
  });

  it("still takes the last segment of a client's full path", () => {
    expect(
      names(
        "/home/jane/Documents/report.pdf",
        "C:\\Users\\jane\\Desktop\\scan 12.pdf",
        "c:/Users/jane/notes.txt",
        "Documents\\2026\\budget.xlsx",
        "\\\\fs01\\finance\\q4.csv",
      ),
    ).toEqual(["report.pdf", "scan 12.pdf", "notes.txt", "budget.xlsx", "q4.csv"]);
  });

  it("names a forwarded message by its declared name, slash kept as a dash, in the body too", async () => {
    const inner = "From: Billing <billing@vendor.example>\r\nSubject: Invoice\r\n\r\nPay now.\r\n";
    const raw = Buffer.from(
      [
        "From: Ines <ines@client.example>",
        "To: support@desk.localhost",
        "Subject: Fwd: invoice",
        "Message-ID: <att-slash@client.example>",
        "MIME-Version: 1.0",
        'Content-Type: multipart/mixed; boundary="b"',
        "",
        "--b",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "See the attached invoice.",
        "--b",
        'Content-Type: message/rfc822; name="Invoice 2026/12 overdue.eml"',
        'Content-Disposition: attachment; filename="Invoice 2026/12 overdue.eml"',
        "",
        inner,
        "--b--",
        "",
      ].join("\r\n"),
    );
    const mail = await parseMail(raw);
    expect(mail.attachments.map((a) => a.filename)).toEqual(["Invoice 2026-12 overdue.eml"]);
    expect(mail.visibleText).toContain("[Attached message: Invoice 2026-12 overdue.eml]");
  });
});

describe("a PGP/MIME encrypted mail (RFC 3156)", () => {
  it("lists its encrypted payload as a file, not its 'Version: 1' control part", async () => {
    const mail = await parseMail(
      readFileSync(join(import.meta.dirname, "../fixtures/email/desk/rw10-pgp-mime-encrypted.eml")),
    );
    expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ["encrypted.asc", "application/octet-stream"],
    ]);
    expect(mail.visibleText).toContain("[This message is encrypted");
  });

  it("still lists a file sent as application/pgp-encrypted with ciphertext in it", () => {
    const file = {
      ...part("secret.pgp", "application/pgp-encrypted"),
      content: Buffer.from("-----BEGIN PGP MESSAGE-----\n\nhQEMA1234\n-----END PGP MESSAGE-----\n"),
    } as Attachment;
    const control = {
      ...part(undefined, "application/pgp-encrypted"),
      content: Buffer.from("Version: 1\r\n"),
    };
    expect(listAttachments([control as Attachment, file]).attachments.map((a) => a.filename)).toEqual([
      "secret.pgp",
    ]);
  });
});
