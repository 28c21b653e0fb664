import { config } from "../config.ts";
import { newId } from "../ids.ts";
import { addVendorMessage, isFromVendor } from "../sla/vendor.ts";
import { type EntryItem, store } from "../store/index.ts";
import { addCustomerMessage } from "../ticket/change.ts";
import { DuplicateMessageError, type MessageRefRecord } from "../ticket/commit.ts";
import { createTicket } from "../ticket/create.ts";
import { automaticReasons, detectLocale, isDeskAddress, receiptVerdicts } from "./automatic.ts";
import { bareAddress } from "./message-id.ts";
import { messageKey } from "./outbound.ts";
import { MAX_ATTACHMENT_BYTES, type ParsedMail, parseMail } from "./parse.ts";
import { countStoredBytes, readObject, storeFiles } from "./raw-store.ts";
import { suppress } from "./suppression.ts";
import { findThread } from "./threading.ts";

export type InboundOutcome =
  | { outcome: "created"; ticketId: string }
  | { outcome: "threaded"; ticketId: string; by: string }
  | { outcome: "duplicate" | "quarantined" | "ignored"; reason?: string };

const MAX_CC = 20;

async function keepAttachments(
  mail: ParsedMail,
  entryId: string,
): Promise<NonNullable<EntryItem["attachments"]>> {
  return Promise.all(
    mail.attachments.map(async (a, i) => {
      const listed = { name: a.filename, contentType: a.contentType, size: a.size, inline: a.inline };
      if (a.size > MAX_ATTACHMENT_BYTES) {
        return {
          ...listed,
          omitted: `larger than ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB; kept in the original message`,
        };
      }
      const [stored] = await storeFiles(`${entryId}/${i}`, [
        { name: a.filename, contentType: a.contentType, content: a.content },
      ]);
      return { ...listed, key: stored!.key };
    }),
  );
}

/**
 * Files one raw message stored at `rawKey`: parse it, drop a duplicate (same Message-ID, or same bytes when it
 * has none), quarantine a virus, thread it into its ticket or open a new one. The message reference is written
 * in the same transaction as the ticket change, so a redelivery or a second copy files nothing.
 */
export async function fileInboundMail(rawKey: string, now = new Date()): Promise<InboundOutcome> {
  const raw = await readObject(rawKey);
  const mail = await parseMail(raw);
  const key = messageKey(mail.messageId);
  const { data: seen } = await store().entities.messageRef.get({ messageId: key }).go({ consistent: true });
  if (seen)
    return { outcome: "duplicate", reason: seen.direction === "out" ? "the desk's own message" : undefined };
  // The raw message stays in the bucket: its bytes count toward the desk's storage (a second copy does not).
  await countStoredBytes(raw.length);

  const { secret, mailFrom } = config();
  const at = now.toISOString();
  const ref: MessageRefRecord = { messageId: key, direction: "in", outcome: "filed", rawKey, createdAt: at };
  const ignore = async (outcome: "quarantined" | "ignored", reason: string): Promise<InboundOutcome> => {
    await store()
      .entities.messageRef.create({ ...ref, outcome, reason })
      .go()
      .catch(() => {});
    return { outcome, reason };
  };

  const verdicts = receiptVerdicts(mail);
  if (verdicts.virusVerdict === "FAIL") return ignore("quarantined", "virus verdict");
  if (!mail.from) return ignore("ignored", "no sender address");
  const deskAddress = bareAddress(mailFrom);
  if (isDeskAddress(mail.from.address, deskAddress))
    return ignore("ignored", "sent from the desk's own address");

  const automatic = automaticReasons(mail, deskAddress);
  const thread = await findThread(mail, secret);
  const bounce = automatic.includes("bounce");
  if (!thread && bounce) return ignore("ignored", "a delivery report for no message of the desk");

  const entryId = newId(now);
  const extras = {
    entryId,
    html: mail.html ?? undefined,
    attachments: await keepAttachments(mail, entryId),
    mail: {
      messageId: mail.messageId,
      from: mail.from.address,
      to: mail.to,
      cc: mail.cc,
      subject: mail.subject,
      inReplyTo: mail.inReplyTo ?? undefined,
      references: mail.references,
      ...verdicts,
      automatic,
      threadedBy: thread?.by ?? "new",
      rawKey,
      truncated: mail.truncated,
      signed: mail.signed,
    },
  };
  const body = mail.visibleText || (mail.attachments.length ? "(attachments only)" : "(no text)");
  const others = [...mail.to, ...mail.cc].filter(
    (a) => a !== mail.from!.address && !isDeskAddress(a, deskAddress),
  );

  try {
    if (thread) {
      // A bounce of the desk's own mail (proved by our signed Message-ID): stop mailing that address.
      if (bounce && thread.by === "references" && mail.report?.status?.startsWith("5")) {
        for (const recipient of mail.report.recipients)
          await suppress(recipient, "bounce", `${mail.report.status} (${mail.subject})`);
      }
      if (
        thread.ticket.status !== "closed" &&
        !automatic.length &&
        (await isFromVendor(thread.ticket, mail.from.address))
      ) {
        const from = { name: mail.from.name, email: mail.from.address };
        await addVendorMessage(thread.ticket.ticketId, { body, from, extras, messageRef: ref }, now);
        return { outcome: "threaded", ticketId: thread.ticket.ticketId, by: thread.by };
      }
      if (thread.ticket.status !== "closed") {
        const from = { name: mail.from.name, email: mail.from.address };
        await addCustomerMessage(
          thread.ticket.ticketId,
          { body, channel: "email", from, extras, automatic: automatic.length > 0, messageRef: ref },
          now,
        );
        return { outcome: "threaded", ticketId: thread.ticket.ticketId, by: thread.by };
      }
      if (automatic.length > 0) return ignore("ignored", "automatic mail to a closed ticket");
    }
    const spam = verdicts.spamVerdict === "FAIL";
    const { ticket } = await createTicket(
      {
        name: mail.from.name.slice(0, 200),
        email: mail.from.address,
        subject: (mail.subject || "(no subject)").slice(0, 200),
        message: body,
        locale: detectLocale(`${mail.subject}\n${mail.visibleText}`),
        channel: "email",
        cc: others.slice(0, MAX_CC),
        status: spam ? "solved" : "new",
        tags: spam ? ["spam"] : undefined,
        linkedTicketId: thread?.ticket.ticketId,
        firstEntry: extras,
      },
      { type: "customer", name: mail.from.name, email: mail.from.address },
      { now, messageRef: ref },
    );
    return { outcome: "created", ticketId: ticket.ticketId };
  } catch (error) {
    if (error instanceof DuplicateMessageError) return { outcome: "duplicate" };
    throw error;
  }
}
