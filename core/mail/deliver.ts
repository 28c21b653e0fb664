import { recordAfterSend } from "../after-send.ts";
import { getAgentItem } from "../agent/agent.ts";
import { withSignature } from "../agent/signature.ts";
import { config } from "../config.ts";
import { deskNames } from "../desk/name.ts";
import { signature } from "../desk/signature.ts";
import { type EntryItem, store } from "../store/index.ts";
import { said } from "../ticket/event-text.ts";
import { inLanguage } from "../ticket/placeholder-text.ts";
import { getTicketWithTimeline } from "../ticket/read.ts";
import { bumpViewStampOrLog } from "../ticket/view-stamp.ts";
import { mailboxOrNull, mailboxText, personName, UndeliverableAddressError } from "./address.ts";
import { notifiable } from "./agent-notices.ts";
import { deskAddresses } from "./desk-addresses.ts";
import { ccOf, requesterOf, sendAutoMailOnce, sendDeskMail } from "./outbound.ts";
import { MissingFileError, readReplyFiles } from "./reply-files.ts";
import { recordSent, replySentMark, type SentRecord } from "./sent-record.ts";

/** How long one sender may hold a reply before another may try again (covers a crashed attempt). */
const LEASE_SECONDS = 120;

export type DeliveryOutcome = "sent" | "already_sent" | "skipped" | "failed";

/** A failure no retry can change: recorded with its code and a reason the agent app words, never thrown. */
const failsForGood = (error: unknown): error is UndeliverableAddressError | MissingFileError =>
  error instanceof UndeliverableAddressError || error instanceof MissingFileError;

/** `Re: <subject> [#<number>]`: the number lets the customer's reply find its ticket. */
export const replySubject = (subject: string, number: number) =>
  `${/^re:/i.test(subject) ? subject : `Re: ${subject}`} [#${number}]`;

/** The Message-IDs of a ticket's mail so far, oldest first: for In-Reply-To and References. */
export function threadOf(allEntries: EntryItem[]) {
  // Mail of someone from a merged ticket with another requester is not part of the requester's thread; a copy
  // cut short in transit is named once, by its complete copy (the same Message-ID).
  const entries = allEntries.filter((e) => !e.mergedSender && !e.supersededBy);
  const ids = entries.flatMap((e) => (e.mail?.messageId ? [e.mail.messageId] : []));
  const lastFromCustomer = entries.findLast(
    (e) => e.kind === "customer_message" && e.mail?.messageId && (!e.held || e.held.acceptedAt),
  );
  return { inReplyTo: lastFromCustomer?.mail?.messageId ?? ids.at(-1), references: ids.slice(-20) };
}

/**
 * Mails an agent's public reply to the requester (and the ticket's CC). Safe to run twice: the entry is leased
 * before sending and marked sent after, so a redelivered event finds it sent and does nothing.
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
  // Its files are gone for good (their keys are the entry's own: nothing writes them again), so a redelivered
  // event has nothing to try: the failure stays as recorded. An undeliverable address is tried again (it may
  // have been corrected since).
  if (entry.delivery?.status === "failed" && entry.delivery.code === "file_missing") return "failed";

  // Before the lease: an unreadable setting leaves the reply to the next attempt, not leased meanwhile.
  const desk = await deskAddresses();
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

  const subject = replySubject(inLanguage(ticket.subject, ticket.locale), ticket.number);
  const requester = requesterOf(ticket);
  const cc = ccOf(ticket, desk);
  let sent: Awaited<ReturnType<typeof sendDeskMail>>;
  try {
    // A requester address the desk cannot mail fails for good (retrying would not change it), and says why.
    if (!requester) throw new UndeliverableAddressError(ticket.requesterEmail);
    // Read before anything is sent: a reply whose promised file is gone is not mailed without it.
    const attachments = await readReplyFiles(entry.attachments);
    sent = await sendDeskMail({
      ticket,
      kind: "r",
      id: entryId,
      to: [requester],
      cc,
      subject,
      // The signature stored with the reply, never the agent's current one: a retry mails what the first try did.
      text: withSignature(entry.body ?? "", entry.signature),
      ...threadOf(entries.filter((e) => e.entryId !== entryId)),
      attachments,
    });
  } catch (error) {
    // Only while this attempt still holds the reply: an earlier attempt's deferred "sent" mark may have landed
    // meanwhile (core/mail/sent-record.ts), and "failed" over it would have the retry mail the customer again.
    const recorded = await entryEntity
      .patch({ ticketId, entryId })
      .set({
        delivery: {
          status: "failed",
          attempts,
          // For good: the stable code and a human reason; otherwise SES's or the SDK's words, for the admins.
          error: (failsForGood(error) ? error.message : String(error)).slice(0, 500),
          at: new Date().toISOString(),
          ...(failsForGood(error) ? { code: error.code } : {}),
          ...(error instanceof MissingFileError ? { missingFiles: error.files } : {}),
        },
      })
      .where(({ delivery }, { eq }) => eq(delivery.leaseUntil, leaseUntil))
      .go()
      .then(
        () => true,
        (patchError: unknown) => {
          if (!String(patchError).includes("conditional request failed")) throw patchError;
          return false;
        },
      );
    if (recorded) await bumpViewStampOrLog(ticketId);
    // Retrying cannot help: no throw, so the event is neither retried nor dead-lettered.
    if (failsForGood(error)) return "failed";
    throw error;
  }
  // The mail has left: its record is retried through a short outage, then handed to the Mail worker by event
  // (core/mail/sent-record.ts), never failed back into the queue (a retried event would mail the customer the
  // same reply again; the lease keeps a redelivery away meanwhile).
  const record: SentRecord = {
    kind: "reply",
    entryId,
    attempts,
    messageId: sent.messageId,
    providerMessageId: sent.providerMessageId,
    from: sent.from,
    to: [requester],
    cc,
    subject,
    at: new Date().toISOString(),
  };
  await recordSent(`reply ${entryId} delivery`, ticketId, record, () =>
    entryEntity.patch({ ticketId, entryId }).set(replySentMark(record)).go(),
  );
  // The reply's delivery shows in the agent's view, its version unmoved: the view stamp tells cached copies.
  await bumpViewStampOrLog(ticketId);
  return "sent";
}

/**
 * Tells the assigned agent that the customer wrote. At most once per message, at least once: the send is a lease
 * (core/claim.ts) — a run that dies between claiming and sending (a Lambda timeout in a slow SES call) leaves a
 * lease the next delivery takes over, where a mark set before sending would have dropped the notice for good.
 * `notifiedAt` on the entry records it once sent (and answers later deliveries without reading the claim).
 */
export async function notifyAssignee(
  ticketId: string,
  entryId: string,
  now = new Date(),
): Promise<DeliveryOutcome> {
  const { ticket, entries } = await getTicketWithTimeline(ticketId);
  const entry = entries.find((e) => e.entryId === entryId);
  if (!entry || entry.notifiedAt) return entry?.notifiedAt ? "already_sent" : "skipped";
  if (!ticket.assigneeId || entry.mail?.automatic?.length) return "skipped";
  const agent = await notifiable(await getAgentItem(ticket.assigneeId));
  if (!agent) return "skipped";
  const to = mailboxOrNull(agent.email, agent.name);
  if (!to) return "skipped";

  const { publicUrl } = config();
  const deskName = await deskNames();
  // In the agent's language, as the assignment and mention notices.
  const fr = agent.locale === "fr";
  const who = mailboxText(ticket.requesterEmail, ticket.requesterName, agent.locale);
  const open = `${publicUrl}/app/tickets/${ticket.ticketId}`;
  const subject = fr
    ? `[#${ticket.number}] ${personName(ticket.requesterName, ticket.requesterEmail)} a écrit : ${inLanguage(ticket.subject, "fr")}`
    : `[#${ticket.number}] ${personName(ticket.requesterName, ticket.requesterEmail)} wrote: ${ticket.subject}`;
  const text = fr
    ? `${who} a écrit sur le ticket #${ticket.number} :\n\n${inLanguage(entry.body ?? "", "fr")}\n\nL'ouvrir : ${open}\n\n— ${signature(deskName, "fr")}`
    : `${who} wrote on ticket #${ticket.number}:\n\n${entry.body ?? ""}\n\nOpen it: ${open}\n\n— ${signature(deskName, "en")}`;
  const outcome = await sendAutoMailOnce(
    "notified",
    entryId,
    ticket,
    { to, subject, text, locale: fr ? "fr" : "en" },
    {
      body: `Notified ${agent.name} of the customer's message.`,
      what: said("notified_customer_message", { agent: agent.agentId }),
    },
    now,
  );
  await recordAfterSend(`entry ${entryId} notice mark`, () =>
    store().entities.entry.patch({ ticketId, entryId }).set({ notifiedAt: now.toISOString() }).go(),
  );
  return outcome;
}
