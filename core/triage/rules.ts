import { words } from "./text.ts";

export interface CategoryRules {
  id: string;
  name: string;
  defaultTeam: string | null;
  keywords: string[];
}

/** The folded word sequence of a text, padded so that phrases match on word boundaries. */
const folded = (text: string) =>
  ` ${words(text.replace(/\bcan['’]t\b/gi, "cannot").replace(/n['’]t\b/gi, " not")).join(" ")} `;

/**
 * The category whose keyword rules match the text best: each matching keyword or phrase counts, longer
 * phrases count more (`mot de passe` beats `passe`), the subject counts twice. Null when nothing matches.
 */
export function matchCategory(subject: string, body: string, categories: CategoryRules[]) {
  const text = `${folded(subject)}${folded(subject)}${folded(body)}`;
  let best: { category: CategoryRules; score: number; matched: string[] } | null = null;
  for (const category of categories) {
    const matched: string[] = [];
    let score = 0;
    for (const keyword of category.keywords) {
      const phrase = folded(keyword);
      if (phrase.trim() === "") continue;
      const hits = text.split(phrase).length - 1;
      if (hits > 0) {
        matched.push(keyword);
        score += hits * phrase.trim().split(" ").length;
      }
    }
    if (score > 0 && (!best || score > best.score)) best = { category, score, matched };
  }
  return best;
}

const URGENT = [
  "urgent",
  "urgence",
  "asap",
  "emergency",
  "critical",
  "critique",
  "immediately",
  "immediatement",
  "tout de suite",
];
const BLOCKING = [
  "down",
  "outage",
  "en panne",
  "panne",
  "bloque",
  "bloquee",
  "blocked",
  "cannot work",

  "unable to work",
  "impossible de travailler",
  "ne peux plus travailler",
  "not working",
  "ne fonctionne plus",
  "ne marche plus",
];
const MANY = [
  "all users",
  "everyone",
  "whole team",
  "whole office",
  "nobody can",
  "tout le monde",
  "tous les utilisateurs",
  "personne ne peut",
  "toute l equipe",
];

/**
 * The priority a ticket's words and channel call for, with the signals that decided it (English and French):
 * urgency words, something blocking work, many people affected; a phone call is never low.
 */
export function priorityFromSignals(subject: string, body: string, channel: string) {
  const text = `${folded(subject)}${folded(body)}`;
  const found = (list: string[]) => list.filter((signal) => text.includes(folded(signal)));
  const urgent = found(URGENT);
  const blocking = found(BLOCKING);
  const many = found(MANY);
  const signals = [...urgent, ...blocking, ...many];
  let priority: "low" | "normal" | "high" | "urgent" = "normal";
  if ((urgent.length && (blocking.length || many.length)) || (blocking.length && many.length))
    priority = "urgent";
  else if (signals.length) priority = "high";
  if ((channel === "phone" || channel === "walk_in") && priority === "normal" && signals.length)
    priority = "high";
  return { priority, signals };
}
