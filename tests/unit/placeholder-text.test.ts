import { describe, expect, it } from "vitest";
import { surveyMail } from "../../core/csat/survey-mail.ts";
import { acknowledgement } from "../../core/mail/acknowledge.ts";
import { pendingReminder } from "../../core/mail/notices.ts";
import { waitingNotice } from "../../core/sla/notice-text.ts";
import type { TicketItem } from "../../core/store/index.ts";
import { ATTACHMENTS_ONLY, inLanguage, NO_SUBJECT, NO_TEXT } from "../../core/ticket/placeholder-text.ts";

/** A mail with no subject (an iPhone photo): stored "(no subject)", read in each reader's language. */
const bare = {
  number: 22,
  subject: NO_SUBJECT,
  requesterName: "Zoé",
  requesterEmail: "zoe@example.fr",
  priority: "normal",
  locale: "fr",
} as TicketItem;
const links = { good: "https://desk/g", bad: "https://desk/b" };

describe("placeholders for what came without words", () => {
  it("read in French for a French reader, as stored for anyone else; real text is never touched", () => {
    expect([NO_SUBJECT, ATTACHMENTS_ONLY, NO_TEXT].map((p) => inLanguage(p, "fr"))).toEqual([
      "(sans objet)",
      "(pièces jointes seulement)",
      "(sans texte)",
    ]);
    expect(inLanguage(NO_SUBJECT, "en")).toBe(NO_SUBJECT);
    expect(inLanguage("VPN (no subject)", "fr")).toBe("VPN (no subject)");
    expect(inLanguage("constructor", "fr")).toBe("constructor");
  });

  it("are in the ticket's language in the customer's mail: acknowledgement, reminder, survey", () => {
    expect(acknowledgement(bare, "https://desk/x", "Desk").subject).toBe(
      "[#22] Nous avons bien reçu votre demande : (sans objet)",
    );
    expect(pendingReminder(bare, "https://desk/x", "Desk").subject).toBe(
      "[#22] Nous attendons votre réponse : (sans objet)",
    );
    expect(surveyMail(bare, links, "Desk").subject).toBe(
      "[#22] Comment s'est passée votre demande ? (sans objet)",
    );
    expect(acknowledgement({ ...bare, locale: "en" }, "https://desk/x", "Desk").subject).toBe(
      "[#22] We received your request: (no subject)",
    );
  });

  it("are in the agent's language in their notices", () => {
    expect(waitingNotice(bare, undefined).fr.subject).toBe("En attente d'une réponse : (sans objet)");
  });
});
