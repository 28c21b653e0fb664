import { getAgentItem } from "../agent/agent.ts";
import { config } from "../config.ts";
import { deskNames } from "../desk/name.ts";
import { type DeskName, signature } from "../desk/signature.ts";
import { PRIORITY_FR } from "../sla/notice-text.ts";
import type { AgentItem, TicketItem } from "../store/index.ts";
import { loadTicketItem } from "../ticket/commit.ts";
import { said } from "../ticket/event-text.ts";
import { inLanguage } from "../ticket/placeholder-text.ts";
import { getTicketWithTimeline } from "../ticket/read.ts";
import { mailbox, mailboxText } from "./address.ts";
import { sendAutoMailOnce } from "./outbound.ts";
import { isSuppressed } from "./suppression.ts";

/** An agent as a structured mailbox (the mail helpers take structured recipients). */
export const mailboxOf = (agent: Pick<AgentItem, "name" | "email">) => mailbox(agent.email, agent.name);

/**
 * May the desk mail this agent a notice? Only an active agent who has not turned mail notices off
 * (PATCH /api/me {mailNotices:false}); the agent when so, else null and whose address does not bounce.
 */
export async function notifiable(agent: AgentItem | null): Promise<AgentItem | null> {
  if (!agent?.active || agent.mailNotices === false) return null;
  return (await isSuppressed(agent.email)) ? null : agent;
}

const link = (ticket: TicketItem) => `${config().publicUrl}/app/tickets/${ticket.ticketId}`;

/** The assignment notice, in the agent's language. */
export function assignmentMail(
  ticket: TicketItem,
  locale: "en" | "fr" | undefined,
  byName?: string,
  deskName: DeskName = config().deskName,
) {
  const requester = mailboxText(ticket.requesterEmail, ticket.requesterName, locale);
  if (locale === "fr")
    return {
      subject: `[#${ticket.number}] Ticket qui vous est attribué : ${inLanguage(ticket.subject, "fr")}`,
      text: `${byName ? `${byName} vous a attribué` : "Vous avez reçu"} le ticket #${ticket.number} de ${requester} (priorité ${PRIORITY_FR[ticket.priority] ?? ticket.priority}).\n\nL'ouvrir : ${link(ticket)}\n\n— ${signature(deskName, "fr")}`,
    };
  return {
    subject: `[#${ticket.number}] Assigned to you: ${ticket.subject}`,
    text: `Ticket #${ticket.number} from ${requester} is yours${byName ? `, from ${byName}` : ""} (priority ${ticket.priority}).\n\nOpen it: ${link(ticket)}\n\n— ${signature(deskName, "en")}`,
  };
}

/** The mention notice, in the agent's language, with the note itself. */
export function mentionMail(
  ticket: TicketItem,
  locale: "en" | "fr" | undefined,
  byName: string,
  note: string,
  deskName: DeskName = config().deskName,
) {
  if (locale === "fr")
    return {
      subject: `[#${ticket.number}] ${byName} vous a mentionné : ${inLanguage(ticket.subject, "fr")}`,
      text: `${byName} vous a mentionné dans une note interne du ticket #${ticket.number} :\n\n${note}\n\nL'ouvrir : ${link(ticket)}\n\n— ${signature(deskName, "fr")}`,
    };
  return {
    subject: `[#${ticket.number}] ${byName} mentioned you: ${ticket.subject}`,
    text: `${byName} mentioned you in an internal note on ticket #${ticket.number}:\n\n${note}\n\nOpen it: ${link(ticket)}\n\n— ${signature(deskName, "en")}`,
  };
}

/**
 * Tells an agent a ticket is now theirs (triage, the sweep, or an agent by hand, in bulk or through the API):
 * once per assignment event, in their language, and on the ticket's timeline with the recipient. Skipped when
 * the ticket has moved on to someone else before the mail left.
 */
export async function notifyAssignment(
  ticketId: string,
  agentId: string,
  eventId: string,
  byName?: string,
  now = new Date(),
) {
  const agent = await notifiable(await getAgentItem(agentId));
  if (!agent) return "skipped";
  const ticket = await loadTicketItem(ticketId);
  if (ticket.assigneeId !== agentId) return "skipped";
  const to = mailboxOf(agent);
  return sendAutoMailOnce(
    "assign-notice",
    eventId,
    ticket,
    { to, ...assignmentMail(ticket, agent.locale, byName, await deskNames()), locale: agent.locale ?? "en" },
    {
      body: `Told ${mailboxText(to.address, to.name)} the ticket is theirs.`,
      what: said("notified_assignee", { agent: agentId }),
    },
    now,
  );
}

/** Tells each agent named in an internal note about it: once per note and agent, in their language. */
export async function notifyMentions(
  event: { ticketId: string; entryId: string; agentIds: string[]; byName: string },
  now = new Date(),
) {
  const { ticket, entries } = await getTicketWithTimeline(event.ticketId);
  const note = entries.find((e) => e.entryId === event.entryId && e.kind === "internal_note");
  if (!note) return "skipped";
  const outcomes: string[] = [];
  for (const agentId of event.agentIds) {
    const agent = await notifiable(await getAgentItem(agentId));
    if (!agent) continue;
    const to = mailboxOf(agent);
    outcomes.push(
      await sendAutoMailOnce(
        "mention-notice",
        `${event.entryId}#${agentId}`,
        ticket,
        {
          to,
          ...mentionMail(ticket, agent.locale, event.byName, note.body ?? "", await deskNames()),
          locale: agent.locale ?? "en",
        },
        {
          body: `Told ${mailboxText(to.address, to.name)} that ${event.byName} mentioned them in a note.`,
          what: said("notified_mention", { agent: agentId, by: event.byName }),
        },
        now,
      ),
    );
  }
  return outcomes.includes("sent") ? "sent" : "skipped";
}
