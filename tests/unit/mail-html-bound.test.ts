import { describe, expect, it, vi } from "vitest";
import { MAX_HTML_PART_BYTES } from "../../core/mail/inline-parts.ts";
import { parseMail } from "../../core/mail/parse.ts";

/**
 * The bound on a huge HTML body, seen from the HTML reader: whatever the message holds, the desk's HTML-to-text
 * reader (core/mail/html-text.ts) is never handed more than one part's cap (the memory the inbound worker spends
 * on a body follows from it). The reader itself is the real one, only watched.
 */

const given: number[] = [];
vi.mock("../../core/mail/html-text.ts", async (original) => {
  const real = await original<typeof import("../../core/mail/html-text.ts")>();
  return {
    ...real,
    textFromHtml: (html: string) => {
      given.push(html.length);
      return real.textFromHtml(html);
    },
  };
});

const row = "<tr><td>Order 48811</td><td>Widget</td><td>129.00 EUR</td></tr>\r\n";
const rows = (mb: number) => row.repeat(Math.ceil((mb * 1024 * 1024) / row.length));
const message = (parts: string[]) =>
  Buffer.from(
    `From: Ops <ops@client.example>\r\nTo: support@desk.localhost\r\nSubject: Order log\r\nMessage-ID: <log@client.example>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="B"\r\n\r\n${parts
      .map((p) => `--B\r\n${p}\r\n`)
      .join("")}--B--\r\n`,
  );
const FOOTER = "Content-Type: text/plain\r\n\r\n--\r\nOps mailing list\r\nops@lists.client.example";

describe("the HTML reader's input", () => {
  it("is at most the cap for a 30 MB HTML part beside a footer part (read part by part)", async () => {
    given.length = 0;
    await parseMail(message([`Content-Type: text/html\r\n\r\n<table>${rows(30)}</table>`, FOOTER]));
    expect(given.length).toBeGreaterThan(0);
    expect(Math.max(...given)).toBeLessThanOrEqual(MAX_HTML_PART_BYTES);
  });

  it("is at most the cap for a 30 MB HTML-only message (read by mailparser's html)", async () => {
    given.length = 0;
    await parseMail(message([`Content-Type: text/html\r\n\r\n<table>${rows(30)}</table>`]));
    expect(given.length).toBeGreaterThan(0);
    expect(Math.max(...given)).toBeLessThanOrEqual(MAX_HTML_PART_BYTES);
  });
});
