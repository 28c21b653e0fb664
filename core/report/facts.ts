import { businessMinutesBetween } from "../sla/calendar.ts";
import type { SlaContext } from "../sla/policy.ts";
import type { TicketItem } from "../store/index.ts";

export type Fact = {
  metric:
    | "created"
    | "solved"
    | "reopened"
    | "merged"
    | "escalated"
    | "escalation_reason"
    | "first_response"
    | "breach"
    | "sla"
    | "reply"
    | "one_touch";
  minutes?: number;
  detail?: string;
  /** Counted for this agent rather than the assignee (a reply counts for who wrote it; on a ticket nobody owns, a
   * first response and a solve for who made them). */
  agentId?: string;
};

const TIER_RANK = { L1: 1, L2: 2, L3: 3, L4: 4 } as const;
const closedish = (s: string | undefined) => s === "solved" || s === "closed";

/**
 * What a ticket change means for the reports — created, first response (with its business minutes), solved
 * (with the business minutes since creation), reopened, merged away while open, escalated, an SLA target breached. A pure function
 * of the ticket before and after; the facts travel in one `ticket.facts` event from the same transaction.
 */
/**
 * Filed as spam and still so: tagged spam and solved the moment it was filed (the inbound filter's verdict), which
 * a ticket tagged later never is (its solve comes after its creation). No stored marker needed.
 */
export const filedAsSpam = (t: TicketItem) => (t.tags ?? []).includes("spam") && t.solvedAt === t.createdAt;

/** The SLA outcome a breached target counts (the vendor's target is no SLA of the desk's). */
export const MISSED: Record<string, string> = {
  firstResponse: "first_response_missed",
  resolution: "resolution_missed",
};

export function factsOf(
  before: TicketItem | null,
  after: TicketItem,
  ctx: SlaContext,
  entries: readonly { kind: string; authorId?: string }[] = [],
): Fact[] {
  // A ticket filed as spam (mail with a spam verdict, solved and tagged on arrival) is no request: it moves no
  // figure, as a help desk's suspended or spam tickets stay out of its reports. Untagged and open, it counts as
  // created then (not also as reopened); untagged but left solved, it stays out until reopened. A ticket tagged
  // spam after it was filed stays counted in every later change: it was worked on as a request.
  if (filedAsSpam(after) && (!before || filedAsSpam(before))) return [];
  const untagged = before !== null && filedAsSpam(before);
  const facts: Fact[] = [];
  if (untagged && !closedish(after.status)) facts.push({ metric: "created" });
  for (const entry of entries)
    if (entry.kind === "agent_reply")
      facts.push({ metric: "reply", ...(entry.authorId ? { agentId: entry.authorId } : {}) });
  // A ticket nobody owns credits its first response and its solve to the agent who made them (Zendesk assigns an
  // unassigned ticket to whoever solves it), so an agent working the shared queue is not shown with none.
  const byAgent = (authorId: string | undefined) =>
    !after.assigneeId && authorId ? { agentId: authorId } : {};
  const actingAgent = entries.find((entry) => entry.authorId)?.authorId;
  const minutes = (from: string, to: string) =>
    Math.round(businessMinutesBetween(new Date(from), new Date(to), ctx.hours));
  if (!before) facts.push({ metric: "created" });
  const met = (at: string, due: string | undefined) => (!due || at <= due ? "met" : "missed");
  // A target the sweep saw breached was counted missed then (below): its response or solve adds no outcome.
  const breached = (target: string) => (after.slaBreached ?? []).includes(target);
  if (!before?.firstResponseAt && after.firstResponseAt) {
    const responder = byAgent(entries.find((entry) => entry.kind === "agent_reply")?.authorId);
    facts.push({
      metric: "first_response",
      minutes: minutes(after.createdAt, after.firstResponseAt),
      ...responder,
    });
    if (!breached("firstResponse"))
      facts.push({
        metric: "sla",
        detail: `first_response_${met(after.firstResponseAt, after.firstResponseDueAt)}`,
        ...responder,
      });
  }
  if (after.status === "solved" && before?.status !== "solved" && after.solvedAt) {
    // Resolution time from the ticket's creation, also after a reopening (Zendesk's "full resolution time",
    // Freshdesk's resolution time): timed from the reopening, a ticket that came back would look quicker.
    const solver = byAgent(actingAgent);
    facts.push({ metric: "solved", minutes: minutes(after.createdAt, after.solvedAt), ...solver });
    if (after.replyCount === 1 && !after.reopenCount) facts.push({ metric: "one_touch", ...solver });
    if (!breached("resolution"))
      facts.push({
        metric: "sla",
        detail: `resolution_${met(after.solvedAt, after.resolutionDueAt)}`,
        ...solver,
      });
  }
  if (before && !untagged && closedish(before.status) && !closedish(after.status))
    facts.push({ metric: "reopened" });
  // Merged away while open: it leaves the backlog unsolved, so the backlog's net change must count it. A solved
  // ticket merged was counted as solved already.
  if (before && !before.mergedInto && after.mergedInto && !closedish(before.status))
    facts.push({ metric: "merged" });
  if (before && TIER_RANK[after.tier] > TIER_RANK[before.tier]) {
    facts.push({ metric: "escalated", detail: after.tier });
    facts.push({ metric: "escalation_reason", detail: after.escalationReason ?? "unspecified" });
  }
  // A breach is a missed target from the moment it happens (Zendesk's SLA achievement counts it so): an open
  // ticket past its target counts against compliance before anyone answers or solves it.
  for (const target of after.slaBreached ?? [])
    if (!(before?.slaBreached ?? []).includes(target)) {
      facts.push({ metric: "breach", detail: target });
      if (MISSED[target]) facts.push({ metric: "sla", detail: MISSED[target] });
    }
  return facts;
}

/** Log-scale buckets for durations in business minutes: mergeable across days and keys. */
export const BUCKETS = [
  5,
  15,
  30,
  60,
  120,
  240,
  480,
  960,
  1440,
  2880,
  5760,
  11_520,
  23_040,
  Number.POSITIVE_INFINITY,
];
export const bucketOf = (minutes: number) => BUCKETS.findIndex((upper) => minutes <= upper);

/**
 * A percentile from bucket counts: the upper bound of the bucket where it falls (so the error is at most one
 * bucket: the true value is between the previous bound and this one). In the last, open-ended bucket it is that
 * bucket's lower bound (23,040: "that or more"), which JSON and CSV both carry — Infinity would be JSON's null.
 */
export function percentile(counts: number[], p: number): number | null {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = Math.ceil(p * total);
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    seen += counts[i] ?? 0;
    if (seen >= rank) return Number.isFinite(BUCKETS[i]) ? BUCKETS[i]! : BUCKETS[i - 1]!;
  }
  return BUCKETS.at(-2)!;
}
