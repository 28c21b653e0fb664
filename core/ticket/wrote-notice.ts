// The `ticket.notice` that tells a ticket's assignee someone wrote on it (mail held from an outsider, a vendor's answer).
import type { DeskEvent } from "../events/schema.ts";
import { newId } from "../ids.ts";
import { mailboxText } from "../mail/address.ts";
import type { TicketItem } from "../store/index.ts";
import { inLanguage } from "./placeholder-text.ts";

/**
 * What a language's notice says: its subject's headline, and the words between "<writer> wrote on ticket #n" and
 * the quote.
 */
interface Said {
  headline: string;
  after: string;
}

/**
 * "<writer> wrote on ticket #n…" and what they wrote (`quote`, already capped by the caller), in English and French
 * (the mail worker picks each agent's language), to the assignee only; none when nobody holds the ticket. A stored
 * placeholder quote ("(no text)", "(attachments only)") is said in French in the French text, for every caller.
 */
export function wroteOnTicketNotice(
  ticket: Pick<TicketItem, "ticketId" | "number" | "subject" | "assigneeId">,
  writer: { name: string; email: string },
  said: { en: Said; fr: Said },
  quote: string,
  now: Date,
): DeskEvent[] {
  if (!ticket.assigneeId) return [];
  const n = ticket.number;
  return [
    {
      type: "ticket.notice",
      id: newId(now),
      occurredAt: now.toISOString(),
      ticketId: ticket.ticketId,
      agentIds: [ticket.assigneeId],
      subject: `[#${n}] ${said.en.headline}: ${ticket.subject}`,
      text: `${mailboxText(writer.email, writer.name)} wrote on ticket #${n}${said.en.after}\n\n${quote}`,
      fr: {
        subject: `[#${n}] ${said.fr.headline} : ${inLanguage(ticket.subject, "fr")}`,
        text: `${mailboxText(writer.email, writer.name, "fr")} a écrit sur le ticket #${n}${said.fr.after}\n\n${inLanguage(quote, "fr")}`,
      },
    },
  ];
}
