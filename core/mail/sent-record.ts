import { recordAfterSend } from "../after-send.ts";
import type { MailRecordDeferred } from "../events/schema.ts";
import { newId } from "../ids.ts";
import { log } from "../log.ts";
import type { EventText } from "../ticket/event-text.ts";
import type { Mailbox } from "./address.ts";

/** The record of a mail that left, as the deferred event carries it. */
export type SentRecord = MailRecordDeferred["record"];

/**
 * Writes the record of a mail that has left (a reply's "sent" mark, an automatic mail's timeline line). Retried
 * through a short outage (core/after-send.ts); past that budget the record is handed to the events topic, which
 * does not depend on DynamoDB: the Mail worker writes it once the table answers (`writeDeferredRecord`), its
 * failures going through the retry rounds to DeadLetters like any event. Never throws: an error here would make
 * the caller send the same mail again. True when written here.
 */
export async function recordSent(
  what: string,
  ticketId: string,
  record: SentRecord,
  write: () => Promise<unknown>,
): Promise<boolean> {
  if (await recordAfterSend(what, write)) return true;
  const event: MailRecordDeferred = {
    type: "ticket.mail_record",
    id: newId(),
    occurredAt: new Date().toISOString(),
    ticketId,
    record,
  };
  try {
    // Imported here, on this rare path: the SNS client stays out of the Mail and Acknowledge workers' cold start.
    const { publishEvent } = await import("../events/publish.ts");
    await publishEvent(event);
    log.warn("mail sent, record handed to the Mail worker", { what, eventId: event.id });
  } catch (error) {
    // Both DynamoDB and SNS away: the agent's view says the delivery is not confirmed (web/app reply-delivery.ts).
    log.error("mail sent, record neither written nor handed off", { what, ticketId, error: String(error) });
  }
  return false;
}

/** The envelope of a mail the desk sent, as the timeline keeps it: addresses apart from the sender's name. */
export const sentEnvelope = (from: Mailbox, to: Mailbox[], cc: Mailbox[] = []) => ({
  from: from.address,
  fromName: from.name,
  to: to.map((m) => m.address),
  cc: cc.map((m) => m.address),
});

/** A reply's "sent" mark as stored on its entry. */
export function replySentMark(record: Extract<SentRecord, { kind: "reply" }>) {
  return {
    delivery: {
      status: "sent" as const,
      attempts: record.attempts,
      messageId: record.messageId,
      providerMessageId: record.providerMessageId,
      at: record.at,
    },
    mail: {
      messageId: record.messageId,
      ...sentEnvelope(record.from, record.to, record.cc),
      subject: record.subject,
    },
  };
}

/** An automatic mail's timeline line as `recordAutoMail` takes it. */
export function autoMailLine(record: Extract<SentRecord, { kind: "auto_mail" }>) {
  return {
    id: record.entryId,
    body: record.body,
    ...(record.what ? { what: record.what as EventText } : {}),
    mail: {
      messageId: record.messageId,
      ...sentEnvelope(record.from, record.to, record.cc),
      subject: record.subject,
      ...(record.inReplyTo ? { inReplyTo: record.inReplyTo } : {}),
    },
    delivery: {
      status: "sent" as const,
      messageId: record.messageId,
      providerMessageId: record.providerMessageId,
      at: record.at,
    },
  };
}
