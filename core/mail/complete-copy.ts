import { outboxRecord, publishStored } from "../events/publish.ts";
import type { DeskEvent } from "../events/schema.ts";
import { newId } from "../ids.ts";
import { log } from "../log.ts";
import { type EntryItem, store } from "../store/index.ts";
import { markDeskChanged } from "../ticket/changes.ts";
import type { MessageRefRecord } from "../ticket/commit.ts";
import { bumpViewStampOrLog } from "../ticket/view-stamp.ts";
import { type DeskAddresses, receiptVerdicts } from "./automatic.ts";
import type { ParsedMail } from "./parse.ts";
import { readObject } from "./raw-store.ts";
import { authorAddresses, chooseRequester } from "./sender.ts";

/**
 * A relay that gave up mid-message and delivered again (or an upload cut and retried) leaves the desk two copies
 * with one Message-ID: the first cut short (parse.ts marks it `incomplete`), the second whole. The cut one was
 * filed as it came, and the Message-ID dedupe would drop the whole one. Instead the complete copy is filed on the
 * same ticket as the complete text of that message: a new entry placed right after the cut one, by the same
 * author, with the complete body, HTML, attachments and original; the cut entry is marked superseded and stays
 * (agents see both, the customer only the complete one).
 *
 * It is the same message, so nothing happens again: the ticket (status, SLA clocks, CC, triage, the
 * acknowledgement) is left as the first copy left it, and the assignee, told about the cut copy, is not told
 * twice. Its one event (`ticket.customer_message`, not a reopening) lets search index the complete words. The
 * message reference is completed in the same transaction: a third copy, or a cut one after the complete one, is
 * a duplicate.
 */

/** The id of a cut entry's complete copy: the cut id and a suffix, so the timeline shows it right after. */
export const completeEntryId = (cutEntryId: string) => `${cutEntryId}.complete`;

/** Whether `copy` completes the message filed as `seen`: that filing was cut short, this copy is whole. */
export function completesCutCopy(seen: MessageRefRecord, copy: { incomplete: boolean }): boolean {
  return (
    seen.direction === "in" &&
    seen.outcome === "filed" &&
    seen.incomplete === true &&
    Boolean(seen.ticketId && seen.entryId) &&
    !copy.incomplete
  );
}

/**
 * Whether `raw` is the very message filed cut short as `seen`, whole. The complete copy takes the cut one's place
 * (the customer then sees only it), and a Message-ID is no secret: the people copied on the message, a list, or
 * anyone it was forwarded to know it. So the copy must come from the cut entry's author (From, Sender or the
 * requester the desk chose: the same headers choose the same), must not fail its domain's DMARC, and its body must
 * start with every byte the cut copy's body had. Its header block is not compared: a retry passes through relays
 * of its own, which add trace headers on top; line endings are not either (a copy uploaded with LF).
 */
export async function continuesCutCopy(
  seen: MessageRefRecord,
  raw: Buffer,
  mail: ParsedMail,
  desk: DeskAddresses,
): Promise<boolean> {
  if (!seen.ticketId || !seen.entryId || !seen.rawKey) return false;
  if (receiptVerdicts(mail).dmarc === "fail") return false;
  const { data: cut } = await store()
    .entities.entry.get({ ticketId: seen.ticketId, entryId: seen.entryId })
    .go({ consistent: true });
  const author = cut?.mail?.from ?? cut?.authorEmail;
  const requester = chooseRequester(mail, desk);
  if (!author || ![...authorAddresses(mail), requester?.address].includes(author)) return false;
  return bodyStartsWith(raw, await readObject(seen.rawKey));
}

const CR = 0x0d;
const LF = 0x0a;
const isSpace = (byte: number | undefined) => byte === CR || byte === LF || byte === 0x20 || byte === 0x09;

/** Where a message's body starts: after the first empty line (its length when the headers never end). */
function bodyStart(raw: Buffer): number {
  for (let at = raw.indexOf(LF); at >= 0; at = raw.indexOf(LF, at + 1)) {
    if (raw[at + 1] === LF) return at + 2;
    if (raw[at + 1] === CR && raw[at + 2] === LF) return at + 3;
  }
  return raw.length;
}

/** Whether the body of `whole` starts with the body of `cut` (its trailing blanks aside), CRLF read as LF. */
export function bodyStartsWith(whole: Buffer, cut: Buffer): boolean {
  let end = cut.length;
  while (end > 0 && isSpace(cut[end - 1])) end--;
  let i = bodyStart(whole);
  let j = bodyStart(cut);
  while (j < end) {
    if (cut[j] === CR && cut[j + 1] === LF) j++;
    else if (whole[i] === CR && whole[i + 1] === LF) i++;
    else if (i < whole.length && whole[i] === cut[j]) {
      i++;
      j++;
    } else return false;
  }
  return true;
}

/** What the complete copy brings: its text, HTML, files and the envelope fields read from it. */
export interface CompleteContent {
  entryId: string;
  body: string;
  html?: string;
  attachments: NonNullable<EntryItem["attachments"]>;
  mail: Partial<NonNullable<EntryItem["mail"]>>;
}

export type CompletedOutcome =
  | { outcome: "completed"; ticketId: string; entryId: string }
  | { outcome: "duplicate"; reason: string; ticketId?: string };

/**
 * Files the complete copy of the message `seen` filed cut short, beside it. Who wrote it, how it was threaded,
 * whether it is held or automatic, and whom it did not copy stay the cut entry's: those were decided on the
 * headers, which both copies share.
 */
export async function fileCompleteCopy(
  key: string,
  seen: MessageRefRecord,
  content: CompleteContent,
  now: Date,
): Promise<CompletedOutcome> {
  const ticketId = seen.ticketId!;
  const { data: cut } = await store()
    .entities.entry.get({ ticketId, entryId: seen.entryId! })
    .go({ consistent: true });
  if (!cut) return { outcome: "duplicate", reason: "the cut copy's entry is gone", ticketId };
  const at = now.toISOString();
  const complete: EntryItem = {
    ticketId,
    entryId: content.entryId,
    kind: cut.kind,
    createdAt: at,
    authorType: cut.authorType,
    authorId: cut.authorId,
    authorName: cut.authorName,
    authorEmail: cut.authorEmail,
    channel: cut.channel,
    body: content.body,
    html: content.html,
    attachments: content.attachments,
    held: cut.held,
    mergedSender: cut.mergedSender,
    // Whoever was told of the message was told once: the Mail worker skips an entry already notified.
    notifiedAt: cut.notifiedAt ?? at,
    supersedes: cut.entryId,
    mail: {
      ...content.mail,
      from: cut.mail?.from,
      fromName: cut.mail?.fromName,
      automatic: cut.mail?.automatic,
      threadedBy: cut.mail?.threadedBy,
      requesterFrom: cut.mail?.requesterFrom,
      notCopied: cut.mail?.notCopied,
    },
  };
  const event: DeskEvent = {
    type: "ticket.customer_message",
    id: newId(now),
    occurredAt: at,
    ticketId,
    entryId: complete.entryId,
    reopened: false,
  };
  // Two copies filed at the same moment: the one whose transaction DynamoDB refused for the other's looks again.
  for (let attempt = 1; ; attempt++) {
    const result = await completeTransaction(key, cut.entryId, complete, event);
    if (!result.canceled) break;
    const codes = result.data.map((r) => r.code);
    if (codes.includes("ConditionalCheckFailed")) return { outcome: "duplicate", reason: "filed", ticketId };
    if (!codes.includes("TransactionConflict") || attempt >= 3)
      throw new Error(`Complete copy transaction canceled: ${JSON.stringify(codes)}`);
    const { data: ref } = await store().entities.messageRef.get({ messageId: key }).go({ consistent: true });
    if (ref?.incomplete !== true) return { outcome: "duplicate", reason: "filed", ticketId };
  }
  await Promise.all([
    publishStored([event]),
    // The ticket's version does not move (nothing of the ticket changes): its view stamp tells open pages.
    bumpViewStampOrLog(ticketId),
    markDeskChanged().catch((error: unknown) =>
      log.warn("complete copy: desk change marker not moved", { ticketId, error: String(error) }),
    ),
  ]);
  return { outcome: "completed", ticketId, entryId: complete.entryId };
}

/** The complete entry, the cut one marked, the reference completed and the event's outbox item: all or nothing. */
function completeTransaction(key: string, cutEntryId: string, complete: EntryItem, event: DeskEvent) {
  const { ticketId } = complete;
  return store()
    .transaction.write(({ entry, messageRef, outbox }) => [
      entry.create(complete).commit(),
      entry
        .patch({ ticketId, entryId: cutEntryId })
        .set({ supersededBy: complete.entryId })
        .where(({ supersededBy }, { notExists }) => notExists(supersededBy))
        .commit(),
      // Completed once: a second complete copy racing this one finds the reference completed.
      messageRef
        .patch({ messageId: key })
        .set({ incomplete: false, completedBy: complete.entryId })
        .where(({ incomplete }, { eq }) => eq(incomplete, true))
        .commit(),
      outbox.create(outboxRecord(event)).commit(),
    ])
    .go();
}
