import type { EntryItem, TicketItem } from "../store/index.ts";
import { addBusinessMinutes, businessMinutesBetween } from "./calendar.ts";
import { type SlaContext, type Targets, targetsFor } from "./policy.ts";

export type Target = "firstResponse" | "resolution" | "vendor";
const DAY_MS = 86_400_000;
const iso = (d: Date) => d.toISOString();
const date = (s: string) => new Date(s);

/** What a ticket's deadlines were computed from: its targets and the calendar. */
export function slaSignature(t: Pick<TicketItem, "priority" | "category" | "team">, ctx: SlaContext): string {
  const targets = targetsFor(t, ctx.policies);
  return `${targets.firstResponseMinutes}/${targets.resolutionMinutes}/${targets.warnAtPercent}/${ctx.hoursId}`;
}

/**
 * When nobody having taken an open, unassigned ticket alerts its team: `unassignedAlertMinutes` business minutes
 * after `since`, with the desk's threshold and calendar as they are now (both may change while it waits).
 */
export function unassignedAlertAt(since: string, ctx: SlaContext): string {
  return iso(addBusinessMinutes(date(since), ctx.housekeeping.unassignedAlertMinutes, ctx.hours));
}

/** The ticket's SLA clock is stopped: waiting on the customer, or on a vendor, when the policy says so. */
function paused(t: TicketItem, targets: Targets): boolean {
  if (t.status === "pending" && targets.pauseWhenPending) return true;
  return t.status !== "solved" && t.tier === "L4" && Boolean(t.vendorId) && targets.pauseWhenVendor;
}

/** Due and warning instants of a target that has `left` business minutes from `from`. */
function deadline(from: Date, left: number, total: number, warnAtPercent: number, ctx: SlaContext) {
  const warnLeft = left - total * (1 - warnAtPercent / 100);
  return {
    due: iso(addBusinessMinutes(from, Math.max(0, left), ctx.hours)),
    warn: iso(addBusinessMinutes(from, Math.max(0, warnLeft), ctx.hours)),
  };
}

/**
 * The ticket's SLA fields after a change, from the ticket before and after it, the entries it adds, the desk's
 * calendar and policies, and the clock — a pure function, applied to every ticket write. It sets the deadlines
 * (first response from creation, resolution from creation or the last reopening), stops and restarts the
 * clock around `pending` (and vendor) waits, tracks housekeeping times, and puts the ticket in the due index at
 * its next check (`nextCheckAt`, "" when nothing is due).
 */
export function withSla(
  before: TicketItem | null,
  after: TicketItem,
  entries: readonly Pick<EntryItem, "kind" | "mail" | "held">[],
  ctx: SlaContext,
  now: Date,
): TicketItem {
  const t: TicketItem = {
    ...after,
    slaWarned: [...(after.slaWarned ?? [])],
    slaBreached: [...(after.slaBreached ?? [])],
  };
  const targets = targetsFor(t, ctx.policies);
  const signature = slaSignature(t, ctx);
  const reopened =
    before &&
    (before.status === "solved" || before.status === "closed") &&
    t.status !== "solved" &&
    t.status !== "closed";

  // Deadlines: at creation, when the applicable targets change (priority, category, team, or the policy), and
  // for the resolution target when the ticket is reopened.
  if (!t.slaStartedAt || reopened || t.slaTargets !== signature) {
    const created = date(t.createdAt);
    if (!t.slaStartedAt) {
      t.firstResponsePausedMinutes = undefined;
      t.resolutionPausedMinutes = undefined;
    }
    if (reopened || !t.slaStartedAt) t.slaStartedAt = reopened ? iso(now) : t.createdAt;
    if (reopened) {
      t.slaWarned = (t.slaWarned ?? []).filter((x) => x !== "resolution");
      t.slaBreached = (t.slaBreached ?? []).filter((x) => x !== "resolution");
      t.resolutionPausedMinutes = undefined;
    }
    const start = date(t.slaStartedAt);
    // The minutes the clock already stood still are added to each target: waiting time is never charged back.
    const frPaused = t.firstResponsePausedMinutes ?? 0;
    const resPaused = t.resolutionPausedMinutes ?? 0;
    const fr = deadline(
      created,
      targets.firstResponseMinutes + frPaused,
      targets.firstResponseMinutes,
      targets.warnAtPercent,
      ctx,
    );
    const res = deadline(
      start,
      targets.resolutionMinutes + resPaused,
      targets.resolutionMinutes,
      targets.warnAtPercent,
      ctx,
    );
    if (t.slaPause) {
      // Stopped: keep what each target had left, as the new targets see it (the clock ran from its start to
      // this pause, less the earlier pauses).
      const spent = (from: Date, before: number) =>
        Math.max(0, businessMinutesBetween(from, date(t.slaPause!.at), ctx.hours) - before);
      t.slaPause = {
        at: t.slaPause.at,
        firstResponseLeft: t.firstResponseAt
          ? undefined
          : targets.firstResponseMinutes - spent(created, frPaused),
        resolutionLeft: targets.resolutionMinutes - spent(start, resPaused),
      };
    }
    [t.firstResponseDueAt, t.firstResponseWarnAt] = [fr.due, fr.warn];
    [t.resolutionDueAt, t.resolutionWarnAt] = [res.due, res.warn];
    t.slaPolicy = targets.name;
    t.slaTargets = signature;
  }

  // The clock stops while the ticket waits, and restarts with what each target had left.
  const stop = paused(t, targets);
  if (stop && !t.slaPause) {
    const left = (due?: string) => (due ? businessMinutesBetween(now, date(due), ctx.hours) : 0);
    t.slaPause = {
      at: iso(now),
      firstResponseLeft: t.firstResponseAt ? undefined : left(t.firstResponseDueAt),
      resolutionLeft: left(t.resolutionDueAt),
    };
  } else if (!stop && t.slaPause) {
    const { firstResponseLeft, resolutionLeft } = t.slaPause;
    // Kept for later recomputations: how long the clock stood still (business minutes).
    const stood = businessMinutesBetween(date(t.slaPause.at), now, ctx.hours);
    if (firstResponseLeft !== undefined && !t.firstResponseAt) {
      const fr = deadline(now, firstResponseLeft, targets.firstResponseMinutes, targets.warnAtPercent, ctx);
      [t.firstResponseDueAt, t.firstResponseWarnAt] = [fr.due, fr.warn];
      if (stood > 0) t.firstResponsePausedMinutes = (t.firstResponsePausedMinutes ?? 0) + stood;
    }
    if (stood > 0) t.resolutionPausedMinutes = (t.resolutionPausedMinutes ?? 0) + stood;
    const res = deadline(now, resolutionLeft ?? 0, targets.resolutionMinutes, targets.warnAtPercent, ctx);
    [t.resolutionDueAt, t.resolutionWarnAt] = [res.due, res.warn];
    t.slaPause = undefined;
  }

  // Taken back from the vendor (the tier left L4): the vendor's clock ends.
  if (t.tier !== "L4" && t.vendorId) {
    t.vendorId = undefined;
    t.vendorSince = undefined;
    t.vendorDueAt = undefined;
    t.vendorRespondedAt = undefined;
  }

  // Housekeeping times.
  if (t.status === "pending" && before?.status !== "pending") {
    t.pendingSince = iso(now);
    t.pendingRemindedAt = undefined;
  } else if (t.status !== "pending") {
    t.pendingSince = undefined;
    t.pendingRemindedAt = undefined;
  }
  if (entries.some((e) => e.kind === "agent_reply")) {
    t.customerWaitingSince = undefined;
    t.waitingRemindAt = undefined;
    t.waitingReminded = undefined;
  } else if (
    entries.some((e) => e.kind === "customer_message" && !e.mail?.automatic?.length && !e.held) &&
    !t.customerWaitingSince
  ) {
    t.customerWaitingSince = iso(now);
    t.waitingRemindAt = iso(
      addBusinessMinutes(now, ctx.housekeeping.unansweredReminderHours * 60, ctx.hours),
    );
    t.waitingReminded = undefined;
  }
  if (t.status === "solved" || t.status === "closed") {
    t.customerWaitingSince = undefined;
    t.waitingRemindAt = undefined;
  }
  // Satisfaction: asked once per ticket, a while after an agent solved it; never for spam or automatic solves.
  const justSolved = t.status === "solved" && before?.status !== "solved";
  if (
    justSolved &&
    t.solvedBy === "agent" &&
    !t.csatRequestedAt &&
    !t.tags.includes("spam") &&
    ctx.housekeeping.csatEnabled
  )
    t.csatDueAt = iso(new Date(now.getTime() + ctx.housekeeping.csatDelayMinutes * 60_000));
  else if (t.status !== "solved" && t.status !== "closed") t.csatDueAt = undefined;

  // Safety net: how long the open ticket has had nobody, and the alerts already raised for its current state.
  const open = t.status !== "solved" && t.status !== "closed";
  if (open && !t.assigneeId) {
    if (
      !t.unassignedSince ||
      before?.assigneeId ||
      !before ||
      before.status === "solved" ||
      before.status === "closed"
    ) {
      t.unassignedSince = iso(now);
    }
    // Kept in line with the threshold and calendar of the moment (the recompute job rewrites tickets it lags).
    t.unassignedAlertAt = unassignedAlertAt(t.unassignedSince, ctx);
  } else {
    t.unassignedSince = undefined;
    t.unassignedAlertAt = undefined;
  }
  const current = [`unassigned@${t.unassignedSince}`, `away:${t.assigneeId}`, `inactive:${t.assigneeId}`];
  const kept = (t.safetyNet ?? []).filter((marker) => current.includes(marker));
  t.safetyNet = kept.length ? kept : undefined;

  t.slaState = slaStateOf(t);
  t.nextCheckAt =
    t.status === "closed"
      ? ""
      : (checkpoints(t, ctx)
          .map((c) => c.at)
          .sort()[0] ?? "");
  return t;
}

export function slaStateOf(t: TicketItem): NonNullable<TicketItem["slaState"]> {
  if (t.slaPause) return "paused";
  const breached = t.slaBreached ?? [];
  if (breached.includes("resolution") || breached.includes("firstResponse")) return "breached";
  const open = t.status !== "solved" && t.status !== "closed";
  const warned = (t.slaWarned ?? []).filter((x) => (x === "firstResponse" ? !t.firstResponseAt : open));
  return warned.length ? "warning" : "ok";
}

export type Checkpoint =
  | { kind: "warn" | "breach"; target: Target; at: string }
  | {
      kind:
        | "pending_reminder"
        | "pending_solve"
        | "auto_close"
        | "waiting_reminder"
        | "csat_request"
        | "unassigned_alert";
      at: string;
    };

/** Everything the sweep will have to do for this ticket, and when; the earliest is its `nextCheckAt`. */
export function checkpoints(t: TicketItem, ctx: SlaContext): Checkpoint[] {
  const out: Checkpoint[] = [];
  const warned = t.slaWarned ?? [];
  const breached = t.slaBreached ?? [];
  const running = !t.slaPause && t.status !== "solved" && t.status !== "closed";
  const track = (target: Target, warnAt?: string, dueAt?: string) => {
    if (breached.includes(target) || !dueAt) return;
    if (!warned.includes(target) && warnAt && warnAt < dueAt) out.push({ kind: "warn", target, at: warnAt });
    else out.push({ kind: "breach", target, at: dueAt });
  };
  if (running && !t.firstResponseAt) track("firstResponse", t.firstResponseWarnAt, t.firstResponseDueAt);
  if (running) track("resolution", t.resolutionWarnAt, t.resolutionDueAt);
  if (t.tier === "L4" && t.vendorId && !t.vendorRespondedAt && t.status !== "solved" && t.status !== "closed")
    track("vendor", undefined, t.vendorDueAt);
  const days = (from: string, n: number) => iso(new Date(date(from).getTime() + n * DAY_MS));
  const { pendingReminderDays, pendingSolveDays, solvedCloseDays } = ctx.housekeeping;
  if (t.status === "pending" && t.pendingSince) {
    if (!t.pendingRemindedAt)
      out.push({ kind: "pending_reminder", at: days(t.pendingSince, pendingReminderDays) });
    else out.push({ kind: "pending_solve", at: days(t.pendingRemindedAt, pendingSolveDays) });
  }
  if (t.status === "solved" && t.solvedAt)
    out.push({ kind: "auto_close", at: days(t.solvedAt, solvedCloseDays) });
  if (t.status === "solved" && t.csatDueAt && !t.csatRequestedAt)
    out.push({ kind: "csat_request", at: t.csatDueAt });
  if (t.customerWaitingSince && t.waitingRemindAt && !t.waitingReminded && t.status !== "solved")
    out.push({ kind: "waiting_reminder", at: t.waitingRemindAt });
  if (
    !t.assigneeId &&
    t.unassignedAlertAt &&
    t.status !== "solved" &&
    t.status !== "closed" &&
    !(t.safetyNet ?? []).includes(`unassigned@${t.unassignedSince}`)
  )
    out.push({ kind: "unassigned_alert", at: t.unassignedAlertAt });
  return out;
}
