import { describe, expect, it } from "vitest";
import { parseMail } from "../../core/mail/parse.ts";

/**
 * Inline PGP armor that reaches the desk through a body's HTML (core/mail/parse.ts readableText): webmail with
 * Mailvelope armors both parts of a multipart/alternative, some clients send HTML alone.
 */

const ENCRYPTED =
  "[This message is encrypted (S/MIME or PGP): the desk cannot read it. The original message is kept.]";
const CIPHER =
  "-----BEGIN PGP MESSAGE-----\n\nhQEMA5vA0n1qTm9tAQf/Zm9vYmFyYmF6cXV4Y2lwaGVydGV4dA\n=XyZ1\n-----END PGP MESSAGE-----";
const SIGNED =
  "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nMy printer on floor 3 prints blank pages.\n-----BEGIN PGP SIGNATURE-----\n\niQEzBAEBCAAdFiEE\n=abcd\n-----END PGP SIGNATURE-----";
/** As a webmail editor writes lines: one div each, an empty one holding a <br>. */
const htmlOf = (text: string) =>
  `<html><body>${text
    .split("\n")
    .map((line) => `<div>${line || "<br>"}</div>`)
    .join("")}</body></html>`;
const mail = (headersAndBody: string) =>
  parseMail(
    Buffer.from(`From: a@client.example\nSubject: help\n${headersAndBody}`.replace(/\r?\n/g, "\r\n")),
  );

describe("inline PGP in a body's HTML", () => {
  it("an inline-encrypted alternative (Mailvelope in webmail) shows no ciphertext from its HTML part", async () => {
    const parsed = await mail(
      `Content-Type: multipart/alternative; boundary="b"\n\n--b\nContent-Type: text/plain; charset=utf-8\n\n${CIPHER}\n--b\nContent-Type: text/html; charset=utf-8\n\n${htmlOf(CIPHER)}\n--b--\n`,
    );
    expect(parsed.visibleText).toBe(ENCRYPTED);
    expect(parsed.fullText).not.toContain("PGP MESSAGE");
  });

  it("an HTML-only clearsigned mail shows the words it signs, marked signed", async () => {
    const parsed = await mail(`Content-Type: text/html; charset=utf-8\n\n${htmlOf(SIGNED)}\n`);
    expect(parsed.visibleText).toBe("My printer on floor 3 prints blank pages.");
    expect(parsed.signed).toBe(true);
  });

  it("an HTML-only inline-encrypted mail says it cannot be read", async () => {
    const parsed = await mail(`Content-Type: text/html; charset=utf-8\n\n<pre>${CIPHER}</pre>\n`);
    expect(parsed.visibleText).toBe(ENCRYPTED);
  });
});
