import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { withFlowedArmorKept } from "../../core/mail/flowed-armor.ts";
import { parseMail } from "../../core/mail/parse.ts";
import { readInlinePgp } from "../../core/mail/pgp-inline.ts";
import { decodeUtf7 } from "../../core/mail/utf7.ts";
import { readUuencoded } from "../../core/mail/uuencoded.ts";

/** Inline PGP armor and uuencoded files inside a plain-text body (core/mail/pgp-inline.ts, uuencoded.ts). */

const parseFixture = (name: string) =>
  parseMail(readFileSync(join(import.meta.dirname, "../fixtures/email/desk", name)));
const ENCRYPTED =
  "[This message is encrypted (S/MIME or PGP): the desk cannot read it. The original message is kept.]";

describe("inline PGP", () => {
  it("reads a clearsigned mail (Mutt) as the words it signs, dash-escaping undone, marked signed", async () => {
    const mail = await parseFixture("rw7-mutt-pgp-inline-signed.eml");
    expect(mail.visibleText).toBe(
      'Hello,\n\nsince this morning the VPN client refuses to connect: "certificate\nexpired". Steps I tried:\n' +
        "-- restarted the laptop\n-- reinstalled the client\n\nErik",
    );
    expect(mail.fullText).not.toMatch(/PGP|Hash: SHA256|iQEz/);
    expect(mail.fullText).toContain("Erik Lund, finance");
    expect(mail.signed).toBe(true);
    expect(mail.attachments).toEqual([]);
  });

  it("reads a forwarded clearsigned mail (Gmail's forward) as its words without marking the forward signed", async () => {
    // rw8-gmail-forward-pgp-signed.eml: Gmail's "Forward" of a vendor's `gpg --clearsign` notice, text and HTML.
    const mail = await parseFixture("rw8-gmail-forward-pgp-signed.eml");
    expect(mail.signed).toBe(false);
    expect(mail.visibleText).toMatch(/^Can you install this on the readers at the main entrance\?/);
    expect(mail.visibleText).toContain(
      "Firmware 3.2.1 for the BR-200 badge readers is out. It fixes the reader\nlocking up after a power cut.\n- Download: https://vendor.example/br200/3.2.1\n",
    );
    expect(mail.fullText).not.toMatch(/BEGIN PGP|Hash: SHA512|iQIz/);
  });

  it("marks a forward signed only when the forwarder's block opens the text (it signs the forward too)", () => {
    const block = (words: string) =>
      `-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n${words}\n-----BEGIN PGP SIGNATURE-----\n\nabc\n-----END PGP SIGNATURE-----`;
    const outlook = `See below.\n\n________________________________\nFrom: Vendor\nSent: Friday\n\n${block("Theirs")}`;
    expect(readInlinePgp(outlook, "FW: Firmware")).toMatchObject({ signed: false });
    expect(readInlinePgp(`Mine\n\n-----Original Message-----\n${block("x")}`, "Re: x").signed).toBe(true);
    expect(readInlinePgp(block("Mine\n---------- Forwarded message ---------\nTheirs"), "Fwd: x")).toEqual({
      text: "Mine\n---------- Forwarded message ---------\nTheirs",
      signed: true,
      encrypted: false,
    });
  });

  it("reads a format=flowed clearsigned mail (Thunderbird with Enigmail) with its armor lines kept apart", async () => {
    // rw8-thunderbird-enigmail-flowed-signed.eml: Thunderbird 68 and Enigmail 2.1's inline PGP, sent flowed (RFC
    // 3676): a wrapped line continued by a dash-escaped one, the escaped separator "- -- ", a last line with a space.
    const mail = await parseFixture("rw8-thunderbird-enigmail-flowed-signed.eml");
    expect(mail.signed).toBe(true);
    expect(mail.fullText).toBe(
      "Hello,\n\nthe cold room sensor in lab 3 reports wrong values since the firmware update yesterday: the display shows 4 °C while the logger records -18 °C for the same hour. Could someone recalibrate it before the samples arrive on Thursday?\n\nThanks,\nAnna\n\n-- \nAnna Berg\nLab manager, building C",
    );
    expect(mail.visibleText).toMatch(/Thursday\?\n\nThanks,\nAnna$/);
  });

  it("keeps a flowed block's words as sent when it is quoted-printable, delsp=yes or unclosed", async () => {
    const flowed = (params: string, encoding: string, body: string) =>
      parseMail(
        Buffer.from(
          `From: A <a@client.example>\r\nMessage-ID: <f@client.example>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8; ${params}\r\nContent-Transfer-Encoding: ${encoding}\r\n\r\n${body}`,
        ),
      );
    const qp = await flowed(
      "format=flowed; delsp=yes",
      "quoted-printable",
      "-----BEGIN PGP SIGNED MESSAGE-----\r\nHash: SHA256\r\n\r\nThe range is =20\r\n- -5 to 5.=20\r\n-----BEGIN PGP SIGNATURE-----\r\n\r\nabc\r\n-----END PGP SIGNATURE-----\r\n",
    );
    expect([qp.fullText, qp.signed]).toEqual(["The range is -5 to 5.", true]);
    const unclosed = "-----BEGIN PGP SIGNED MESSAGE-----\r\nHash: SHA256\r\n\r\nCut \r\n- -here\r\n";
    expect((await flowed("format=flowed", "7bit", unclosed)).fullText).toBe(
      "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nCut - -here",
    );
  });

  it("reads a flowed clearsigned body without a charset as one without format=flowed is read", async () => {
    const mail = (type: string) =>
      parseMail(
        Buffer.concat([
          Buffer.from(
            `From: A <a@client.example>\r\nMessage-ID: <f@client.example>\r\nMIME-Version: 1.0\r\nContent-Type: ${type}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n-----BEGIN PGP SIGNED MESSAGE-----\r\nHash: SHA256\r\n\r\nLe caf`,
          ),
          Buffer.from([0xe9]),
          Buffer.from(
            " est froid.\r\n-----BEGIN PGP SIGNATURE-----\r\n\r\nabc\r\n-----END PGP SIGNATURE-----\r\n",
          ),
        ]),
      );
    const [flowed, fixed] = await Promise.all([mail("text/plain; format=flowed"), mail("text/plain")]);
    expect(flowed.fullText).not.toContain("\uFFFD");
    expect(flowed.fullText).toBe(fixed.fullText);
  });

  it("leaves a flowed clearsigned file attached as it was sent (its signature still checks)", async () => {
    const file =
      "-----BEGIN PGP SIGNED MESSAGE-----\r\nHash: SHA256\r\n\r\nLine one \r\n- -two\r\n- -- \r\nsig \r\n-----BEGIN PGP SIGNATURE-----\r\n\r\nabc\r\n-----END PGP SIGNATURE-----";
    const mail = await parseMail(
      Buffer.from(
        `From: A <a@client.example>\r\nMessage-ID: <f@client.example>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="B"\r\n\r\n--B\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSee the notes.\r\n--B\r\nContent-Type: text/plain; charset=utf-8; format=flowed; name="notes.txt"\r\nContent-Disposition: attachment; filename="notes.txt"\r\n\r\n${file}\r\n--B--\r\n`,
      ),
    );
    expect(mail.attachments.map((a) => [a.filename, a.content.toString("utf8")])).toEqual([
      ["notes.txt", file],
    ]);
  });

  it("says an inline-encrypted mail cannot be read instead of showing its ciphertext", async () => {
    const mail = await parseFixture("rw7-pgp-inline-encrypted.eml");
    expect(mail.visibleText).toBe(ENCRYPTED);
    expect(mail.truncated).toBe(true);
  });

  it("keeps the text around a block, and leaves quoted, unclosed or unsigned armor as written", () => {
    const signed =
      "Before\n-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\nSigned line\n-----BEGIN PGP SIGNATURE-----\n\nabc\n-----END PGP SIGNATURE-----\nList footer";
    expect(readInlinePgp(signed)).toEqual({
      text: "Before\nSigned line\nList footer",
      signed: true,
      encrypted: false,
    });
    for (const text of [
      "> -----BEGIN PGP SIGNED MESSAGE-----\n> Hash: SHA256\n>\n> old\n> -----BEGIN PGP SIGNATURE-----\n> x\n> -----END PGP SIGNATURE-----",
      "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\ncut before the signature",
      "-----BEGIN PGP MESSAGE-----\n\nhQEMA never closed",
      "How do I use -----BEGIN PGP SIGNED MESSAGE----- in a sentence?",
    ]) {
      expect(readInlinePgp(text)).toEqual({ text, signed: false, encrypted: false });
    }
  });
});

it("reads a hostile body of unclosed armor lines in linear time", () => {
  const text = `${"-----BEGIN PGP SIGNED MESSAGE-----\n".repeat(50_000)}${"-----BEGIN PGP MESSAGE-----\n".repeat(50_000)}`;
  const started = performance.now();
  expect(readInlinePgp(text).text).toBe(text);
  expect(readUuencoded("begin 644 a\nM\n".repeat(50_000)).files).toEqual([]);
  expect(performance.now() - started).toBeLessThan(5_000);
});

it("reads a message of many attached messages after a large part in linear time (flowed and UTF-7 repairs)", () => {
  // Each attached message's end was found by reading every boundary declared before it, from the start.
  const big = "QUJD".repeat(1_500_000).replace(/.{76}/g, "$&\r\n");
  const attached = "Content-Type: message/rfc822\r\n\r\nSubject: x\r\n\r\ny\r\n--B\r\n".repeat(1_500);
  const raw = Buffer.from(
    `From: a@client.example\r\nX-Note: format=flowed utf-7\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="B"\r\n\r\n--B\r\nContent-Type: application/octet-stream; name="a.bin"\r\nContent-Transfer-Encoding: base64\r\n\r\n${big}\r\n--B\r\n${attached}Content-Type: text/plain\r\n\r\nend\r\n--B--\r\n`,
    "latin1",
  );
  const started = performance.now();
  expect(withFlowedArmorKept(raw)).toBe(raw);
  expect(decodeUtf7(raw)).toBe(raw);
  expect(performance.now() - started).toBeLessThan(5_000);
});

describe("uuencoded files", () => {
  it("lists a cron job's uuencoded report as a file and keeps only the words", async () => {
    const mail = await parseFixture("rw7-cron-uuencode.eml");
    expect(mail.visibleText).toBe("Disk space is low on fs01: 3 GB left on /srv. Report attached.");
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]).toMatchObject({
      filename: "disk-report.csv",
      contentType: "text/csv",
      inline: false,
    });
    expect(mail.attachments[0]!.content.toString()).toBe(
      "date,host,free_gb\n2026-11-30,fs01,3\n2026-11-30,fs02,41\n".repeat(3),
    );
  });

  it("reads the base64 form (begin-base64 … ====)", async () => {
    const mail = await parseFixture("rw7-begin-base64.eml");
    expect(mail.visibleText).toBe(
      "The copier on floor 2 jams on every duplex job. Scan of the error page attached.",
    );
    expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ["scan-0042.pdf", "application/pdf"],
    ]);
    expect(mail.attachments[0]!.content.toString()).toMatch(/^%PDF-1\.4/);
  });

  it("decodes what `uuencode` writes, trailing spaces trimmed by a relay or not", () => {
    const bytes = Buffer.from(Array.from({ length: 200 }, (_, i) => (i * 37) & 255));
    const lines: string[] = [];
    for (let at = 0; at < bytes.length; at += 45) lines.push(uuLine(bytes.subarray(at, at + 45)));
    const block = ["begin 600 data.bin", ...lines, "`", "end"].join("\n");
    expect(readUuencoded(`x\n${block}\ny`)).toMatchObject({
      text: "x\ny",
      files: [{ filename: "data.bin", content: bytes }],
    });
    const trimmed = ["begin 600 data.bin", ...lines.map((l) => l.replace(/ +$/, "")), "", "end"].join("\n");
    expect(readUuencoded(trimmed).files[0]?.content).toEqual(bytes);
  });

  it("leaves text that only looks like a block as text", () => {
    for (const text of [
      "begin 644 minutes of the meeting\nwe agreed on the plan\nend",
      "begin 644 notes.txt\nM86)C\n(no end line: the message was cut)",
      "We begin 644 tests today\nend",
      "begin-base64 644 x.bin\nnot base64!\n====",
    ]) {
      expect(readUuencoded(text)).toEqual({ text, files: [] });
    }
  });
});

/** POSIX uuencode of up to 45 bytes, written independently of the reader (space for 0, as `uuencode` does). */
function uuLine(chunk: Buffer): string {
  const padded = Buffer.concat([chunk, Buffer.alloc((3 - (chunk.length % 3)) % 3)]);
  let out = String.fromCharCode(32 + chunk.length);
  for (let i = 0; i < padded.length; i += 3) {
    const n = (padded[i]! << 16) | (padded[i + 1]! << 8) | padded[i + 2]!;
    for (const shift of [18, 12, 6, 0]) out += String.fromCharCode(32 + ((n >> shift) & 63));
  }
  return out;
}
