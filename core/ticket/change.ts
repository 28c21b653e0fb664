import { assertAssignable, assertCategory, assertTeam } from "../agent/directory.ts";
import { config } from "../config.ts";
import { DeskError } from "../error.ts";
import type { DeskEvent } from "../events/schema.ts";
import { newId } from "../ids.ts";
import { mailboxText } from "../mail/address.ts";
import { bareAddress } from "../mail/message-id.ts";
import { asciiDomain, isCopyable } from "../mail/sender.ts";
import { TIERS } from "../store/entities/ticket.ts";
import type { EntryItem, TicketItem } from "../store/index.ts";
import { cleanLine } from "../text.ts";
import { assignmentEvents, assignmentNote, namesOfAgents } from "./assignment.ts";
import { fromBase64, type UploadedFile, withStoredUploads } from "./attachments.ts";
import { changeTicket, loadTicketItem, type MessageRefRecord, staleVersion } from "./commit.ts";
import type { Described, EventText } from "./event-text.ts";
import { keyedMessageRef, messageFingerprint } from "./idempotency-key.ts";
import type { TicketPatch } from "./input.ts";
import {
  assertTransition,
  type Status,
  statusAfterAgentReply,
  statusAfterCustomerMessage,
} from "./lifecycle.ts";
import { findMentions } from "./mentions.ts";
import { type Actor, queueOf } from "./model.ts";

type AgentActor = Extract<Actor, { type: "agent" }>;
export type Change = NonNullable<EntryItem["changes"]>[number];

const authorOf = (actor: Actor) =>
  actor.type === "agent"
    ? {
        authorType: "agent" as const,
        authorId: actor.agentId,
        authorName: actor.name,
        authorEmail: actor.email,
      }
    : actor.type === "customer"
      ? { authorType: "customer" as const, authorName: actor.name, authorEmail: actor.email }
      : { authorType: "system" as const, authorName: actor.name ?? "Desk" };

/** Applies a status change with its timestamps; returns the change for the timeline. */
export function withStatus(ticket: TicketItem, to: Status, at: string): Change | null {
  if (ticket.status === to) return null;
  const from = ticket.status;
  ticket.status = to;
  if (to === "solved") ticket.solvedAt = at;
  if (to === "closed") {
    ticket.closedAt = at;
    ticket.nextCheckAt = "";
  }
  if (from === "solved" && to !== "closed") ticket.reopenCount += 1;
  return { field: "status", from, to };
}

/** The next version of a ticket: bumped version and activity, recomputed queue partitions. */
export function touched(after: TicketItem, before: TicketItem, at: string): TicketItem {
  return { ...after, ...queueOf(after), version: before.version + 1, updatedAt: at, lastActivityAt: at };
}

/**
 * What an agent's change teaches triage: a new category is a correction; solving a ticket confirms the
 * category it has. Either becomes a training example (worker `Triage`).
 */
function categorized(before: TicketItem, after: TicketItem, actor: AgentActor, now: Date): DeskEvent[] {
  if (!after.category) return [];
  const corrected = after.category !== before.category;
  const confirmed = after.status === "solved" && before.status !== "solved";
  if (!corrected && !confirmed) return [];
  return [
    {
      type: "ticket.categorized",
      id: newId(now),
      occurredAt: now.toISOString(),
      ticketId: after.ticketId,
      category: after.category,
      agentId: actor.agentId,
      source: corrected ? "corrected" : "confirmed",
    },
  ];
}

/** A timeline entry saying who changed what (and why, in `body`, when the desk itself did it). */
export function eventEntry(
  ticketId: string,
  actor: Actor,
  changes: Change[],
  now: Date,
  body?: string,
  what?: EventText,
): EntryItem {
  return {
    ticketId,
    entryId: newId(now),
    kind: "event",
    createdAt: now.toISOString(),
    ...authorOf(actor),
    ...(body === undefined ? {} : { body }),
    ...(what === undefined ? {} : { what }),
    changes,
  };
}

/** An agent changes fields of a ticket (If-Match required). Each change lands on the timeline. */
export async function updateTicket(
  ticketId: string,
  patch: TicketPatch,
  actor: AgentActor,
  expectedVersion: number,
  now = new Date(),
): Promise<TicketItem> {
  await Promise.all([
    patch.team ? assertTeam(patch.team) : undefined,
    patch.category ? assertCategory(patch.category) : undefined,
    patch.assigneeId ? assertAssignable(patch.assigneeId) : undefined,
  ]);
  // Names for the timeline's "reassigned from … to …" (the directory is one small Query).
  const names = patch.assigneeId !== undefined ? await namesOfAgents() : new Map<string, string>();
  const at = now.toISOString();
  return changeTicket(ticketId, expectedVersion, (before) => {
    const after = { ...before, tags: [...before.tags] };
    const changes: Change[] = [];
    if (patch.status !== undefined) {
      assertTransition(before.status, patch.status);
      const change = withStatus(after, patch.status, at);
      if (change) changes.push(change);
      if (change && patch.status === "solved") after.solvedBy = "agent";
    }
    const simple = [
      ["priority", patch.priority],
      ["tier", patch.tier],
      ["category", patch.category],
      ["team", patch.team],
      ["assigneeId", patch.assigneeId],
    ] as const;
    for (const [field, value] of simple) {
      if (value === undefined) continue;
      const next = value ?? undefined;
      if (before[field] === next) continue;
      (after as Record<string, unknown>)[field] = next;
      changes.push({ field, from: before[field] ?? undefined, to: next });
    }
    if (after.tier !== before.tier && TIERS.indexOf(after.tier) > TIERS.indexOf(before.tier)) {
      after.escalationReason = patch.escalationReason ?? (after.tier === "L4" ? "vendor" : "unspecified");
      changes.push({ field: "escalationReason", from: before.escalationReason, to: after.escalationReason });
    }
    if (patch.tags !== undefined) {
      const tags = [...new Set(patch.tags)].sort();
      if (tags.join(",") !== [...before.tags].sort().join(",")) {
        after.tags = tags;
        changes.push({ field: "tags", from: before.tags.join(", "), to: tags.join(", ") });
      }
    }
    if (patch.cc !== undefined) {
      const cc = copyList(patch.cc, before);
      if (cc.join(",") !== (before.cc ?? []).join(",")) {
        after.cc = cc;
        changes.push({ field: "cc", from: (before.cc ?? []).join(", "), to: cc.join(", ") });
      }
    }
    if (changes.length === 0) return null;
    const note = assignmentNote(before.assigneeId, after.assigneeId, names);
    return {
      after: touched(after, before, at),
      entries: [eventEntry(ticketId, actor, changes, now, note?.body, note?.what)],
      events: [...categorized(before, after, actor, now), ...assignmentEvents(before, after, actor, now)],
    };
  });
}

/** Refuses a stale If-Match before anything is stored (changeTicket checks again when it writes). */
async function assertVersion(ticketId: string, expectedVersion: number | undefined) {
  if (expectedVersion === undefined) return;
  if ((await loadTicketItem(ticketId)).version !== expectedVersion) throw staleVersion();
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
  expectedVersion?: number,
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
  expectedVersion?: number,
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

/** A ticket copies at most this many addresses. */
export const MAX_TICKET_CC = 20;

/**
 * The CC list an agent sets: each address once (lower case, domain in ASCII), in the order given, never the
 * requester. One already copied stays as it is; a new one must be an address that can receive the desk's mail
 * (400 for a malformed one, a no-reply box or the desk itself).
 */
function copyList(addresses: string[], before: TicketItem): string[] {
  const desk = bareAddress(config().mailFrom);
  const current = before.cc ?? [];
  const list = [...new Set(addresses.map((a) => asciiDomain(a.trim().toLowerCase())))];
  const refused = list.filter((a) => !current.includes(a) && !isCopyable(a, null, desk));
  if (refused.length > 0) {
    const message = `Cannot copy ${refused.join(", ")}: not a valid address, a no-reply box or the desk itself`;
    throw new DeskError("validation", "validation", message, { fields: { cc: message } });
  }
  return list.filter((a) => a !== before.requesterEmail);
}

export interface CustomerMessage {
  body: string;
  channel: string;
  /** Who wrote, when not the requester (someone on CC). */
  from?: { name: string; email: string };
  /** Addresses to add to the ticket's CC (vetted by the caller: the requester put them on To/Cc). */
  addCc?: string[];
  /** Why this message is held for agents (a sender not on the ticket): visible to agents only, changes nothing. */
  held?: string;
  /** Mail fields (envelope, sanitized HTML, attachments) and a pre-chosen entry id. */
  extras?: Pick<EntryItem, "entryId" | "mail" | "html" | "attachments" | "mergedSender" | "via">;
  /** Automatic mail (an out-of-office, a bounce): kept on the timeline, changes nothing, triggers nothing. */
  automatic?: boolean;
  messageRef?: MessageRefRecord;
  /**
   * The message proves the requester reads the ticket's address (mail from it that its domain vouched for, a
   * portal message through a mailed link or a sign-in): the ticket keeps `requesterProven`, set once on this
   * write, so automatic mail may repeat its words (core/mail/echo.ts).
   */
  provesAddress?: boolean;
  /** The ticket as the caller just read it (mail threading): the write starts from it (changeTicket `readAs`). */
  readAs?: TicketItem;
}

/** The customer writes on their ticket: waiting on them ends, a solved ticket reopens. Closed refuses (409). */
export async function addCustomerMessage(
  ticketId: string,
  input: CustomerMessage,
  now = new Date(),
): Promise<{ ticket: TicketItem; entry: EntryItem }> {
  const at = now.toISOString();
  let entry: EntryItem | undefined;
  const decide = (before: TicketItem) => {
    const after = { ...before };
    const author = input.from
      ? { name: cleanLine(input.from.name).trim(), email: input.from.email }
      : { name: before.requesterName, email: before.requesterEmail };
    const customer: Actor = { type: "customer", ...author };
    entry = {
      ticketId,
      entryId: newId(now),
      kind: "customer_message",
      createdAt: at,
      ...authorOf(customer),
      channel: input.channel,
      body: input.body,
      ...input.extras,
    };
    const entries = [entry];
    const messageRef = input.messageRef && { ...input.messageRef, ticketId, entryId: entry.entryId };
    if (input.held) {
      // From someone not on the ticket: agents see it; CC, status and events wait for an agent's decision.
      // Only the assignee hears of it (a person's mail, not a daemon's), so it does not sit unseen.
      entry.held = { reason: input.held };
      const notice: DeskEvent[] =
        before.assigneeId && !input.automatic
          ? [
              {
                type: "ticket.notice",
                id: newId(now),
                occurredAt: at,
                ticketId,
                agentIds: [before.assigneeId],
                subject: `[#${before.number}] Mail from someone not on this ticket: ${before.subject}`,
                text: `${mailboxText(author.email, author.name)} wrote on ticket #${before.number}. Only agents see it; accept it onto the ticket or split it into a new one.\n\n${input.body.slice(0, 2000)}`,
                fr: {
                  subject: `[#${before.number}] Message d'une personne extérieure au ticket : ${before.subject}`,
                  text: `${mailboxText(author.email, author.name, "fr")} a écrit sur le ticket #${before.number}. Seuls les agents le voient ; acceptez-le dans le ticket ou séparez-le en un nouveau ticket.\n\n${input.body.slice(0, 2000)}`,
                },
              },
            ]
          : [];
      return {
        after: { ...after, version: before.version + 1, updatedAt: at },
        entries,
        events: notice,
        messageRef,
      };
    }
    // Rides on this write (a boolean on the ticket put anyway): no request and no unit of its own.
    if (input.provesAddress && !before.requesterProven) after.requesterProven = true;
    // Only addresses the caller vetted join the CC (the requester's own To/Cc), never the author by writing.
    const joining = (input.addCc ?? []).filter((a) => a !== before.requesterEmail && !before.cc?.includes(a));
    if (joining.length) after.cc = [...(before.cc ?? []), ...joining].slice(0, MAX_TICKET_CC);
    if (input.automatic) {
      if (before.status === "closed") assertTransition("closed", "open");
      return {
        after: { ...after, version: before.version + 1, updatedAt: at },
        entries,
        events: [],
        messageRef,
      };
    }
    const reopened = before.status === "solved";
    const change = withStatus(after, statusAfterCustomerMessage(before.status), at);
    if (change) entries.push(eventEntry(ticketId, { type: "system" }, [change], now));
    const event: DeskEvent = {
      type: "ticket.customer_message",
      id: newId(now),
      occurredAt: at,
      ticketId,
      entryId: entry.entryId,
      reopened,
    };
    return { after: touched(after, before, at), entries, events: [event], messageRef };
  };
  const ticket = await changeTicket(ticketId, undefined, decide, input.readAs);
  return { ticket, entry: entry! };
}

/**
 * The customer says they no longer need help (or an article solved it): the ticket is solved on their word,
 * and the timeline says so. Writing again reopens it, as for any solved ticket. Idempotent on a solved ticket.
 */
export async function solveByCustomer(ticketId: string, because: Described | undefined, now = new Date()) {
  const at = now.toISOString();
  return changeTicket(ticketId, undefined, (before) => {
    if (before.status === "solved") return null;
    // The customer's own close sent again once the ticket was closed since (a retry after a lost answer): done.
    if (before.status === "closed" && before.solvedBy === "customer" && !before.mergedInto) return null;
    if (before.status === "closed") assertTransition("closed", "solved");
    const after = { ...before };
    const change = withStatus(after, "solved", at);
    const customer: Actor = { type: "customer", name: before.requesterName, email: before.requesterEmail };
    const entry = eventEntry(ticketId, customer, change ? [change] : [], now, because?.body, because?.what);
    return {
      after: { ...touched(after, before, at), solvedBy: "customer" as const },
      entries: [entry],
      events: [],
    };
  });
}
