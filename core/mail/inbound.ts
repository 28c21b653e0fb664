import { config } from "../config.ts";
import { newId } from "../ids.ts";
import { log } from "../log.ts";
import { store, type TicketItem } from "../store/index.ts";
import { DuplicateMessageError, type MessageRefRecord } from "../ticket/commit.ts";
import { createTicket } from "../ticket/create.ts";
import { NO_SUBJECT } from "../ticket/placeholder-text.ts";
import { mayBeStored } from "../ticket/write-outcome.ts";
import { MAX_TICKET_CC } from "../ticket/write-parts.ts";
import {
  automaticReasons,
  type DeskAddresses,
  detectLocale,
  isDeskAddress,
  nullSender,
  receiptVerdicts,
} from "./automatic.ts";
import { fromDaemon, readPlainTextBounce } from "./bounce-text.ts";
import { calendarEvent, calendarKey } from "./calendar-event.ts";
import { completeEntryId, completesCutCopy, continuesCutCopy, fileCompleteCopy } from "./complete-copy.ts";
import { deskAddresses } from "./desk-addresses.ts";
import { bounded, fileIntoThread } from "./inbound-thread.ts";
import { bodyOf, clip, envelopeOf, keepAttachments } from "./mail-entry.ts";
import { type ParsedMail, parseMail } from "./parse.ts";
import { countStoredBytes, deleteStoredFiles, readObject } from "./raw-store.ts";
import {
  authorAddresses,
  chooseRequester,
  fromDesk,
  isCopyable,
  mayCopyOthers,
  type Requester,
} from "./sender.ts";
import { withoutReplyPrefixes } from "./subject.ts";
import { findThread } from "./threading.ts";
import {
  isDeterministicFailure,
  keyOf,
  recordSetAside,
  recordUnfiled,
  type SetAsideReason,
  type UnfiledReason,
} from "./unfiled.ts";

export type InboundOutcome =
  | { outcome: "created"; ticketId: string }
  | { outcome: "threaded"; ticketId: string; by: string; held?: boolean }
  | { outcome: "completed"; ticketId: string; entryId: string }
  | { outcome: "duplicate" | "quarantined" | "ignored"; reason?: string; ticketId?: string }
  | { outcome: "unfiled"; unfiledId: string; reason: UnfiledReason };

/** What an admin decided when filing an unfiled message by hand: who asked, and always as a new ticket. */
export interface ByHand {
  requester: { address: string; name: string };
}

/**
 * Files one raw message stored at `rawKey`: parse it, drop a duplicate (same Message-ID, or same bytes when it
 * has none), quarantine a virus, thread it into its ticket or open a new one. The message reference is written
 * in the same transaction as the ticket change, so a redelivery or a second copy files nothing. A message that
 * cannot be filed for a reason that would fail the same way again (no usable sender, too large to
 * store) lands in the admins' unfiled list instead of failing: nothing is dropped, nothing dead-letters.
 */
export async function fileInboundMail(
  rawKey: string,
  now = new Date(),
  byHand?: ByHand,
): Promise<InboundOutcome> {
  // The desk's setting beside the object's read (cached a minute): its aliases are the desk's addresses (never
  // copied, never a requester, mail from one is a loop) and its admin-set names tell its quoted earlier mail
  // (core/mail/parse.ts). Unreadable, the filing fails and is tried again: no loop is decided without them.
  const [raw, desk] = await Promise.all([readObject(rawKey), deskAddresses()]);
  // parseMail never throws: a message it cannot read in full is filed with what it could read, and a note.
  const mail = await parseMail(raw);
  const key = keyOf(raw, mail);
  try {
    return await fileParsed(mail, raw, rawKey, key, now, byHand, desk);
  } catch (error) {
    if (byHand || !isDeterministicFailure(error)) throw error;
    const reason = /item size|size has exceeded/i.test(String(error)) ? "too_large" : "failed";
    return recordUnfiled({ raw, rawKey, mail, key, now }, reason, String(error), true);
  }
}

async function fileParsed(
  mail: ParsedMail,
  raw: Buffer,
  rawKey: string,
  key: string,
  now: Date,
  byHand: ByHand | undefined,
  desk: DeskAddresses,
): Promise<InboundOutcome> {
  const { data: seen } = await store().entities.messageRef.get({ messageId: key }).go({ consistent: true });
  // The complete copy of a message first filed cut short is filed beside it (core/mail/complete-copy.ts).
  const completing =
    seen &&
    !byHand &&
    completesCutCopy(seen, mail) &&
    receiptVerdicts(mail).virusVerdict !== "FAIL" &&
    (await continuesCutCopy(seen, raw, mail, desk));
  if (seen && !completing)
    return {
      outcome: "duplicate",
      reason: seen.direction === "out" ? "the desk's own message" : seen.outcome,
      ticketId: seen.ticketId,
    };

  // The raw message stays in the bucket: its bytes count toward the desk's storage (a second copy does not;
  // a message filed by hand was counted when it arrived).
  const counted = byHand ? 0 : raw.length;
  await countStoredBytes(counted);
  // What this attempt stored besides: taken back if it files nothing (a retry stores and counts anew, and the
  // loser of a race with a second copy leaves nothing behind), so a throttled filing is not counted per attempt.
  const stored: { key: string; size: number }[] = [];
  const takeBack = () =>
    Promise.all([deleteStoredFiles(stored), countStoredBytes(-counted)]).catch((cleanup: unknown) =>
      log.warn("inbound mail: a failed attempt's bytes not taken back", { rawKey, error: String(cleanup) }),
    );
  let outcome: InboundOutcome;
  try {
    outcome =
      seen && completing
        ? await fileCompleted(mail, rawKey, key, seen, now, stored)
        : await fileUnseen(mail, raw, rawKey, key, now, byHand, stored, desk);
  } catch (error) {
    // Unless the error hides a filing that was stored (an answer lost after the commit): its entry lists the
    // files, and a redelivery will find the message filed and count nothing again.
    if (!mayBeStored(error)) await takeBack();
    throw error;
  }
  if (outcome.outcome !== "duplicate") return outcome;
  // Filed by a second copy at the same moment: that copy's bytes and files are the ones kept. When that copy
  // was the message cut short, this whole one completes it (once: the reference exists now).
  await takeBack();
  return !seen && !byHand && !mail.incomplete
    ? fileParsed(mail, raw, rawKey, key, now, byHand, desk)
    : outcome;
}

/** The complete copy's content, filed beside the cut copy's entry: the envelope, text, HTML and files of its own. */
async function fileCompleted(
  mail: ParsedMail,
  rawKey: string,
  key: string,
  seen: MessageRefRecord,
  now: Date,
  stored: { key: string; size: number }[],
): Promise<InboundOutcome> {
  const entryId = completeEntryId(seen.entryId!);
  const content = {
    entryId,
    body: bodyOf(mail),
    html: mail.html ?? undefined,
    // Stored under a prefix of this attempt's own: two complete copies racing share the entry id, and the loser
    // takes its files back without touching the winner's.
    attachments: await keepAttachments(mail, { ticketId: seen.ticketId!, entryId, part: newId(now) }, stored),
    mail: envelopeOf(mail, rawKey),
  };
  return fileCompleteCopy(key, seen, content, now);
}

async function fileUnseen(
  mail: ParsedMail,
  raw: Buffer,
  rawKey: string,
  key: string,
  now: Date,
  byHand: ByHand | undefined,
  stored: { key: string; size: number }[],
  desk: DeskAddresses,
): Promise<InboundOutcome> {
  const { secrets } = config();
  const at = now.toISOString();
  const ref: MessageRefRecord = {
    messageId: key,
    direction: "in",
    outcome: "filed",
    rawKey,
    createdAt: at,
    // A copy cut short: a complete one with the same Message-ID will still be filed (core/mail/complete-copy.ts).
    ...(mail.incomplete ? { incomplete: true } : {}),
  };
  const setAside = (outcome: "quarantined" | "ignored", reason: SetAsideReason, detail: string) =>
    recordSetAside({ raw, rawKey, mail, key, now }, outcome, reason, detail);

  const verdicts = receiptVerdicts(mail);
  if (verdicts.virusVerdict === "FAIL") return setAside("quarantined", "virus", "virus verdict");
  if (!byHand && fromDesk(mail, desk))
    return setAside("ignored", "own_address", "sent from the desk's own address");
  const requester: Requester | null = byHand
    ? { ...byHand.requester, source: "from" }
    : chooseRequester(mail, desk);
  if (!requester) {
    return recordUnfiled(
      { raw, rawKey, mail, key, now },
      "no_sender",
      "No valid address in Reply-To, From or Sender",
    );
  }

  const automatic = automaticReasons(mail, desk);
  const bounce = automatic.includes("bounce");
  const plainBounce = bounce && !mail.isReport ? readPlainTextBounce(mail) : null;
  // Who wrote it, for threading and CC: From and Sender only (anyone can set a Reply-To, DMARC covers none).
  const identities = byHand ? [requester.address] : authorAddresses(mail);
  const thread = byHand ? null : await findThread(mail, secrets, identities, plainBounce?.messageIds ?? []);
  // Dropped unread only when a machine sent it (a delivery report, a notice from the null sender or a daemon): a
  // "bounce" a person sent about no message of ours is filed as a ticket, never lost. The null sender alone makes
  // no bounce (automatic.ts): a person's mail with an empty Return-Path is filed, unanswered.
  const machineBounce = mail.isReport || nullSender(mail) || fromDaemon(mail);
  if (!byHand && !thread && bounce && machineBounce)
    return setAside("ignored", "stray_report", "a delivery report for no message of the desk");
  if (!byHand && !thread && automatic.includes("feedback report"))
    return setAside("ignored", "stray_report", "a spam report for no message of the desk");
  if (!byHand && !thread && automatic.includes("read receipt"))
    return setAside("ignored", "stray_report", "a read receipt for no message of the desk");

  const entryId = newId(now);
  // The ticket the entry will be written to, named by its files' keys (file-keys.ts): every branch below files
  // into the thread's ticket unless it is closed, when a new ticket (this id) is opened or the mail set aside.
  const ticketId = thread && thread.ticket.status !== "closed" ? thread.ticket.ticketId : newId(now);
  const extras = {
    entryId,
    html: mail.html ?? undefined,
    attachments: await keepAttachments(mail, { ticketId, entryId }, stored),
    mail: {
      ...envelopeOf(mail, rawKey),
      from: requester.address,
      automatic,
      threadedBy: thread?.by ?? "new",
      requesterFrom: requester.source,
    },
  };
  const body = bodyOf(mail);
  // Who the requester copied: never a list, a daemon, a no-reply box, the desk, or the requester again.
  const copied = [...new Set([...mail.to, ...mail.cc])].filter(
    (a) => a !== requester.address && isCopyable(a, mail, desk),
  );
  // A desk address in neither To nor Cc: the desk was blind-copied (or reached through a list or forward), and
  // whom the mail openly named never wrote to the desk: nobody is copied, as a Bcc'd person never replies to all.
  const blindCopied = ![...mail.to, ...mail.cc].some((a) => isDeskAddress(a, desk));
  const from = { name: clip(requester.name, 200), email: requester.address };

  try {
    if (thread) {
      const filed = await fileIntoThread({
        mail,
        thread,
        requester,
        identities,
        automatic,
        verdicts,
        plainBounce,
        secrets,
        body,
        from,
        extras,
        copied,
        blindCopied,
        ref,
        now,
        setAside,
      });
      if (filed) return filed;
    }
    const spam = verdicts.spamVerdict === "FAIL";
    // The same rule on a new ticket: a forged From (or a Reply-To, which nobody vouches for) copying a stranger
    // would have every answer meant for the requester mailed to that stranger.
    const cc =
      !blindCopied && mayCopyOthers(mail, requester.address, verdicts) ? copied.slice(0, MAX_TICKET_CC) : [];
    const notCopied = copied.filter((a) => !cc.includes(a));
    const { ticket } = await createTicket(
      {
        name: from.name,
        email: requester.address,
        subject: clip(newTicketSubject(mail.subject, thread ?? undefined), 200),
        message: body,
        locale: detectLocale(`${mail.subject.slice(0, 2000)}\n${mail.visibleText}`),
        channel: "email",
        cc,
        status: spam ? "solved" : "new",
        tags: spam ? ["spam"] : undefined,
        linkedTicketId: thread?.ticket.ticketId,
        firstEntry: { ...extras, mail: { ...extras.mail, notCopied: bounded(notCopied) } },
      },
      { type: "customer", name: from.name, email: requester.address },
      { now, messageRef: ref, ticketId },
    );
    await rememberCalendarEvent(mail, ticket.ticketId, entryId, now);
    return { outcome: "created", ticketId: ticket.ticketId };
  } catch (error) {
    if (error instanceof DuplicateMessageError) return { outcome: "duplicate" };
    throw error;
  }
}

/**
 * A calendar invitation that opened a ticket is remembered by its event's UID (core/mail/calendar-event.ts), so
 * the organizer's update or cancellation of that event threads onto it. Written after the ticket, only once per
 * UID (the first ticket keeps it); lost in a crash in between, the update opens a ticket of its own, as before.
 */
async function rememberCalendarEvent(mail: ParsedMail, ticketId: string, entryId: string, now: Date) {
  const event = calendarEvent(mail);
  if (!event || !["REQUEST", "PUBLISH"].includes(event.method ?? "REQUEST")) return;
  await store()
    .entities.messageRef.create({
      messageId: calendarKey(event.uid),
      direction: "in",
      outcome: "filed",
      ticketId,
      entryId,
      createdAt: now.toISOString(),
    })
    .go()
    .catch((error: unknown) => {
      if (!String(error).includes("conditional request failed"))
        log.warn("inbound mail: calendar event not remembered", { ticketId, error: String(error) });
    });
}

/**
 * A new ticket's subject: the mail's. A mail answering a closed ticket (the new ticket is linked to it) loses its
 * reply prefixes and the closed ticket's `[#n]` (the one it named too, when that was merged into it), so neither
 * the ticket nor its acknowledgement reads "[#22] … : Re: [#19] suite"; any other `[#n]` is the customer's words
 * and stays. When nothing else is left, the closed ticket's own subject.
 */
function newTicketSubject(
  subject: string,
  closed: { ticket: TicketItem; named: TicketItem } | undefined,
): string {
  if (closed)
    return (
      withoutReplyPrefixes(subject, [closed.ticket.number, closed.named.number]) || closed.ticket.subject
    );
  return subject || NO_SUBJECT;
}
