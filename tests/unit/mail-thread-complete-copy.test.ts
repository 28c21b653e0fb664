import { describe, expect, it } from "vitest";
import { threadOf } from "../../core/mail/deliver.ts";
import type { EntryItem } from "../../core/store/index.ts";

/** A reply's In-Reply-To and References on a ticket whose message came cut short, then whole (one Message-ID). */
const entry = (entryId: string, kind: EntryItem["kind"], messageId: string, more: Partial<EntryItem> = {}) =>
  ({ ticketId: "t", entryId, kind, createdAt: entryId, mail: { messageId }, ...more }) as EntryItem;

describe("threadOf, after a complete copy", () => {
  it("names the message once in References, and answers it", () => {
    const thread = threadOf([
      entry("1", "customer_message", "<m1@client.example>", { supersededBy: "1.complete" }),
      entry("1.complete", "customer_message", "<m1@client.example>", { supersedes: "1" }),
      entry("2", "auto_mail", "<ack@desk.localhost>"),
    ]);
    expect(thread).toEqual({
      inReplyTo: "<m1@client.example>",
      references: ["<m1@client.example>", "<ack@desk.localhost>"],
    });
  });
});
