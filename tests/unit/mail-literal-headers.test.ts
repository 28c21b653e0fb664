import libmime from "libmime";
import { simpleParser } from "mailparser";
import { describe, expect, it } from "vitest";
import { composeRaw } from "../../core/mail/compose.ts";
import { replySubject } from "../../core/mail/deliver.ts";

/** Text typed by a person that reads as an RFC 2047 encoded-word ("Admin <admin@desk.localhost>" in base64). */
const LOOKALIKE_NAME = "=?utf-8?B?QWRtaW4gPGFkbWluQGRlc2subG9jYWxob3N0Pg==?=";

const compose = (name: string, subject: string) =>
  composeRaw({
    from: { name: name, address: "support@desk.example" },
    to: [{ name, address: "eve@example.com" }],
    cc: [{ name, address: "cc@example.com" }],
    replyTo: { name, address: "support+t@desk.example" },
    subject,
    text: "Hello",
    messageId: "<e1.sig@desk.example>",
  });

describe("outgoing headers carry the literal text a person typed", () => {
  it("a name or subject that looks like an encoded-word reads back as typed, not decoded", async () => {
    const subject = replySubject("=?utf-8?Q?Urgent?=", 7);
    const parsed = await simpleParser(await compose(LOOKALIKE_NAME, subject));
    expect(parsed.subject).toBe("Re: =?utf-8?Q?Urgent?= [#7]");
    for (const header of [parsed.from, parsed.to, parsed.cc, parsed.replyTo].flatMap((h) => [h ?? []].flat()))
      expect(header.value.map((m) => m.name)).toEqual([LOOKALIKE_NAME]);
    expect(parsed.to && !Array.isArray(parsed.to) && parsed.to.value[0]?.address).toBe("eve@example.com");
  });

  it("keeps the same literal text when it is long, mixed with accents, or malformed", async () => {
    for (const text of [
      `Zoë =?utf-8?B?QWRtaW4=?= ${"long ".repeat(30)}end`,
      "=?iso-8859-1?Q?caf=E9?= and =?utf-8?B?invalid",
      "a =? b ?= c",
      'Quote " and =?x?q?y?= (comment) <angle>',
    ]) {
      const parsed = await simpleParser(await compose(text, text));
      expect(parsed.subject).toBe(text);
      expect(parsed.to && !Array.isArray(parsed.to) && parsed.to.value[0]?.name).toBe(text);
    }
  });

  it("leaves ordinary names and subjects as the composer writes them", async () => {
    const raw = (await compose("Ann Lee", "Printer jam")).toString("utf8");
    expect(raw).toContain("To: Ann Lee <eve@example.com>");
    expect(raw).toContain("Subject: Printer jam");
  });
});

describe("outgoing attachment names carry the literal text an agent uploaded", () => {
  it("a name that looks like an encoded-word reads back as typed from both Content-Type and Content-Disposition", async () => {
    const names = ["report =?utf-8?B?SGk=?= .pdf", "=?utf-8?Q?Invoice?=.pdf", "Zoë =?x?q?y?= notes.txt"];
    const raw = await composeRaw({
      from: { name: "Help desk", address: "support@desk.example" },
      to: [{ name: "Ann", address: "ann@example.com" }],
      subject: "Files",
      text: "Attached",
      messageId: "<e2.sig@desk.example>",
      attachments: names.map((filename) => ({
        filename,
        content: Buffer.from("x"),
        contentType: "text/plain",
      })),
    });
    const parsed = await simpleParser(raw);
    expect(parsed.attachments.map((a) => a.filename)).toEqual(names);
    // Clients that name a file by Content-Type's `name` decode encoded-words in it (Outlook, Apple Mail).
    const unfolded = raw.toString("utf8").replace(/\r\n[ \t]+/g, " ");
    const typeNames = [...unfolded.matchAll(/^Content-Type: [^\r\n]*?; name="([^"]*)"/gm)].map(([, name]) =>
      libmime.decodeWords(name!),
    );
    expect(typeNames).toEqual(names);
  });
});
