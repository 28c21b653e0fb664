// What the SLA sweep decides for one ticket (warn, breach and escalate, housekeeping): pure, no I/O.
import type { DeskEvent } from "../events/schema.ts";
import { newId } from "../ids.ts";
import type { EntryItem, TicketItem } from "../store/index.ts";
import { type EventPart, said, toldParams } from "../ticket/event-text.ts";
import { type Checkpoint, checkpoints, type Target } from "./clock.ts";
import {
  breachedNotice,
  duration,
  escalatedNotice,
  movedAwayNotice,
  type NoticeText,
  numbered,
  unassignedNotice,
  vendorSilentNotice,
  waitingNotice,
  warnNotice,
} from "./notice-text.ts";
import type { SlaContext } from "./policy.ts";
import { type People, whoWasTold } from "./safety-net.ts";

type Change = NonNullable<EntryItem["changes"]>[number];
const TIERS = ["L1", "L2", "L3"] as const;
const TARGET_NAME: Record<Target, string> = {
  firstResponse: "first response",
  resolution: "resolution",
  vendor: "vendor response",
};

export interface Decision {
  after: TicketItem;
  lines: string[];
  /** What `lines` say, as codes for the agent's language (core/ticket/event-text.ts). */
  parts: EventPart[];
  /** Safety-net alerts (nobody has taken the ticket): their own timeline entry. */
  safety: string[];
  safetyParts: EventPart[];
  changes: Change[];
  events: DeskEvent[];
  /** Give the ticket to this team's available agent with the least open work. */
  offerTo?: string;
}

/**
 * What the sweep does with one ticket at `now` — a pure function of the ticket, the desk's settings, who is in
 * which team (`members`, read beforehand) and the clock: warn before a target, breach and escalate after it, and
 * the housekeeping (reminders, auto-solve, auto-close). Each checkpoint is acted on once: it is recorded on the
 * ticket (`slaWarned`, `slaBreached`, `pendingRemindedAt`…) in the same write.
 */
export function decide(t: TicketItem, ctx: SlaContext, now: Date, people: People): Decision {
  const at = now.toISOString();
  const after: TicketItem = {
    ...t,
    slaWarned: [...(t.slaWarned ?? [])],
    slaBreached: [...(t.slaBreached ?? [])],
  };
  const lines: string[] = [];
  const safety: string[] = [];
  const parts: EventPart[] = [];
  const safetyParts: EventPart[] = [];
  const changes: Change[] = [];
  const events: DeskEvent[] = [];
  let offerTo: string | undefined;
  // In English and French: the mail worker picks each recipient's language.
  const notice = (agentIds: string[], text: NoticeText, safetyNet?: boolean) => {
    const to = [...new Set(agentIds)];
    if (to.length)
      events.push({
        type: "ticket.notice",
        id: newId(now),
        occurredAt: at,
        ticketId: t.ticketId,
        agentIds: to,
        ...numbered(t.number, text),
        ...(safetyNet ? { safetyNet } : {}),
      });
  };
  const owners = whoWasTold(people.ownersAre ?? (t.assigneeId ? "assignee" : undefined), t.team);
  const told = toldParams(people.ownersAre ?? (t.assigneeId ? "assignee" : undefined), t.team);
  const set = <K extends keyof TicketItem>(field: K, value: TicketItem[K]) => {
    if (after[field] === value) return;
    changes.push({
      field: String(field),
      from: (after[field] as string | undefined) ?? undefined,
      to: (value as string | undefined) ?? undefined,
    });
    after[field] = value;
  };
  const dueOf = (target: Target) =>
    target === "firstResponse"
      ? t.firstResponseDueAt
      : target === "resolution"
        ? t.resolutionDueAt
        : t.vendorDueAt;

  const due = checkpoints(t, ctx).filter((c) => c.at <= at);
  // One escalation per decision: the ticket has a new tier (and often a new team, owner and targets), so any
  // other SLA checkpoint due now is left for the next decision, which sees it there (its team's path, members).
  let escalated = false;
  for (const c of due as Checkpoint[]) {
    if ((c.kind === "warn" || c.kind === "breach") && escalated) continue;
    if (c.kind === "warn" || c.kind === "breach") {
      const dueAt = dueOf(c.target)!;
      const name = TARGET_NAME[c.target];
      if (c.kind === "warn" && dueAt > at) {
        after.slaWarned!.push(c.target);
        const left = duration(Date.parse(dueAt) - now.getTime());
        lines.push(`${name} target due ${dueAt} (in ${left}): warned ${owners}`);
        const leftMinutes = Math.round((Date.parse(dueAt) - now.getTime()) / 60_000);
        parts.push(said("sla_warned", { target: c.target, dueAt, leftMinutes, ...told }));
        notice(
          people.owners,
          warnNotice(t, c.target, dueAt, Date.parse(dueAt) - now.getTime(), ctx.hours.timezone),
        );
        continue;
      }
      // Breached (also when the sweep comes after the deadline without having warned).
      if (!after.slaWarned!.includes(c.target)) after.slaWarned!.push(c.target);
      after.slaBreached!.push(c.target);
      const lateMs = now.getTime() - Date.parse(dueAt);
      const late = duration(lateMs);
      const did: string[] = [];
      const didSaid: Record<string, unknown> = {};
      if (c.target === "vendor") {
        did.push(`told ${owners}`);
        Object.assign(didSaid, told);
        notice(people.owners, vendorSilentNotice(t, dueAt, ctx.hours.timezone));
      } else {
        const tier = TIERS.indexOf(after.tier as (typeof TIERS)[number]);
        if (tier >= 0 && tier < TIERS.length - 1) {
          set("tier", TIERS[tier + 1]!);
          escalated = true;
          // Always on the timeline with the tier (even when it repeats the last reason): the rebuild reads it there.
          const reason = c.target === "firstResponse" ? "sla_first_response" : "sla_resolution";
          changes.push({ field: "escalationReason", from: after.escalationReason, to: reason });
          after.escalationReason = reason;
          did.push(`escalated to ${TIERS[tier + 1]}`);
          didSaid.escalatedTo = TIERS[tier + 1];
          const next = people.escalatesTo;
          if (next && next !== after.team) {
            const previous = after.assigneeId;
            set("team", next);
            if (previous) set("assigneeId", undefined);
            offerTo = next;
            did.push(`moved to team ${next}`);
            didSaid.movedTo = next;
            if (people.newTeamAre === "admins") did.push(`told ${whoWasTold("admins", next)}`);
            if (people.newTeamAre === "admins") didSaid.adminsTold = true;
            // The new team hears it was escalated to them; the assignee who lost it, that it moved away.
            const names = people.newTeamName ?? { name: next };
            notice(
              people.newTeamMembers.filter((id) => id !== previous),
              escalatedNotice(t, c.target, lateMs, names, after.tier!),
            );
            if (previous) notice([previous], movedAwayNotice(t, c.target, lateMs, names, after.tier!));
          } else {
            notice(people.owners, breachedNotice(t, c.target, lateMs, after.tier));
          }
        } else {
          did.push(`already at ${after.tier}, not escalated further`);
          didSaid.topTier = after.tier;
          notice(people.owners, breachedNotice(t, c.target, lateMs));
        }
        if (c.target === "firstResponse" && !after.assigneeId && after.team && !offerTo) {
          offerTo = after.team;
        }
      }
      lines.push(`${name} target breached: due ${dueAt}, ${late} late; ${did.join(", ")}`);
      const lateMinutes = Math.round((now.getTime() - Date.parse(dueAt)) / 60_000);
      parts.push(said("sla_breached", { target: c.target, dueAt, lateMinutes, ...didSaid }));
    } else if (c.kind === "pending_reminder") {
      after.pendingRemindedAt = at;
      lines.push("waiting on the customer: reminded them");
      parts.push(said("sla_pending_reminded"));
      events.push({ type: "ticket.customer_reminder", id: newId(now), occurredAt: at, ticketId: t.ticketId });
    } else if (c.kind === "pending_solve") {
      set("status", "solved");
      after.solvedAt = at;
      after.solvedBy = "sweep";
      lines.push("no answer from the customer after the reminder: solved");
      parts.push(said("sla_pending_solved"));
    } else if (c.kind === "auto_close") {
      set("status", "closed");
      after.closedAt = at;
      lines.push(`solved for ${ctx.housekeeping.solvedCloseDays} days: closed`);
      parts.push(said("sla_auto_closed", { days: ctx.housekeeping.solvedCloseDays }));
    } else if (c.kind === "csat_request") {
      after.csatRequestedAt = at;
      lines.push("asked the customer how it went (satisfaction survey)");
      parts.push(said("sla_csat_asked"));
      events.push({ type: "ticket.csat_request", id: newId(now), occurredAt: at, ticketId: t.ticketId });
    } else if (c.kind === "waiting_reminder") {
      after.waitingReminded = true;
      lines.push(`the customer has waited since ${t.customerWaitingSince} for an answer: reminded ${owners}`);
      parts.push(said("sla_waiting_reminded", { since: t.customerWaitingSince, ...told }));
      notice(people.owners, waitingNotice(t, t.customerWaitingSince, ctx.hours.timezone));
    } else if (c.kind === "unassigned_alert") {
      after.safetyNet = [...(after.safetyNet ?? []), `unassigned@${t.unassignedSince}`];
      const waited = duration(now.getTime() - Date.parse(t.unassignedSince!));
      safety.push(`nobody has taken this ticket since ${t.unassignedSince} (${waited}): told ${owners}`);
      const waitedMinutes = Math.round((now.getTime() - Date.parse(t.unassignedSince!)) / 60_000);
      safetyParts.push(said("safety_unassigned", { since: t.unassignedSince, waitedMinutes, ...told }));
      notice(people.owners, unassignedNotice(t, now.getTime() - Date.parse(t.unassignedSince!)), true);
    }
  }
  return { after, lines, parts, safety, safetyParts, changes, events, offerTo };
}
