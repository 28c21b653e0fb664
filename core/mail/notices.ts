import { getAgentItem } from "../agent/agent.ts";
import { issuePortalToken } from "../auth/portal-token.ts";
import { config } from "../config.ts";
import { deskNames } from "../desk/name.ts";
import { type DeskName, signature } from "../desk/signature.ts";
import { alertAloneOrDigest } from "../sla/digest.ts";
import type { TicketItem } from "../store/index.ts";
import { loadTicketItem } from "../ticket/commit.ts";
import { said } from "../ticket/event-text.ts";
import { inLanguage } from "../ticket/placeholder-text.ts";
import { mailboxOrNull, personName } from "./address.ts";
import { notifiable } from "./agent-notices.ts";
import { mayEchoLater } from "./echo.ts";
import { requesterOf, sendAutoMailOnce } from "./outbound.ts";
import { DESK_SUBJECT_WORDS } from "./subject.ts";
import { isSuppressed } from "./suppression.ts";

/**
 * Mails a notice (SLA warning, breach, escalation, reminder, safety-net alert) to each agent it names, once per
 * agent, in their language (the French text when the event carries one: older events mail in English).
 * Safety-net alerts past a few per agent an hour wait for that agent's digest (one mail per sweep).
 */
export async function sendNotice(event: {
  id: string;
  occurredAt: string;
  ticketId: string;
  agentIds: string[];
  subject: string;
  text: string;
  fr?: { subject: string; text: string };
  safetyNet?: boolean;
}) {
  const ticket = await loadTicketItem(event.ticketId);
  const { publicUrl } = config();
  const deskName = await deskNames();
  const outcomes: string[] = [];
  for (const agentId of event.agentIds) {
    const agent = await notifiable(await getAgentItem(agentId));
    if (!agent) continue;
    const fr = agent.locale === "fr" && event.fr;
    const { subject, text } = fr || event;
    if (
      event.safetyNet &&
      // Counted in the hour the sweep raised it (not when the mail worker got to it): one sweep, one window.
      !(await alertAloneOrDigest(
        agentId,
        { eventId: event.id, ticketId: ticket.ticketId, number: ticket.number, subject },
        new Date(event.occurredAt),
      ))
    ) {
      outcomes.push("digest");
      continue;
    }
    const to = mailboxOrNull(agent.email, agent.name);
    if (!to) continue;
    outcomes.push(
      await sendAutoMailOnce(
        "notice",
        `${event.id}#${agentId}`,
        ticket,
        {
          to,
          subject,
          text: `${text}\n\n${fr ? "L'ouvrir :" : "Open it:"} ${publicUrl}/app/tickets/${ticket.ticketId}\n\n— ${signature(deskName, fr ? "fr" : "en")}`,
          locale: fr ? "fr" : "en",
        },
        { body: `Told ${agent.name}: ${event.subject}`, what: said("notified_agent", { agent: agentId }) },
      ),
    );
  }
  return outcomes.includes("sent") ? "sent" : "skipped";
}

/**
 * The reminder, in the ticket's language. `echo` false (the address is not confirmed: core/mail/echo.ts) gives
 * the neutral text, without the name and the subject a stranger may have typed on the web form.
 */
export function pendingReminder(ticket: TicketItem, link: string, deskName: DeskName, echo = true) {
  if (ticket.locale === "fr") {
    if (!echo)
      return {
        subject: `[#${ticket.number}] ${DESK_SUBJECT_WORDS.waiting.fr}`,
        text: `Bonjour,\n\nNous attendons une réponse pour avancer sur la demande #${ticket.number}, envoyée avec cette adresse e-mail. Répondez simplement à ce message ; sans nouvelles de votre part, nous la considérerons comme résolue dans quelques jours.\n\nSuivre votre demande : ${link}\n\nSi vous n'êtes pas à l'origine de cette demande, ignorez ce message.\n\n— ${signature(deskName, "fr")}`,
      };
    return {
      subject: `[#${ticket.number}] ${DESK_SUBJECT_WORDS.waiting.fr} : ${inLanguage(ticket.subject, "fr")}`,
      text: `Bonjour ${personName(ticket.requesterName, ticket.requesterEmail)},\n\nNous attendons votre réponse pour avancer sur votre demande #${ticket.number}. Répondez simplement à ce message ; sans nouvelles de votre part, nous la considérerons comme résolue dans quelques jours.\n\nSuivre votre demande : ${link}\n\n— ${signature(deskName, "fr")}`,
    };
  }
  if (!echo)
    return {
      subject: `[#${ticket.number}] ${DESK_SUBJECT_WORDS.waiting.en}`,
      text: `Hello,\n\nWe need an answer to move on with request #${ticket.number}, sent with this email address. Just reply to this message; if we do not hear from you, we will consider it solved in a few days.\n\nFollow your request: ${link}\n\nIf you did not send this request, ignore this message.\n\n— ${signature(deskName, "en")}`,
    };
  return {
    subject: `[#${ticket.number}] ${DESK_SUBJECT_WORDS.waiting.en}: ${ticket.subject}`,
    text: `Hello ${personName(ticket.requesterName, ticket.requesterEmail)},\n\nWe need your answer to move on with request #${ticket.number}. Just reply to this message; if we do not hear from you, we will consider it solved in a few days.\n\nFollow your request: ${link}\n\n— ${signature(deskName, "en")}`,
  };
}

/** Reminds the customer, in their language, that the ticket waits on them; once per reminder event. */
export async function remindCustomer(event: { id: string; ticketId: string }, now = new Date()) {
  const ticket = await loadTicketItem(event.ticketId);
  if (ticket.status !== "pending") return "skipped";
  // An unconfirmed address (a web-form ticket) gets neither the name, not even in To, nor the subject.
  const echo = await mayEchoLater(ticket);
  const to = requesterOf(ticket, echo);
  if (!to || (await isSuppressed(ticket.requesterEmail))) return "skipped";
  const { publicUrl } = config();
  const link = `${publicUrl}/ticket.html?id=${ticket.ticketId}#token=${issuePortalToken(ticket.ticketId, now)}`;
  const { subject, text } = pendingReminder(ticket, link, await deskNames(), echo);
  return sendAutoMailOnce(
    "customer-reminder",
    event.id,
    ticket,
    { to, subject, text },
    { body: "Reminded the customer that the ticket waits on their answer.", what: said("customer_reminded") },
    now,
  );
}
