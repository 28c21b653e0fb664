import { PRIORITIES } from "../store/entities/ticket.ts";
import type { EntryItem } from "../store/index.ts";
import { type EventPart, said } from "../ticket/event-text.ts";
import { type currentModel, ticketText } from "./learn.ts";
import { type CategoryRules, matchCategory, priorityFromSignals } from "./rules.ts";
import { type TriageSettings, vipMatch } from "./settings.ts";

/** What triage decides from a ticket's text and timeline, with its reasons: category, priority, agents' fields. */

export type Priority = (typeof PRIORITIES)[number];
export const rank = (priority: Priority) => PRIORITIES.indexOf(priority);

/**
 * Fields an agent has set on this ticket, by a change on the timeline — including the fields they chose when
 * opening it for a customer (the opening event lists them): triage leaves those and decides the rest.
 */
export function setByAgents(entries: EntryItem[]): Set<string> {
  const byAgents = entries.filter((e) => e.kind === "event" && e.authorType === "agent");
  // Tickets agents opened before the opening event listed its choices: everything they set is theirs.
  const legacyOpening = byAgents[0] && byAgents[0] === entries[0] && byAgents[0].changes === undefined;
  if (legacyOpening) return new Set(["priority", "category", "team", "assigneeId"]);
  return new Set(byAgents.flatMap((e) => (e.changes ?? []).map((c) => c.field)));
}

/**
 * The category for a text, and why: keyword rules while the model has learned from too few tickets; after that
 * the model, when it is confident enough — otherwise nobody guesses and an agent decides.
 */
export function chooseCategory(
  subject: string,
  body: string,
  categories: CategoryRules[],
  settings: TriageSettings,
  learned: Awaited<ReturnType<typeof currentModel>>,
): { category?: CategoryRules; reason: string; part: EventPart } {
  const rule = matchCategory(subject, body, categories);
  const ruleSays = rule ? `rule matched ${rule.matched.map((k) => `"${k}"`).join(", ")}` : "no rule matched";
  const keywords = rule?.matched;
  if (!learned || learned.examples < settings.minExamples) {
    const learning = `the model takes over after ${settings.minExamples} agent-labelled tickets (${learned?.examples ?? 0} so far)`;
    const counts = { minExamples: settings.minExamples, examples: learned?.examples ?? 0 };
    return rule
      ? {
          category: rule.category,
          reason: `category ${rule.category.name}: ${ruleSays} (${learning})`,
          part: said("triage_category_rule", { category: rule.category.id, keywords, ...counts }),
        }
      : {
          reason: `category: ${ruleSays}; left for an agent (${learning})`,
          part: said("triage_category_none", counts),
        };
  }
  const { label, confidence } = learned.model.predict(ticketText(subject, body));
  const category = categories.find((c) => c.id === label);
  const sure = `${Math.round(confidence * 100)}%`;
  if (category && confidence >= settings.minConfidence) {
    return {
      category,
      reason: `category ${category.name}: model, confidence ${sure} (learned from ${learned.examples} tickets)`,
      part: said("triage_category_model", {
        category: category.id,
        confidence: Math.round(confidence * 100),
        examples: learned.examples,
      }),
    };
  }
  return {
    reason: `category: model unsure (${category?.name ?? label} at ${sure}, below ${Math.round(settings.minConfidence * 100)}%; ${ruleSays}); left for an agent`,
    part: said("triage_category_unsure", {
      category: category?.id ?? label,
      confidence: Math.round(confidence * 100),
      minConfidence: Math.round(settings.minConfidence * 100),
      keywords,
    }),
  };
}

/** The priority a message calls for: its urgency signals and channel, raised to high for VIP requesters. */
export function choosePriority(
  subject: string,
  body: string,
  channel: string,
  email: string,
  vips: string[],
) {
  const { priority, signals } = priorityFromSignals(subject, body, channel);
  const vip = vipMatch(email, vips);
  const reasons = signals.length ? [signals.map((s) => `"${s}"`).join(", ")] : [];
  let chosen: Priority = priority;
  if (vip) {
    reasons.push(`VIP requester (${vip})`);
    if (rank(chosen) < rank("high")) chosen = "high";
  }
  return {
    priority: chosen,
    why: reasons.length ? reasons.join(", ") : "no urgency signal",
    signals: { signals, vip: vip || undefined },
  };
}
