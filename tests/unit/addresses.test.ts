import { SESClient, SendRawEmailCommand } from "@aws-sdk/client-ses";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { simpleParser } from "mailparser";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  deskMailbox,
  destinationsOf,
  displayName,
  isDeliverable,
  type Mailbox,
  mailbox,
  mailboxText,
  UndeliverableAddressError,
} from "../../core/mail/address.ts";
import { composeRaw } from "../../core/mail/compose.ts";
import { sendRawMail } from "../../core/mail/send.ts";

const HOSTILE = [
  "Eve <attacker@evil.example>",
  '"a@b.c" <attacker@evil.example>',
  "Doe, John <attacker@evil.example>, x@evil.example",
  'Quote " back\\slash; semi <attacker@evil.example>',
  "Line\r\nBcc: attacker@evil.example",
  "=?utf-8?Q?Eve_=3Cattacker=40evil.example=3E?=",
  "Zoë 日本 \u202e <attacker@evil.example>",
];
const desk: Mailbox = { name: "Support", address: "support@desk.example" };

describe("addresses", () => {
  it("accepts plain addresses and refuses anything a mail system could read as more", () => {
    for (const ok of [
      "ann@example.com",
      "o'brien+tag@mail.example.org",
      "a.b-c_d@xn--jgeva-dua.ee",
      "zoe@jõgeva.ee",
    ])
      expect(isDeliverable(ok), ok).toBe(true);
    for (const bad of [
      "Eve <attacker@evil.example>",
      "victim@example.org, attacker@evil.example",
      "victim@example.org>, <attacker@evil.example",
      '"a b"@example.org',
      "a@b",
      "victim@example.org\r\nBcc: attacker@evil.example",
      "a..b@example.org",
      ".a@example.org",
      "a@-example.org",
      "",
      `${"a".repeat(250)}@example.org`,
    ])
      expect(isDeliverable(bad), bad).toBe(false);
    expect(() => mailbox("x@y.example, z@evil.example", "X")).toThrow(UndeliverableAddressError);
  });

  it("cleans display names of line breaks and controls, and parses none", () => {
    expect(displayName("Line\r\nBcc: attacker@evil.example")).toBe("Line Bcc: attacker@evil.example");
    expect(displayName("  Eve <attacker@evil.example>  ")).toBe("Eve <attacker@evil.example>");
    expect(displayName(undefined)).toBe("");
    expect(mailboxText("victim@example.org", "Eve <attacker@evil.example>")).toBe(
      "victim@example.org (“Eve <attacker@evil.example>”)",
    );
    expect(mailboxText("ann@example.com", "ann@example.com")).toBe("ann@example.com");
    expect(mailbox(" ann@example.com ", "Ann\u0000")).toEqual({ name: "Ann", address: "ann@example.com" });
  });

  it("reads the desk's sender from its configuration, and dedupes destinations", () => {
    expect(deskMailbox('"Help, Desk" <help@desk.example>')).toEqual({
      name: "Help, Desk",
      address: "help@desk.example",
    });
    expect(deskMailbox("help@desk.example")).toEqual({ name: "", address: "help@desk.example" });
    expect(
      destinationsOf([
        { name: "A", address: "a@example.com" },
        { name: "Again", address: "A@example.com" },
        { name: "", address: "b@example.com" },
        { name: "", address: "safe@jõgeva.ee" },
      ]),
    ).toEqual(["a@example.com", "b@example.com", "safe@xn--jgeva-dua.ee"]);
    expect(() => destinationsOf([{ name: "", address: "a@example.com, x@evil.example" }])).toThrow(
      UndeliverableAddressError,
    );
  });

  it("encodes hostile names in To and Cc: parsed back, each header holds only its address", async () => {
    for (const name of HOSTILE) {
      const raw = await composeRaw({
        from: desk,
        to: [{ name, address: "victim@example.org" }],
        cc: [{ name, address: "colleague@example.org" }],
        subject: "s",
        text: "t",
        messageId: "<m1@desk.example>",
      });
      const head = raw.toString("utf8").split("\r\n\r\n")[0]!;
      expect(head, name).not.toMatch(/^Bcc:/im);
      const parsed = await simpleParser(raw);
      const to = [parsed.to ?? []].flat().flatMap((a) => a.value);
      const cc = [parsed.cc ?? []].flat().flatMap((a) => a.value);
      expect(
        to.map((a) => a.address),
        name,
      ).toEqual(["victim@example.org"]);
      expect(
        cc.map((a) => a.address),
        name,
      ).toEqual(["colleague@example.org"]);
    }
  });
});

describe("SendRawEmail call shape", () => {
  const ses = mockClient(SESClient);
  afterEach(() => ses.reset());
  beforeAll(() => {
    process.env.SST_RESOURCE_Table = JSON.stringify({ name: "unit-table" });
    process.env.SST_RESOURCE_DeskSecret = JSON.stringify({ value: "unit-secret-0123456789" });
  });

  it("takes Destinations from the structured recipients, Source from the sender's address", async () => {
    ses.on(SendRawEmailCommand).resolves({ MessageId: "ses-1" });
    const raw = Buffer.from("raw");
    await sendRawMail(raw, desk, [
      { name: HOSTILE[0]!, address: "victim@example.org" },
      { name: HOSTILE[2]!, address: "cc@example.org" },
      { name: "", address: "VICTIM@example.org" },
    ]);
    expect(ses.commandCalls(SendRawEmailCommand)[0]!.args[0].input).toEqual({
      RawMessage: { Data: raw },
      Source: "support@desk.example",
      Destinations: ["victim@example.org", "cc@example.org"],
    });
  });

  it("refuses a recipient whose address is not one plain address, before calling SES", async () => {
    ses.on(SendRawEmailCommand).resolves({ MessageId: "ses-2" });
    await expect(
      sendRawMail(Buffer.from("raw"), desk, [
        { name: "", address: "victim@example.org>, <attacker@evil.example" },
      ]),
    ).rejects.toThrow(UndeliverableAddressError);
    await expect(sendRawMail(Buffer.from("raw"), desk, [])).rejects.toThrow(/at least one recipient/);
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(0);
  });

  it("mails a sign-in link or summary (no ticket) to the one address, whatever the name", async () => {
    process.env.DESK_MAIL_FROM = "Help Desk <help@desk.example>";
    const { resetConfig } = await import("../../core/config.ts");
    resetConfig();
    const { sendPlainMail } = await import("../../core/mail/outbound.ts");
    // No desk name stored (core/desk/name.ts): the From is DESK_MAIL_FROM's.
    const dynamo = mockClient(DynamoDBDocumentClient);
    dynamo.on(GetCommand).resolves({});
    ses.on(SendRawEmailCommand).resolves({ MessageId: "ses-3" });
    for (const name of HOSTILE)
      await sendPlainMail({
        kind: "weekly",
        to: { name, address: "admin@example.org" },
        subject: "s",
        text: "t",
      });
    const calls = ses.commandCalls(SendRawEmailCommand);
    expect(calls).toHaveLength(HOSTILE.length);
    for (const call of calls) {
      const input = call.args[0].input;
      expect(input.Destinations).toEqual(["admin@example.org"]);
      expect(input.Source).toBe("help@desk.example");
      const parsed = await simpleParser(Buffer.from(input.RawMessage!.Data!));
      expect([parsed.to ?? []].flat().flatMap((a) => a.value.map((v) => v.address))).toEqual([
        "admin@example.org",
      ]);
      expect(parsed.from?.value).toEqual([{ name: "Help Desk", address: "help@desk.example" }]);
    }
    delete process.env.DESK_MAIL_FROM;
    resetConfig();
    dynamo.restore();
  });
});
