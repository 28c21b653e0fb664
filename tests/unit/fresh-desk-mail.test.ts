import { describe, expect, it } from "vitest";
import { DEFAULT_DESK_NAME } from "../../core/config.ts";
import { surveyMail } from "../../core/csat/survey-mail.ts";
import { acknowledgement } from "../../core/mail/acknowledge.ts";
import { mergeNotice } from "../../core/mail/merge-notice.ts";
import { pendingReminder } from "../../core/mail/notices.ts";
import type { TicketItem } from "../../core/store/index.ts";

/**
 * A desk that has not set DESK_NAME signs its mail with the default name. Found walking a fresh desk in French:
 * every French acknowledgement ended "— Help desk". The default is a placeholder, so French mail says it in French;
 * a name the company chose is its brand and stays as written.
 */
const ticket = (locale: "en" | "fr") =>
  ({ ticketId: "T7", number: 7, locale, subject: "Imprimante", requesterName: "Zoé" }) as TicketItem;
const links = { good: "https://desk.test/g", bad: "https://desk.test/b" };
const mails = (locale: "en" | "fr", deskName: string) => [
  acknowledgement(ticket(locale), "https://desk.test/t", deskName).text,
  acknowledgement(ticket(locale), "https://desk.test/t", deskName, [], false).text,
  surveyMail(ticket(locale), links, deskName).text,
  pendingReminder(ticket(locale), "https://desk.test/t", deskName).text,
  mergeNotice(ticket(locale), { ...ticket(locale), number: 8 }, null, deskName).text,
];

describe("the desk's signature", () => {
  it("says the default name in French in French mail", () => {
    for (const text of mails("fr", DEFAULT_DESK_NAME)) {
      expect(text.endsWith("— Centre d'assistance")).toBe(true);
      expect(text).not.toContain("Help desk");
    }
  });

  it("keeps the default name in English mail", () => {
    for (const text of mails("en", DEFAULT_DESK_NAME)) expect(text.endsWith("— Help desk")).toBe(true);
  });

  it("keeps a name the company chose, in both languages", () => {
    for (const locale of ["en", "fr"] as const)
      for (const text of mails(locale, "Support Acme")) expect(text.endsWith("— Support Acme")).toBe(true);
  });
});

describe("the survey mail", () => {
  // Opening a survey link records nothing (scanners open every link): the customer presses Send on the page.
  // The mail said "Un clic suffit" / "One click is enough", and a customer who only clicked was never counted.
  it("says that the rating is sent from the page the link opens, in both languages", () => {
    const fr = surveyMail(ticket("fr"), links, "Desk").text;
    expect(fr).not.toMatch(/un clic suffit/i);
    expect(fr).toContain("appuyez sur Envoyer");
    const en = surveyMail(ticket("en"), links, "Desk").text;
    expect(en).not.toMatch(/one click is enough/i);
    expect(en).toContain("press Send");
  });
});
