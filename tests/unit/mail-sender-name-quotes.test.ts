import { describe, expect, it } from "vitest";
import { parseMail } from "../../core/mail/parse.ts";
import { nameWithoutAddresses } from "../../core/mail/sender.ts";

const fromHeader = (from: string) =>
  parseMail(
    Buffer.from(
      `From: ${from}\r\nTo: support@desk.localhost\r\nSubject: Acc\u00e8s\r\nMessage-ID: <q@example.fr>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nBonjour\r\n`,
    ),
  );

describe("a display name whose quotes were inside its encoded word", () => {
  it("loses one pair of surrounding double quotes and the escapes inside", () => {
    expect(nameWithoutAddresses('"Léon, Martin 🚀"')).toBe("Léon, Martin 🚀");
    expect(nameWithoutAddresses('  "Jean \\"JJ\\" Dupont" ')).toBe('Jean "JJ" Dupont');
    expect(nameWithoutAddresses('"Support Team <support@desk.example>"')).toBe("Support Team");
  });

  it("loses them too once an address after them is gone, as a name typed in the web form", () => {
    expect(nameWithoutAddresses('"Support Team" <evil@x.example>')).toBe("Support Team");
    expect(nameWithoutAddresses('"Dupont, Jean" (jean@x.example)')).toBe("Dupont, Jean");
  });

  it("keeps quotes that do not wrap the whole name", () => {
    expect(nameWithoutAddresses('Jean "JJ" Dupont')).toBe('Jean "JJ" Dupont');
    expect(nameWithoutAddresses('"Foo" and "Bar"')).toBe('"Foo" and "Bar"');
    expect(nameWithoutAddresses('"')).toBe('"');
    expect(nameWithoutAddresses("Dupont, Jean")).toBe("Dupont, Jean");
  });

  it("reads the sender of a mail written that way (Java/PHP mailers) without its quotes", async () => {
    // =?UTF-8?B?…?= of `"Léon, Martin 🚀"`, quotes included.
    const mail = await fromHeader("=?UTF-8?B?IkzDqW9uLCBNYXJ0aW4g8J+agCI=?= <leon.martin@example.fr>");
    expect(mail.from).toEqual({ address: "leon.martin@example.fr", name: "Léon, Martin 🚀" });
    expect(mail.senders.from[0]).toEqual({ address: "leon.martin@example.fr", name: "Léon, Martin 🚀" });
    // A plain quoted name is unquoted by the address parser already, and stays as written.
    expect((await fromHeader('"Dupont, Jean" <jean@example.fr>')).from?.name).toBe("Dupont, Jean");
  });
});
