import type { EntryItem, TicketItem } from "../store/index.ts";
import type { EventText } from "./event-text.ts";

/** Who is acting: an agent (or API token acting as one), a customer, or the desk itself. */
export type Actor =
  | { type: "agent"; agentId: string; name: string; email: string; role: "admin" | "agent" }
  | { type: "customer"; name: string; email: string }
  | { type: "system"; name?: string };

/** Another ticket as the API names it (merge, links, split). */
export const refOut = (ref: { ticketId: string; number: number; subject?: string }) => ({
  id: ref.ticketId,
  number: ref.number,
  subject: ref.subject ?? null,
});

/** A ticket as the API shows it. */
export function toTicket(item: TicketItem) {
  return {
    id: item.ticketId,
    number: item.number,
    subject: item.subject,
    requester: { name: item.requesterName, email: item.requesterEmail },
    channel: item.channel,
    status: item.status,
    priority: item.priority,
    category: item.category ?? null,
    team: item.team ?? null,
    tier: item.tier,
    escalationReason: item.escalationReason ?? null,
    assigneeId: item.assigneeId ?? null,
    tags: item.tags,
    cc: item.cc ?? [],
    linkedTicketId: item.linkedTicketId ?? null,
    locale: item.locale,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    lastActivityAt: item.lastActivityAt,
    firstResponseAt: item.firstResponseAt ?? null,
    solvedAt: item.solvedAt ?? null,
    closedAt: item.closedAt ?? null,
    reopenCount: item.reopenCount,
    sla: {
      policy: item.slaPolicy ?? null,
      state: item.slaState ?? null,
      firstResponseDueAt: item.firstResponseAt ? null : (item.firstResponseDueAt ?? null),
      resolutionDueAt: item.slaPause ? null : (item.resolutionDueAt ?? null),
      pausedAt: item.slaPause?.at ?? null,
      breached: item.slaBreached ?? [],
      nextCheckAt: item.nextCheckAt || null,
    },
    satisfaction: item.csatRating
      ? { rating: item.csatRating, comment: item.csatComment ?? null, ratedAt: item.csatRatedAt ?? null }
      : null,
    vendor: item.vendorId
      ? {
          id: item.vendorId,
          since: item.vendorSince ?? null,
          dueAt: item.vendorDueAt ?? null,
          respondedAt: item.vendorRespondedAt ?? null,
        }
      : null,
    mergedInto: item.mergedInto ? refOut(item.mergedInto) : null,
    mergedFrom: (item.mergedFrom ?? []).map(refOut),
    links: (item.related ?? []).map(refOut),
    version: item.version,
  };
}
export type Ticket = ReturnType<typeof toTicket>;

/** A timeline entry as the API shows it. */
export function toEntry(item: EntryItem) {
  return {
    id: item.entryId,
    kind: item.kind,
    createdAt: item.createdAt,
    author: {
      type: item.authorType,
      id: item.authorId ?? null,
      name: item.authorName ?? null,
      email: item.authorEmail ?? null,
    },
    channel: item.channel ?? null,
    body: item.body ?? null,
    signature: item.signature ?? null,
    changes: item.changes ?? null,
    what: (item.what as EventText | undefined) ?? null,
    delivery: item.delivery
      ? {
          status: item.delivery.status,
          messageId: item.delivery.messageId ?? null,
          error: item.delivery.error ?? null,
          ...(item.delivery.code ? { code: item.delivery.code } : {}),
          ...(item.delivery.missingFiles ? { missingFiles: item.delivery.missingFiles } : {}),
          ...(item.delivery.status === "sending" && item.delivery.leaseUntil
            ? { leaseUntil: item.delivery.leaseUntil }
            : {}),
        }
      : null,
    /** The Message-ID of the mail this entry came in as or went out as. */
    messageId: item.mail?.messageId ?? item.delivery?.messageId ?? null,
    mail: item.mail
      ? {
          from: item.mail.from ?? null,
          fromName: item.mail.fromName ?? null,
          to: item.mail.to ?? [],
          cc: item.mail.cc ?? [],
          subject: item.mail.subject ?? null,
          inReplyTo: item.mail.inReplyTo ?? null,
          spf: item.mail.spf ?? null,
          dkim: item.mail.dkim ?? null,
          dmarc: item.mail.dmarc ?? null,
          spamVerdict: item.mail.spamVerdict ?? null,
          automatic: item.mail.automatic ?? [],
          threadedBy: item.mail.threadedBy ?? null,
          truncated: item.mail.truncated ?? false,
          signed: item.mail.signed ?? false,
          notCopied: item.mail.notCopied ?? [],
        }
      : null,
    /** A mail from someone not on the ticket, waiting for an agent (accept or split). */
    held: item.held
      ? {
          reason: item.held.reason,
          acceptedAt: item.held.acceptedAt ?? null,
          splitTicketId: item.held.splitTicketId ?? null,
          splitTicketNumber: item.held.splitTicketNumber ?? null,
        }
      : null,
    splitInto: item.splitInto ? refOut(item.splitInto) : null,
    /** A mail cut short in transit whose complete copy came later: that copy's entry (core/mail/complete-copy.ts). */
    supersededBy: item.supersededBy ?? null,
    /** The complete copy of a mail first filed cut short: the cut copy's entry. */
    supersedes: item.supersedes ?? null,
    /** From someone of a merged ticket with another requester: agents see it, the requester does not. */
    mergedSender: item.mergedSender ? refOut(item.mergedSender) : null,
    /** Set on entries of a merged ticket shown in the ticket it was merged into (core/ticket/merged-timeline.ts). */
    fromTicket: null as { id: string; number: number; subject: string | null } | null,
    html: item.html ?? null,
    attachments: (item.attachments ?? []).map((a, index) => ({
      index,
      name: a.name,
      contentType: a.contentType,
      size: a.size,
      inline: a.inline ?? false,
      omitted: a.omitted ?? null,
    })),
  };
}
export type Entry = ReturnType<typeof toEntry>;

/** The work-queue partition of a ticket: its assignee's, or its team's unassigned queue. */
export function queueOf(item: Pick<TicketItem, "assigneeId" | "team">): { queue: string; teamQueue: string } {
  const teamQueue = item.team ?? "none";
  return { queue: item.assigneeId ? `agent:${item.assigneeId}` : `unassigned:${teamQueue}`, teamQueue };
}

/**
 * What the customer sees: their messages and our replies; a mail held for agents only once accepted; never the
 * mail of someone from a merged ticket with another requester (their words are not this requester's to read).
 */
export const isPublic = (entry: Pick<EntryItem, "kind" | "held" | "mergedSender">) =>
  (entry.kind === "customer_message" &&
    !entry.mergedSender &&
    (!entry.held || Boolean(entry.held.acceptedAt))) ||
  entry.kind === "agent_reply";
