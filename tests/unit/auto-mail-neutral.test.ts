import { describe, expect, it } from "vitest";
import { surveyMail } from "../../core/csat/survey-mail.ts";
import { openingMessage } from "../../core/mail/echo.ts";
import { mergeNotice } from "../../core/mail/merge-notice.ts";
import { pendingReminder } from "../../core/mail/notices.ts";
import type { EntryItem, TicketItem } from "../../core/store/index.ts";

/** The neutral texts of later automatic mail: nothing the requester typed, in English and French. */

const ticket = (locale: "en" | "fr", number = 12) =>
  ({
    ticketId: `T${number}`,
    number,
    locale,
    subject: "Votre colis est bloqué : payez sur http://evil.test/pay",
    requesterName: "Gagnez 5000 € sur http://evil.test/claim",
    requesterEmail: "victime@exemple.test",
  }) as TicketItem;
const links = { good: "https://desk.test/csat/t?rating=good", bad: "https://desk.test/csat/t?rating=bad" };

describe("neutral automatic mail", () => {
  for (const locale of ["en", "fr"] as const) {
    it(`repeats neither name nor subject when the address is not confirmed (${locale})`, () => {
      const mails = [
        surveyMail(ticket(locale), links, "Desk", false),
        pendingReminder(ticket(locale), "https://desk.test/ticket.html?id=T12#token=x", "Desk", false),
        mergeNotice(ticket(locale), ticket(locale, 13), null, "Desk", false),
      ];
      for (const { subject, text } of mails) {
        expect(`${subject}\n${text}`).not.toMatch(/evil|Gagnez|colis/);
        expect(text).toMatch(locale === "fr" ? /^Bonjour,\n/ : /^Hello,\n/);
        expect(`${subject} ${text}`).toContain("#12");
      }
      expect(mails[0]!.text).toContain(links.good);
    });

    it(`keeps them for a confirmed address (${locale})`, () => {
      for (const { subject, text } of [
        surveyMail(ticket(locale), links, "Desk"),
        pendingReminder(ticket(locale), "https://desk.test/x", "Desk"),
      ]) {
        expect(subject).toContain("Votre colis est bloqué");
        expect(text).toContain("Gagnez 5000 €");
      }
    });
  }

  it("takes the requester's first message as the one that opened the ticket", () => {
    const entries = [
      { entryId: "1", kind: "event" },
      { entryId: "2", kind: "customer_message", mergedSender: { ticketId: "X", number: 1 } },
      { entryId: "3", kind: "customer_message", mail: { dmarc: "fail" } },
      { entryId: "4", kind: "customer_message" },
    ] as unknown as EntryItem[];
    expect(openingMessage(entries)?.entryId).toBe("3");
  });
});
