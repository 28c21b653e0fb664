import { SESClient, SendRawEmailCommand } from "@aws-sdk/client-ses";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import { simpleParser } from "mailparser";
import { afterEach, describe, expect, it } from "vitest";
import { composeRaw, textToHtml } from "../../core/mail/compose.ts";
import { replySubject } from "../../core/mail/deliver.ts";
import {
  deskMessageId,
  mailDomain,
  plusAddress,
  replyToken,
  ticketOfDeskMessageId,
  ticketOfReplyToken,
} from "../../core/mail/message-id.ts";
import { sendRawMail } from "../../core/mail/send.ts";

describe("outbound mail", () => {
  const ses = mockClient(SESClient);
  afterEach(() => ses.reset());

  it("builds MIME with text and escaped HTML, threading headers and the desk's Message-ID", async () => {
    const raw = await composeRaw({
      from: { name: "Support", address: "support@desk.example" },
      to: [{ name: "Ann", address: "ann@example.com" }],
      subject: replySubject("Printer <jammed>", 42),
      text: "Hello <script>alert(1)</script>\n\nSecond paragraph",
      messageId: "<e1.sig@desk.example>",
      inReplyTo: "<prev@desk.example>",
      references: ["<first@desk.example>", "<prev@desk.example>"],
    });
    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe("Re: Printer <jammed> [#42]");
    expect(parsed.messageId).toBe("<e1.sig@desk.example>");
    expect(parsed.inReplyTo).toBe("<prev@desk.example>");
    expect(parsed.references).toEqual(["<first@desk.example>", "<prev@desk.example>"]);
    expect(parsed.text?.trim()).toBe("Hello <script>alert(1)</script>\n\nSecond paragraph");
    expect(parsed.html).toContain("&lt;script&gt;");
    expect(parsed.html).not.toContain("<script>");
    expect(parsed.headers.get("auto-submitted")).toBeUndefined();
  });

  it("marks automatic mail so that auto-responders stay quiet", async () => {
    const raw = await composeRaw({
      from: { name: "Support", address: "support@desk.example" },
      to: [{ name: "", address: "agent@desk.example" }],
      subject: "Notice",
      text: "x",
      messageId: "<n1@desk.example>",
      autoSubmitted: "auto-generated",
    });
    const parsed = await simpleParser(raw);
    expect(parsed.headers.get("auto-submitted")).toBe("auto-generated");
    expect(parsed.headers.get("x-auto-response-suppress")).toBe("All");
  });

  it("signs Message-IDs with the ticket they belong to; forged ones are not recognised", () => {
    const ticketId = "01KAZ3V8W9X0Y1Z2A3B4C5D6E7";
    const secret = "secret-a-0123456789";
    const id = deskMessageId("r", ticketId, "01ENTRY", secret, mailDomain("Support <support@desk.example>"));
    expect(id).toMatch(/^<r\.01KAZ3V8W9X0Y1Z2A3B4C5D6E7\.01ENTRY\.[\w-]{16}@desk\.example>$/);
    expect(ticketOfDeskMessageId(id, secret)).toBe(ticketId);
    expect(ticketOfDeskMessageId(id, "secret-b-0123456789")).toBeNull();
    expect(ticketOfDeskMessageId(id.replace(ticketId, "01KAZ3V8W9X0Y1Z2A3B4C5D6E8"), secret)).toBeNull();
    expect(ticketOfDeskMessageId("<random@example.com>", secret)).toBeNull();
    expect(textToHtml("a & b")).toContain("a &amp; b");
  });

  it("issues plus-address tokens that only the desk can make", () => {
    const token = replyToken("01KAZ3V8W9X0Y1Z2A3B4C5D6E7", "secret-a-0123456789");
    expect(plusAddress("support@desk.example", token)).toBe(`support+${token}@desk.example`);
    expect(ticketOfReplyToken(token, "secret-a-0123456789")).toBe("01KAZ3V8W9X0Y1Z2A3B4C5D6E7");
    expect(ticketOfReplyToken(token.toLowerCase(), "secret-a-0123456789")).toBe("01KAZ3V8W9X0Y1Z2A3B4C5D6E7");
    expect(ticketOfReplyToken(token, "secret-b-0123456789")).toBeNull();
  });

  it("calls SES SendRawEmail with the raw bytes, source and destinations", async () => {
    ses.on(SendRawEmailCommand).resolves({ MessageId: "ses-123" });
    const raw = Buffer.from("raw mime");
    const from = { name: "Support", address: "support@desk.example" };
    expect(await sendRawMail(raw, from, [{ name: "Ann", address: "ann@example.com" }])).toBe("ses-123");
    const call = ses.commandCalls(SendRawEmailCommand)[0]!;
    expect(call.args[0].input).toEqual({
      RawMessage: { Data: raw },
      Source: "support@desk.example",
      Destinations: ["ann@example.com"],
    });
  });
});

describe("event publishing", () => {
  const sns = mockClient(SNSClient);
  afterEach(() => sns.reset());

  it("publishes to the topic with the event type as a message attribute (for subscription filters)", async () => {
    process.env.SST_RESOURCE_Table = JSON.stringify({ name: "unit-table" });
    process.env.SST_RESOURCE_Events = JSON.stringify({ arn: "arn:aws:sns:us-east-1:1:Events" });
    process.env.SST_RESOURCE_DeskSecret = JSON.stringify({ value: "unit-secret-0123456789" });
    const { publishStored } = await import("../../core/events/publish.ts");
    sns.on(PublishCommand).rejects(new Error("SNS down"));
    const event = {
      type: "ticket.created" as const,
      id: "01EVENT",
      occurredAt: "2026-11-25T12:00:00.000Z",
      ticketId: "01TICKET",
      ticketNumber: 7,
      channel: "web" as const,
      entryId: "01ENTRY",
    };
    await expect(publishStored([event])).resolves.toBeUndefined();
    const input = sns.commandCalls(PublishCommand)[0]!.args[0].input;
    expect(input).toEqual({
      TopicArn: "arn:aws:sns:us-east-1:1:Events",
      Message: JSON.stringify(event),
      MessageAttributes: { type: { DataType: "String", StringValue: "ticket.created" } },
    });
  });
});
