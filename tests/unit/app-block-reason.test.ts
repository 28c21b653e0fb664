import { describe, expect, it } from "vitest";
import { blockReasonText } from "../../web/app/src/block-reason.ts";
import { strings } from "../../web/app/src/strings.ts";

/** SES's words for a bounce (bounceSubType) and a complaint (complaintFeedbackType), said to agents in words. */
const BOUNCE_SUBTYPES = [
  "General",
  "NoEmail",
  "Suppressed",
  "MailboxFull",
  "MessageTooLarge",
  "ContentRejected",
  "AttachmentRejected",
  "OnAccountSuppressionList",
];
const COMPLAINT_TYPES = ["abuse", "fraud", "not-spam", "virus", "other"];

describe.each(["en", "fr"] as const)("a delivery block's reason in %s", (lang) => {
  const words = strings[lang].ticketPage.undeliverable;
  const said = (reason: "bounce" | "complaint", kind: string | null, detail: string | null = null) =>
    blockReasonText({ reason, kind, detail }, words);

  it("says every SES bounce subtype and complaint type in words, each its own", () => {
    const bounces = BOUNCE_SUBTYPES.map((kind) => said("bounce", kind, "smtp; 550 5.1.1 user unknown"));
    const complaints = COMPLAINT_TYPES.map((kind) => said("complaint", kind));
    for (const [i, text] of [...bounces, ...complaints].entries()) {
      const raw = [...BOUNCE_SUBTYPES, ...COMPLAINT_TYPES][i]!;
      // A sentence, not SES's word: "NoEmail", "not-spam" are no words for an agent.
      expect(text?.split(" ").length ?? 0, raw).toBeGreaterThanOrEqual(3);
    }
    expect(new Set(bounces).size).toBe(bounces.length);
    expect(new Set(complaints).size).toBe(complaints.length);
  });

  it("reads SES's word from the detail of a block stored before it was kept apart", () => {
    expect(said("complaint", null, "abuse")).toBe(said("complaint", "abuse"));
    expect(said("bounce", null, "NoEmail")).toBe(said("bounce", "NoEmail"));
  });

  it("says nothing for a word it does not know, nor a bounce's word on a complaint", () => {
    expect(said("bounce", null, "smtp; 552 5.2.2 mailbox full")).toBeNull();
    expect(said("complaint", "brand-new-type")).toBeNull();
    expect(said("complaint", "NoEmail")).toBeNull();
    expect(said("bounce", "toString")).toBeNull();
  });
});

it("says the same reason differently in English and French", () => {
  const en = strings.en.ticketPage.undeliverable;
  const fr = strings.fr.ticketPage.undeliverable;
  expect(blockReasonText({ reason: "bounce", kind: "MailboxFull", detail: null }, en)).toMatch(
    /mailbox is full/,
  );
  expect(blockReasonText({ reason: "bounce", kind: "MailboxFull", detail: null }, fr)).toMatch(
    /boîte .* pleine/,
  );
  expect(blockReasonText({ reason: "complaint", kind: "abuse", detail: null }, fr)).toMatch(/indésirable/);
});
