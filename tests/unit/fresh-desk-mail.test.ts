import { describe, expect, it } from "vitest";
import { DEFAULT_DESK_NAME } from "../../core/config.ts";
import { surveyMail } from "../../core/csat/survey-mail.ts";
import { acknowledgement } from "../../core/mail/acknowledge.ts";
import { mergeNotice } from "../../core/mail/merge-notice.ts";
import { pendingReminder } from "../../core/mail/notices.ts";
import { weeklyMail } from "../../core/report/weekly-mail.ts";
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

describe("the weekly summary", () => {
  const figures = {
    from: "2026-11-30",
    to: "2026-12-06",
    created: 12,
    solved: 10,
    reopened: 1,
    escalated: 2,
    deflected: 3,
    firstResponseMedian: 30,
    resolutionMedian: null,
    firstResponseCompliance: "90 %",
    resolutionCompliance: "—",
    satisfaction: "75 % good (4 answers)",
    satisfactionGood: 3,
    satisfactionAnswers: 4,
  };

  // A French admin who ticked "Résumé hebdomadaire" got it in English.
  it("is in French for an admin mailed in French, with the default name said in French", () => {
    const { subject, text } = weeklyMail(figures, "fr", DEFAULT_DESK_NAME, "https://desk.test");
    expect(subject).toBe("Centre d'assistance : résumé de la semaine (2026-11-30 – 2026-12-06)");
    expect(text).toContain("Tickets créés : 12, résolus : 10, rouverts : 1, escaladés : 2");
    expect(text).toContain("Première réponse, médiane : ≤ 30 minutes ouvrées ; résolution, médiane : —");
    expect(text).toContain("Satisfaction : 75 % de « Bien » (4 réponses)");
    expect(text).not.toMatch(/Tickets created|business minutes|good \(/);
  });

  it("stays in English for an admin mailed in English", () => {
    const { subject, text } = weeklyMail(figures, "en", "Support Acme", "https://desk.test");
    expect(subject).toBe("Support Acme: weekly summary (2026-11-30 – 2026-12-06)");
    expect(text).toContain("Tickets created: 12, solved: 10");
    expect(text).toContain("Satisfaction: 75 % good (4 answers)");
  });
});
