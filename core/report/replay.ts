import { withSla } from "../sla/clock.ts";
import type { SlaContext } from "../sla/policy.ts";
import type { EntryItem, TicketItem } from "../store/index.ts";
import { type Fact, factsOf } from "./facts.ts";

/** The fields a timeline change records that the report facts or the counters' dimensions read. */
const RECORDED = new Set([
  "status",
  "tags",
  "assigneeId",
  "team",
  "category",
  "priority",
  "tier",
  "escalationReason",
  // Read by the SLA clock (a vendor's wait pauses it): core/sla/clock.ts.
  "vendorId",
]);
const closedish = (s: string | undefined) => s === "solved" || s === "closed";

/** One stored write of a ticket as the replay sees it: the ticket before and after it, and its entries. */
export type ReplayedWrite = {
  at: string;
  before: TicketItem | null;
  after: TicketItem;
  entries: EntryItem[];
  /** What the live path counted for this write (core/report/facts.ts), from the same function. */
  facts: Fact[];
};

const setField = (ticket: TicketItem, field: string, value: string | undefined) => {
  const t = ticket as Record<string, unknown>;
  if (field === "tags") t.tags = value ? value.split(", ").filter(Boolean) : [];
  else if (value === undefined) delete t[field];
  else t[field] = value;
};

/**
 * How the sweep named its targets in the English body of its entries before it coded them (`what`, 2026-12-06):
 * "SLA — first response target breached: due …" (core/sla/sweep-decision.ts, TARGET_NAME).
 */
const BREACHED_IN_BODY = /\b(first response|resolution|vendor response) target breached\b/g;
const TARGET_NAMED: Record<string, string> = {
  "first response": "firstResponse",
  resolution: "resolution",
  "vendor response": "vendor",
};

/** The SLA targets an entry of the sweep says it found breached (its `what`, or its body before `what`). */
const breachedIn = (entry: EntryItem): string[] => {
  const coded = [entry.what, ...(entry.what?.parts ?? [])]
    .filter((part) => part?.code === "sla_breached")
    .map((part) => (part!.params as { target?: string } | undefined)?.target)
    .filter((target): target is string => Boolean(target));
  // The timelines of a desk deployed before then (whose upgrade runs this rebuild) say it in words only.
  if (entry.what || entry.authorType !== "system" || !entry.body?.startsWith("SLA — ")) return coded;
  return [...entry.body.matchAll(BREACHED_IN_BODY)].map((match) => TARGET_NAMED[match[1]!]!);
};

/**
 * A ticket's history, write by write, rebuilt from the ticket and its timeline, with the facts each write made
 * live: the same `factsOf` runs on the ticket as it was before and after each write. Entries stored at one
 * instant are one write. The fields the timeline records (status, tags, owner, team, category, priority, tier,
 * escalation reason) are undone from today's ticket back to its creation and replayed forward; the rest follows
 * from the entries: solved at a solve, reopened at a reopening, replies counted, the first response as the ticket
 * stores it, a breach when the sweep's entry says so, merged at the merge, a vendor's breach forgotten at a new
 * hand-off; the SLA deadlines follow each write through the live clock (withSla), under today's policies and hours.
 */
export function replayTicket(ticket: TicketItem, entries: EntryItem[], ctx: SlaContext): ReplayedWrite[] {
  const sorted = [...entries].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const groups: EntryItem[][] = [];
  for (const entry of sorted) {
    const last = groups.at(-1);
    if (last && last[0]!.createdAt === entry.createdAt) last.push(entry);
    else groups.push([entry]);
  }
  // The creation's entries (and any stamped earlier, which no later write can have made) are the first write.
  const creation = groups.filter((group) => group[0]!.createdAt <= ticket.createdAt).flat();
  groups.splice(0, groups.length, ...groups.filter((group) => group[0]!.createdAt > ticket.createdAt));

  // The ticket as created: every later recorded change undone, newest first.
  const created: TicketItem = { ...ticket, tags: [...(ticket.tags ?? [])] };
  for (const group of [...groups].reverse())
    for (const entry of [...group].reverse())
      for (const change of [...(entry.changes ?? [])].reverse())
        if (RECORDED.has(change.field)) setField(created, change.field, change.from);
  Object.assign(created, {
    solvedAt: created.status === "solved" ? ticket.createdAt : undefined,
    firstResponseAt: undefined,
    replyCount: 0,
    reopenCount: 0,
    slaBreached: [],
    mergedInto: undefined,
    // Worked out again write by write below (withSla), as the live commit did: today's deadlines moved with every
    // later priority change, reopening and pause.
    slaStartedAt: undefined,
    slaTargets: undefined,
    slaPause: undefined,
    slaWarned: [],
  });
  const createdWithSla = withSla(null, created, creation, ctx, new Date(ticket.createdAt));

  const writes: ReplayedWrite[] = [
    {
      at: ticket.createdAt,
      before: null,
      after: createdWithSla,
      entries: creation,
      facts: factsOf(null, createdWithSla, ctx, creation),
    },
  ];
  let before = createdWithSla;
  for (const group of groups) {
    const at = group[0]!.createdAt;
    let after: TicketItem = {
      ...before,
      tags: [...before.tags],
      slaBreached: [...(before.slaBreached ?? [])],
    };
    for (const entry of group) {
      if (entry.kind === "agent_reply") after.replyCount = (after.replyCount ?? 0) + 1;
      for (const change of entry.changes ?? []) {
        if (RECORDED.has(change.field)) setField(after, change.field, change.to);
        if (change.field === "mergedInto") after.mergedInto = ticket.mergedInto;
        // A hand-off starts the vendor's clock afresh (core/sla/vendor.ts): its earlier breach is forgotten.
        if (change.field === "vendorId")
          after.slaBreached = after.slaBreached!.filter((target) => target !== "vendor");
        if (change.field !== "status") continue;
        if (change.to === "solved") after.solvedAt = at;
        if (change.from === "solved" && change.to !== "closed") after.reopenCount += 1;
        // A reopening starts a new resolution target (core/sla/clock.ts): its breach is forgotten.
        if (closedish(change.from) && !closedish(change.to))
          after.slaBreached = after.slaBreached!.filter((target) => target !== "resolution");
      }
      for (const target of breachedIn(entry))
        if (!after.slaBreached!.includes(target)) after.slaBreached!.push(target);
    }
    if (ticket.firstResponseAt && at >= ticket.firstResponseAt)
      after.firstResponseAt = ticket.firstResponseAt;
    // The deadlines as this write left them (the live commit runs the same clock on every write).
    after = withSla(before, after, group, ctx, new Date(at));
    writes.push({ at, before, after, entries: group, facts: factsOf(before, after, ctx, group) });
    before = after;
  }
  return writes;
}

/** The ticket as it was at `at` (after the last write at or before it; as created before the first). */
export function ticketAt(writes: ReplayedWrite[], at: string): TicketItem {
  return writes.findLast((write) => write.at <= at)?.after ?? writes[0]!.after;
}
