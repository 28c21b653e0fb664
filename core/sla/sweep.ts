import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { teamAgentItems } from "../agent/agent.ts";
import { listTeams } from "../agent/directory.ts";
import { config } from "../config.ts";
import type { DeskEvent } from "../events/schema.ts";
import { newId } from "../ids.ts";
import { log } from "../log.ts";
import { dynamo } from "../store/client.ts";
import { type EntryItem, store, type TicketItem } from "../store/index.ts";
import { SHARDS } from "../store/table.ts";
import { eventEntry } from "../ticket/change.ts";
import { AssignmentConflictError, changeTicket } from "../ticket/commit.ts";
import { type EventPart, said, toldParams } from "../ticket/event-text.ts";
import { queueOf } from "../ticket/model.ts";
import { availableAgents } from "../triage/triage.ts";
import { type Checkpoint, checkpoints, type Target } from "./clock.ts";
import {
  breachedNotice,
  duration,
  escalatedNotice,
  type NoticeText,
  numbered,
  unassignedNotice,
  vendorSilentNotice,
  waitingNotice,
  warnNotice,
} from "./notice-text.ts";
import { type SlaContext, slaContext } from "./policy.ts";
import { allAgents, type People, peopleFor, safetyEntry, whoWasTold } from "./safety-net.ts";

type Change = NonNullable<EntryItem["changes"]>[number];
const TIERS = ["L1", "L2", "L3"] as const;
const TARGET_NAME: Record<Target, string> = {
  firstResponse: "first response",
  resolution: "resolution",
  vendor: "vendor response",
};

/** What the sweep knows about teams and people, read once per ticket that needs it. */
export interface Directory {
  escalatesTo(team: string | undefined): Promise<string | undefined>;
  /** The team's members who can act now (active, not away). */
  members(team: string | undefined): Promise<string[]>;
  /** Every active admin (those not away first): who hears of work nobody else can take. */
  admins(): Promise<string[]>;
  /** Whether an agent can act on a ticket now (active, not away). */
  present(agentId: string): Promise<boolean>;
  offer(team: string): Promise<Awaited<ReturnType<typeof availableAgents>>["candidates"][number] | undefined>;
}

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
  for (const c of due as Checkpoint[]) {
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
            notice(
              [...people.newTeamMembers, ...(previous ? [previous] : [])],
              escalatedNotice(t, c.target, lateMs, next, after.tier!),
            );
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

/** Applies the sweep's decision for one ticket: conditioned on its version, retried on fresh data if it moved. */
export async function sweepTicket(ticketId: string, now: Date, dir: Directory): Promise<string> {
  const ctx = await slaContext(now.getTime());
  const at = now.toISOString();
  let decision: Decision | undefined;
  for (let round = 0; round < 3; round++) {
    // Who to tell and where it would go: read before the decision (it reads the fresh ticket again).
    const current = (await store().entities.ticket.get({ ticketId }).go({ consistent: true }))
      .data as TicketItem | null;
    if (!current) return "gone";
    const people = await peopleFor(current, dir);
    const preview = decide(current, ctx, now, people);
    const candidate = preview.offerTo ? await dir.offer(preview.offerTo) : undefined;
    try {
      await changeTicket(ticketId, undefined, (before) => {
        if (before.version !== current.version) throw new AssignmentConflictError(); // moved: decide again
        decision = decide(before, ctx, now, people);
        const { after, lines, parts, changes, events } = decision;
        let assignment: { agentId: string; expectedOpen: number; at: string } | undefined;
        if (decision.offerTo && candidate && !after.assigneeId) {
          after.assigneeId = candidate.agent.agentId;
          changes.push({ field: "assigneeId", to: candidate.agent.agentId });
          lines.push(`offered to ${candidate.agent.name}: least open work in ${decision.offerTo}`);
          parts.push(said("sla_offered", { agent: candidate.agent.agentId, team: decision.offerTo }));
          assignment = { agentId: candidate.agent.agentId, expectedOpen: candidate.storedOpen, at };
          events.push({
            type: "ticket.assigned",
            id: newId(now),
            occurredAt: at,
            ticketId,
            agentId: candidate.agent.agentId,
          });
        } else if (decision.offerTo) {
          lines.push(`nobody available in ${decision.offerTo}; waits in the team queue`);
          parts.push(said("sla_nobody_available", { team: decision.offerTo }));
        }
        const entries: EntryItem[] = lines.length
          ? [
              eventEntry(
                ticketId,
                { type: "system", name: "SLA" },
                changes,
                now,
                `SLA — ${lines.join("; ")}.`,
                { code: "sla", parts },
              ),
            ]
          : [];
        if (decision.safety.length)
          entries.push(
            safetyEntry(ticketId, now, decision.safety, lines.length ? [] : changes, decision.safetyParts),
          );
        // Nothing to do (another sweep did it, or the settings moved the deadlines): the write still moves
        // nextCheckAt on, so the ticket leaves the due index until its next check.
        return {
          after: { ...after, ...queueOf(after), version: before.version + 1, updatedAt: at },
          entries,
          events,
          assignment,
        };
      });
      return decision?.lines.length || decision?.safety.length ? "acted" : "rescheduled";
    } catch (error) {
      if (!(error instanceof AssignmentConflictError)) throw error;
    }
  }
  return "busy";
}

/** Tickets in a row whose sweep write failed before a run gives up (the table, not one ticket, is failing). */
const MAX_FAILURES_IN_A_ROW = 5;

/**
 * The SLA sweep: every ticket whose next check is due, shard by shard, oldest first, paginated; each decided and
 * written on its own (a sweep that stops half-way leaves the rest due for the next run). Costs in proportion to
 * the tickets due, never to the tickets that exist.
 */
export async function sweepDue(
  now = new Date(),
  /** `ready`: the sweep's settings, read meanwhile (the SLA context they prime), awaited before any ticket. */
  options: { budgetMs?: number; pageSize?: number; ready?: Promise<unknown> } = {},
) {
  const started = Date.now();
  const budget = options.budgetMs ?? 40_000;
  const dir = directory();
  const counts: Record<string, number> = {};
  let failedInRow = 0;
  if (await dueIndexEmpty()) return counts;
  await options.ready;
  for (let shard = 0; shard < SHARDS; shard++) {
    let cursor: string | null = null;
    do {
      const page: { data: { ticketId?: string; nextCheckAt?: string }[]; cursor: string | null } =
        await store()
          .entities.ticket.query.byDue({ shard })
          .lte({ nextCheckAt: now.toISOString() })
          .go({ cursor, limit: options.pageSize ?? 100, attributes: ["ticketId", "nextCheckAt"] });
      for (const item of page.data) {
        if (!item.nextCheckAt || item.nextCheckAt > now.toISOString()) continue;
        // One ticket whose write fails (throttled, refused) stays due for the next run and is logged; it must
        // not hold back every warning, escalation and alert of the tickets after it, run after run. Several
        // failures in a row mean the table itself is failing: the run stops and the next one starts over.
        let outcome: string;
        try {
          outcome = await sweepTicket(item.ticketId!, now, dir);
          failedInRow = 0;
        } catch (error) {
          outcome = "failed";
          log.error("sweep: ticket not decided", { ticketId: item.ticketId, error: String(error) });
          if (++failedInRow >= MAX_FAILURES_IN_A_ROW) {
            counts.failed = (counts.failed ?? 0) + 1;
            return { ...counts, stoppedEarly: 1 };
          }
        }
        counts[outcome] = (counts[outcome] ?? 0) + 1;
        if (Date.now() - started > budget) return { ...counts, stoppedEarly: 1 };
      }
      cursor = page.cursor;
    } while (cursor);
  }
  return counts;
}

/**
 * Whether no ticket at all waits for a check (the desk is new, or every ticket is closed): one Scan of the sparse
 * due index with Limit 1 — 0.5 read unit — instead of a Query per shard. Anything in it, or a page boundary
 * that hides whether there is, and the shards are queried as before.
 */
async function dueIndexEmpty(): Promise<boolean> {
  const page = await dynamo().send(
    new ScanCommand({ TableName: config().tableName, IndexName: "gsi6", Limit: 1, Select: "COUNT" }),
  );
  return !page.Count && !page.LastEvaluatedKey;
}

export function directory(): Directory {
  let teams: Promise<Map<string, string | null>> | undefined;
  let everyone: ReturnType<typeof allAgents> | undefined;
  const members = new Map<string, Promise<string[]>>();
  return {
    async escalatesTo(team) {
      teams ??= listTeams().then((list) => new Map(list.map((t) => [t.id, t.escalatesTo])));
      return (team && (await teams).get(team)) || undefined;
    },
    members(team) {
      if (!team) return Promise.resolve([]);
      if (!members.has(team))
        members.set(
          team,
          teamAgentItems(team).then((agents) =>
            agents.filter((a) => a.active && !a.away).map((a) => a.agentId),
          ),
        );
      return members.get(team)!;
    },
    async admins() {
      everyone ??= allAgents();
      const admins = (await everyone).filter((a) => a.active && a.role === "admin");
      const here = admins.filter((a) => !a.away);
      return (here.length ? here : admins).map((a) => a.agentId);
    },
    async present(agentId) {
      everyone ??= allAgents();
      const agent = (await everyone).find((a) => a.agentId === agentId);
      return Boolean(agent?.active && !agent.away);
    },
    async offer(team) {
      return (await availableAgents(team)).candidates[0];
    },
  };
}
