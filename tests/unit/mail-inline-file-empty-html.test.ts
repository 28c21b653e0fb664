import { describe, expect, it } from "vitest";
import { parseMail } from "../../core/mail/parse.ts";

/**
 * A named text file that is all a message holds stays its body (core/mail/inline-parts.ts), also when the mailer
 * wraps it in body parts that carry no words: Apple Mail in rich-text mode sends an empty text/plain twin and
 * HTML parts around the file whose markup shows nothing.
 */

const APPLE_RICH_TXT_ONLY = Buffer.from(
  [
    "From: Camille <camille@client.example>",
    "To: support@desk.localhost",
    "Message-Id: <rich-txt-only@client.example>",
    "Mime-Version: 1.0 (Mac OS X Mail 16.0 \\(3826.400.131.1.6\\))",
    'Content-Type: multipart/alternative; boundary="Apple-Mail=_A"',
    "",
    "--Apple-Mail=_A",
    "Content-Transfer-Encoding: 7bit",
    "Content-Type: text/plain; charset=us-ascii",
    "",
    "",
    "--Apple-Mail=_A",
    'Content-Type: multipart/mixed; boundary="Apple-Mail=_B"',
    "",
    "--Apple-Mail=_B",
    "Content-Transfer-Encoding: 7bit",
    "Content-Type: text/html; charset=us-ascii",
    "",
    '<html><head><meta http-equiv="Content-Type" content="text/html; charset=us-ascii"></head><body style="overflow-wrap: break-word; -webkit-nbsp-mode: space; line-break: after-white-space;"></body></html>',
    "--Apple-Mail=_B",
    "Content-Disposition: inline; filename=disk-report.txt",
    'Content-Type: text/plain; x-unix-mode=0644; name="disk-report.txt"',
    "Content-Transfer-Encoding: 7bit",
    "",
    "/dev/sda1 97% full",
    "--Apple-Mail=_B",
    "Content-Transfer-Encoding: quoted-printable",
    "Content-Type: text/html; charset=us-ascii",
    "",
    '<html><head><meta http-equiv=3D"Content-Type" content=3D"text/html; charset=3Dus-ascii"></head><body style=3D"overflow-wrap: break-word;"><div>&nbsp;</div><br></body></html>',
    "--Apple-Mail=_B--",
    "",
    "--Apple-Mail=_A--",
    "",
  ].join("\r\n"),
);

describe("a named text file beside body parts without words", () => {
  it("stays the body (Apple Mail rich text: an empty twin and empty HTML around the file)", async () => {
    const mail = await parseMail(APPLE_RICH_TXT_ONLY);
    expect(mail.fullText).toContain("/dev/sda1 97% full");
    expect(mail.attachments).toEqual([]);
  });
});
