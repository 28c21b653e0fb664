import { getAgentItem } from "../agent/agent.ts";
import { config } from "../config.ts";
import { store } from "../store/index.ts";
import { getTicketWithTimeline } from "../ticket/read.ts";
import { composeRaw, deskMessageId, mailDomain } from "./compose.ts";
import { sendRawMail } from "./send.ts";

/** How long one sender may hold a reply before another may try again (covers a crashed attempt). */
const LEASE_SECONDS = 120;

export type DeliveryOutcome = "sent" | "already_sent" | "skipped";

/** `Re: <subject> [#<number>]`: the number lets the customer's reply find its ticket. */
export const replySubject = (subject: string, number: number) =>
  `${/^re:/i.test(subject) ? subject : `Re: ${subject}`} [#${number}]`;

/**
 * Mails an agent's public reply to the requester. Safe to run twice: the entry is leased before sending and
 * marked sent after, so a redelivered event finds it sent and does nothing.
 */
export async function deliverReply(
  ticketId: string,
  entryId: string,
  now = new Date(),
): Promise<DeliveryOutcome> {
  const { ticket, entries } = await getTicketWithTimeline(ticketId);
  const entry = entries.find((e) => e.entryId === entryId);
  if (entry?.kind !== "agent_reply") return "skipped";
  if (entry.delivery?.status === "sent") return "already_sent";

  const { entry: entryEntity } = store().entities;
  const leaseUntil = new Date(now.getTime() + LEASE_SECONDS * 1000).toISOString();
  const attempts = (entry.delivery?.attempts ?? 0) + 1;
  await entryEntity
    .patch({ ticketId, entryId })
    .set({ delivery: { status: "sending", attempts, leaseUntil } })
    .where(
      ({ delivery }, { ne, lt }) =>
        `${ne(delivery.status, "sent")} AND (${ne(delivery.status, "sending")} OR ${lt(delivery.leaseUntil, now.toISOString())})`,
    )
    .go()
    .catch((error: unknown) => {
      throw new Error(`Reply ${entryId} is being sent by another worker or was sent: ${error}`);
    });

  const { secret, mailFrom } = config();
  const messageId = deskMessageId(entryId, secret, mailDomain(mailFrom));
  const earlier = entries
    .filter((e) => e.kind === "agent_reply" && e.delivery?.messageId && e.entryId !== entryId)
    .map((e) => e.delivery!.messageId!);
  try {
    const raw = await composeRaw({
      from: mailFrom,
      to: `${ticket.requesterName} <${ticket.requesterEmail}>`,
      replyTo: mailFrom,
      subject: replySubject(ticket.subject, ticket.number),
      text: entry.body ?? "",
      messageId,
      inReplyTo: earlier.at(-1),
      references: earlier,
    });
    const providerMessageId = await sendRawMail(raw, mailFrom, [ticket.requesterEmail]);
    await entryEntity
      .patch({ ticketId, entryId })
      .set({
        delivery: { status: "sent", attempts, messageId, providerMessageId, at: new Date().toISOString() },
      })
      .go();
    return "sent";
  } catch (error) {
    await entryEntity
      .patch({ ticketId, entryId })
      .set({
        delivery: {
          status: "failed",
          attempts,
          error: String(error).slice(0, 500),
          at: new Date().toISOString(),
        },
      })
      .go();
    throw error;
  }
}

/**
 * Tells the assigned agent that the customer wrote. At most once per message: the entry is marked before
 * sending, and unmarked if sending fails so that the retry tries again.
 */
export async function notifyAssignee(
  ticketId: string,
  entryId: string,
  now = new Date(),
): Promise<DeliveryOutcome> {
  const { ticket, entries } = await getTicketWithTimeline(ticketId);
  const entry = entries.find((e) => e.entryId === entryId);
  if (!entry || entry.notifiedAt || !ticket.assigneeId) return entry?.notifiedAt ? "already_sent" : "skipped";
  const agent = await getAgentItem(ticket.assigneeId);
  if (!agent?.active) return "skipped";

  const { entry: entryEntity } = store().entities;
  try {
    await entryEntity
      .patch({ ticketId, entryId })
      .set({ notifiedAt: now.toISOString() })
      .where(({ notifiedAt }, { notExists }) => notExists(notifiedAt))
      .go();
  } catch {
    return "already_sent";
  }
  const { secret, mailFrom, publicUrl, deskName } = config();
  try {
    const raw = await composeRaw({
      from: mailFrom,
      to: `${agent.name} <${agent.email}>`,
      subject: `[#${ticket.number}] ${ticket.requesterName} wrote: ${ticket.subject}`,
      text: `${ticket.requesterName} <${ticket.requesterEmail}> wrote on ticket #${ticket.number}:\n\n${entry.body ?? ""}\n\nOpen it: ${publicUrl}/app/tickets/${ticket.ticketId}\n\n— ${deskName}`,
      messageId: deskMessageId(`n.${entryId}`, secret, mailDomain(mailFrom)),
      autoSubmitted: "auto-generated",
    });
    await sendRawMail(raw, mailFrom, [agent.email]);
    return "sent";
  } catch (error) {
    await entryEntity.patch({ ticketId, entryId }).remove(["notifiedAt"]).go();
    throw error;
  }
}
