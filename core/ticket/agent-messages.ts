// An agent writes on a ticket: a public reply (mailed to the customer) or an internal note (agents only).

import type { DeskEvent } from "../events/schema.ts";
import { type ExpectedVersion, versionMatches } from "../expected-version.ts";
import { newId } from "../ids.ts";
import type { EntryItem, TicketItem } from "../store/index.ts";
import { fromBase64, type UploadedFile, withStoredUploads } from "./attachments.ts";
import { changeTicket, loadTicketItem, staleVersion } from "./commit.ts";
import { keyedMessageRef, messageFingerprint } from "./idempotency-key.ts";
import { assertTransition, type Status, statusAfterAgentReply } from "./lifecycle.ts";
import { findMentions } from "./mentions.ts";
import { type AgentActor, authorOf, categorized, eventEntry, touched, withStatus } from "./write-parts.ts";

/** Refuses a stale If-Match before anything is stored (changeTicket checks again when it writes). */
async function assertVersion(ticketId: string, expectedVersion: ExpectedVersion) {
  if (expectedVersion === undefined) return;
  if (!versionMatches(expectedVersion, (await loadTicketItem(ticketId)).version)) throw staleVersion();
}

/** A public agent reply: delivered to the customer by mail through the sender queue. */
export async function addReply(
  ticketId: string,
  input: {
    body: string;
    status?: Status;
    attachments?: { name: string; contentType: string; contentBase64: string }[];
    /** The caller's Idempotency-Key: the same key again stores nothing (DuplicateMessageError). */
    idempotency?: Idempotency;
    /** The agent's signature now (from the agent item the request signed in with): kept with the reply. */
    signature?: string;
  },
  actor: AgentActor,
  expectedVersion?: ExpectedVersion,
  now = new Date(),
): Promise<{ ticket: TicketItem; entry: EntryItem }> {
  const at = now.toISOString();
  const entryId = newId(now);
  // Stored first under the reply's own id (never a broken entry), after a cheap version check so a stale reply
  // stores nothing; a write that fails anyway takes its files back (withStoredUploads).
  const files = fromBase64(input.attachments);
  const messageRef = keyedRef(input.idempotency, [input.body, input.status], files, ticketId, entryId, now);
  if (files.length) await assertVersion(ticketId, expectedVersion);
  let entry: EntryItem | undefined;
  const ticket = await withStoredUploads({ ticketId, entryId }, files, "agent", (attachments) =>
    changeTicket(ticketId, expectedVersion, (before) => {
      if (before.status === "closed") assertTransition("closed", "open");
      const after = { ...before };
      entry = {
        ticketId,
        entryId,
        kind: "agent_reply",
        createdAt: at,
        ...authorOf(actor),
        channel: "email",
        body: input.body,
        ...(input.signature ? { signature: input.signature } : {}),
        attachments: attachments.length ? attachments : undefined,
        delivery: { status: "queued", attempts: 0 },
      };
      const entries = [entry];
      after.firstResponseAt ??= at;
      after.replyCount = (before.replyCount ?? 0) + 1;
      const change = withStatus(after, statusAfterAgentReply(before.status, input.status), at);
      if (change) entries.push(eventEntry(ticketId, actor, [change], now));
      if (change?.to === "solved") after.solvedBy = "agent";
      const event: DeskEvent = {
        type: "ticket.agent_replied",
        id: newId(now),
        occurredAt: at,
        ticketId,
        entryId: entry.entryId,
        agentId: actor.agentId,
      };
      return {
        after: touched(after, before, at),
        entries,
        events: [event, ...categorized(before, after, actor, now)],
        messageRef,
      };
    }),
  );
  return { ticket, entry: entry! };
}

/** An internal note: agents only, never shown to or sent to the customer. */
export async function addNote(
  ticketId: string,
  input: {
    body: string;
    attachments?: { name: string; contentType: string; contentBase64: string }[];
    idempotency?: Idempotency;
  },
  actor: AgentActor,
  expectedVersion?: ExpectedVersion,
  now = new Date(),
): Promise<{ ticket: TicketItem; entry: EntryItem }> {
  const at = now.toISOString();
  const mentioned = await findMentions(input.body, actor.agentId);
  const entryId = newId(now);
  // As for replies: version checked, then files first under the note's own id, taken back if the write fails.
  const files = fromBase64(input.attachments);
  const messageRef = keyedRef(input.idempotency, [input.body, undefined], files, ticketId, entryId, now);
  if (files.length) await assertVersion(ticketId, expectedVersion);
  let entry: EntryItem | undefined;
  const ticket = await withStoredUploads({ ticketId, entryId }, files, "agent", (attachments) =>
    changeTicket(ticketId, expectedVersion, (before) => {
      entry = {
        ticketId,
        entryId,
        kind: "internal_note",
        createdAt: at,
        ...authorOf(actor),
        body: input.body,
        attachments: attachments.length ? attachments : undefined,
      };
      // Each agent the note names is mailed once for it (the event goes out with the note, in its transaction).
      const events: DeskEvent[] = mentioned.length
        ? [
            {
              type: "ticket.mentioned",
              id: newId(now),
              occurredAt: at,
              ticketId,
              entryId: entry.entryId,
              agentIds: mentioned,
              byName: actor.name,
            },
          ]
        : [];
      return {
        after: touched(before, before, at),
        entries: [entry],
        events,
        messageRef,
      };
    }),
  );
  return { ticket, entry: entry! };
}

/** An agent's Idempotency-Key on a reply or note, and whose keys it is among (`agentEntryScope`). */
type Idempotency = { scope: string; key: string };
/**
 * The reference a keyed reply or note writes, with the fingerprint of what it says (`parts`: its text and status;
 * its files as sent, decoded once here); the route fingerprints a retry the same way to compare.
 */
const keyedRef = (
  idempotency: Idempotency | undefined,
  parts: unknown[],
  files: UploadedFile[],
  ticketId: string,
  entryId: string,
  now: Date,
) =>
  idempotency &&
  keyedMessageRef(
    idempotency.scope,
    idempotency.key,
    ticketId,
    entryId,
    now,
    messageFingerprint(parts, files),
  );
