// An agent changes a ticket's fields (status, priority, tier, team, assignee, tags, CC), each change on the timeline.
import { assertAssignable, assertCategory, assertTeam } from "../agent/directory.ts";
import { DeskError } from "../error.ts";
import type { ExpectedVersion } from "../expected-version.ts";
import type { DeskAddresses } from "../mail/automatic.ts";
import { deskAddresses } from "../mail/desk-addresses.ts";
import { asciiDomain, isCopyable } from "../mail/sender.ts";
import { TIERS } from "../store/entities/ticket.ts";
import type { TicketItem } from "../store/index.ts";
import { assignmentEvents, assignmentNote, namesOfAgents } from "./assignment.ts";
import { changeTicket } from "./commit.ts";
import type { TicketPatch } from "./input.ts";
import { assertTransition } from "./lifecycle.ts";
import { type AgentActor, type Change, categorized, eventEntry, touched, withStatus } from "./write-parts.ts";

/** An agent changes fields of a ticket (If-Match required, `*` included: undefined). Each change lands on the timeline. */
export async function updateTicket(
  ticketId: string,
  patch: TicketPatch,
  actor: AgentActor,
  expectedVersion: ExpectedVersion,
  now = new Date(),
): Promise<TicketItem> {
  const [desk] = await Promise.all([
    patch.cc !== undefined ? deskAddresses() : undefined,
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
      const cc = copyList(patch.cc, before, desk!);
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

/**
 * The CC list an agent sets: each address once (lower case, domain in ASCII), in the order given. One already
 * copied stays as it is; a new one must be an address that can receive the desk's mail (400 for a malformed one,
 * a no-reply box or one of the desk's own addresses, aliases included: 400 `cc_not_copyable`) and not the requester, who gets every mail already
 * (400 `cc_requester`: answering 200 with the address left out would tell the agent nothing). Each names the
 * addresses it refuses in `params.addresses`, for a client to say in its own words.
 */
function copyList(addresses: string[], before: TicketItem, desk: DeskAddresses): string[] {
  const current = before.cc ?? [];
  const list = [...new Set(addresses.map((a) => asciiDomain(a.trim().toLowerCase())))];
  const added = list.filter((a) => !current.includes(a));
  const refused = added.filter((a) => !isCopyable(a, null, desk));
  if (refused.length > 0) {
    const message = `Cannot copy ${refused.join(", ")}: not a valid address, a no-reply box or the desk itself`;
    throw new DeskError("validation", "cc_not_copyable", message, {
      fields: { cc: message },
      params: { addresses: refused },
    });
  }
  const requester = added.find((a) => a === before.requesterEmail.toLowerCase());
  if (requester) {
    const message = `Cannot copy ${requester}: the requester, who gets every mail of the ticket already`;
    throw new DeskError("validation", "cc_requester", message, {
      fields: { cc: message },
      params: { addresses: [requester] },
    });
  }
  // Copied before they became the requester (a merge, a changed requester): left out, as they get every mail.
  return list.filter((a) => a !== before.requesterEmail);
}
