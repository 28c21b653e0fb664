/**
 * What a timeline event or automatic-mail entry says, without words: a code and its parameters, so the agent app
 * can say it in the agent's language (web/app/src/event-text.ts). `body` keeps the English sentence for API
 * clients and for entries written before codes existed. Parameters hold plain values: ids (agents under `agent`,
 * `previous`; teams under `team`, `fallbackTeam`; categories under `category`), numbers, ISO dates, addresses.
 * A composite entry (triage, SLA, safety net) has one part per decision, in order.
 */
export const EVENT_CODES = [
  // tickets
  "opened_on_behalf", // { name, channel }
  "assigned", // { agent }
  "reassigned", // { previous, agent }
  "unassigned", // { previous }
  "customer_closed", // { article? }
  "satisfaction", // { rating, comment? }
  "held_accepted", // { sender }
  "held_split", // { sender, number }
  "linked", // { number }
  "unlinked", // { number }
  "split_into", // { sender, number, linkLimit? (not linked: the ticket has as many links as it may) }
  "split_held", // { sender, number, linkLimit? }
  "split_from", // { number, linkLimit? }
  "merged_into", // { number }
  "merged_from", // { number, subject }
  "merged_other_requester", // { number, sender, to }
  "merged_not_copied", // { limit, addresses }
  "delivery_block_lifted", // { agent, to, block: bounce | complaint, since, detail? }
  // automatic mail
  "ack_sent", // { to, neutral? }
  "ack_skipped", // { reason: spam | undeliverable | automatic | no_reply | suppressed | loop_guard, detail? }
  "notified_customer_message", // { agent }
  "notified_assignee", // { agent }
  "notified_mention", // { agent, by }
  "notified_agent", // { agent }
  "customer_reminded", // {}
  "csat_asked", // {}
  "merge_notice_sent", // { to, number }
  "vendor_handoff_sent", // { to }
  // triage: one entry, parts below
  "triage",
  "triage_kept", // { field }
  "triage_category_rule", // { category, keywords, minExamples, examples }
  "triage_category_none", // { minExamples, examples }
  "triage_category_model", // { category, confidence, examples }
  "triage_category_unsure", // { category, confidence, minConfidence, keywords? }
  "triage_team_default", // { team, category }
  "triage_team_uncategorized", // { team }
  "triage_team_rerouted", // { team, fallbackTeam }
  "triage_team_unstaffed", // { team, fallbackTeam? }
  "triage_priority", // { priority, signals, vip?, reopened? }
  "triage_tier", // { tier }
  "triage_assigned", // { agent, team, open, capacity }
  "triage_waits", // { team, why: auto_assign_off | nobody_available | at_capacity | busy }
  "triage_reopened", // {}
  "triage_assignee_gone", // {}
  // SLA sweep: one entry, parts below
  "sla",
  "sla_warned", // { target, dueAt, leftMinutes, told, toldTeam? }
  "sla_breached", // { target, dueAt, lateMinutes, did: told | escalated | moved | admins_told | top_tier ... }
  "sla_pending_reminded", // {}
  "sla_pending_solved", // {}
  "sla_auto_closed", // { days }
  "sla_csat_asked", // {}
  "sla_waiting_reminded", // { since, told, toldTeam? }
  "sla_offered", // { agent, team }
  "sla_nobody_available", // { team }
  // safety net: one entry, parts below
  "safety_net",
  "safety_unassigned", // { since, waitedMinutes, told, toldTeam? }
  "safety_assignee_gone", // { agent, state: away | inactive, told, toldTeam? }
] as const;

export type EventCode = (typeof EVENT_CODES)[number];
export type EventParams = Record<string, string | number | boolean | string[]>;
export interface EventPart {
  code: EventCode;
  params?: EventParams;
}
/** What an entry says: one phrase, or a heading code with its parts. */
export interface EventText extends EventPart {
  parts?: EventPart[];
}

/** A phrase, its params without the undefined ones (the table stores no undefined). */
export function said(code: EventCode, params: Record<string, unknown> = {}): EventPart {
  const kept = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined && v !== null));
  return Object.keys(kept).length ? { code, params: kept as EventParams } : { code };
}

/** An English sentence together with what it says, for writers that build both. */
export interface Described {
  body: string;
  what: EventText;
}

/** Adds the re-send note of a takeover (core/claim.ts) to what an automatic-mail entry says. */
export function withTakeover(
  what: EventText,
  attempt: { takeover: boolean; previousClaimAt?: string },
): EventText {
  if (!attempt.takeover) return what;
  const params: EventParams = { ...what.params, resent: true };
  if (attempt.previousClaimAt) params.claimedAt = attempt.previousClaimAt;
  return { ...what, params };
}

/** Why no acknowledgement went out (core/mail/acknowledge.ts), as a reason code and what it names. */
export function skipReason(skip: string): { reason: string; detail?: string } {
  if (skip === "spam") return { reason: "spam" };
  if (skip === "not a deliverable address") return { reason: "undeliverable" };
  if (skip === "no-reply address") return { reason: "no_reply" };
  if (skip === "the address bounced or complained") return { reason: "suppressed" };
  if (skip.includes("loop guard")) return { reason: "loop_guard" };
  const automatic = /^automatic mail \((.*)\)$/.exec(skip);
  if (automatic) return { reason: "automatic", detail: automatic[1] };
  return { reason: "other", detail: skip };
}

/** Who was told, as the timeline params name them: the assignee, a team (by id) or the admins. */
export function toldParams(are: string | undefined, team: string | undefined) {
  return { told: are ?? "team", toldTeam: team };
}
