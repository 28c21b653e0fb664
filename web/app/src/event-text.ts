/**
 * What a timeline event says, in the agent's language: the server stores each event as a code and params
 * (`what`, core/ticket/event-text.ts) beside an English `body`; this turns the code into the catalogue's sentence
 * (`t.events`), with ids shown by name and dates, durations and numbers in the agent's locale. An entry without
 * a code (written before codes existed) or with a code this app does not know shows its body as it is.
 */
import { shownAddress } from "./address.ts";
import { duration, percent, when } from "./format.ts";
import { agentName, categoryName, type Names, teamName } from "./names.ts";
import { shownText } from "./placeholders.ts";
import { t } from "./strings.ts";
import type { Entry } from "./types.ts";

/** Every word a catalogue sentence may use, already shown as text ("" when the event has none). */
export const EVENT_WORDS = [
  "name",
  "channel",
  "agent",
  "previous",
  "article",
  "rating",
  "comment",
  "sender",
  "number",
  "subject",
  "to",
  "neutral",
  "reason",
  "by",
  "field",
  "category",
  "keywords",
  "minExamples",
  "examples",
  "confidence",
  "minConfidence",
  "team",
  "fallbackTeam",
  "priority",
  "signals",
  "vip",
  "reopened",
  "tier",
  "open",
  "capacity",
  "why",
  "target",
  "dueAt",
  "left",
  "late",
  "waited",
  "told",
  "escalatedTo",
  "movedTo",
  "adminsTold",
  "topTier",
  "days",
  "since",
  "state",
  "linkLimit",
  "limit",
  "addresses",
  "block",
  "detail",
] as const;
export type EventWords = Record<(typeof EVENT_WORDS)[number], string>;

type Params = Record<string, string | number | boolean | string[]>;
type Part = { code: string; params?: Params };

// The words a message matched, as the agent would find them in it (straight quotes, in either language).
const quoted = (list: unknown) => (Array.isArray(list) ? list.map((k) => `"${k}"`).join(", ") : "");
const text = (value: unknown) => (value === undefined || value === null ? "" : String(value));
const minutes = (value: unknown) => (typeof value === "number" ? duration(value) : "");
const percentOf = (value: unknown) => (typeof value === "number" ? percent(value / 100) : "");

/** Why no acknowledgement went out, in words (the automatic-mail reason names the mail's own markers). */
function skipReason(reason: string, detail: string) {
  const said = (t.events.skipReasons as Record<string, string | ((detail: string) => string) | undefined>)[
    reason
  ];
  return typeof said === "function" ? said(detail) : (said ?? detail);
}

/** A part's params as words: names for ids, the agent's formats for dates, durations and numbers. */
export function wordsOf(params: Params, names: Names): EventWords {
  const p = params as Record<string, unknown>;
  const ev = t.events;
  const id = (value: unknown, show: (names: Names, id: string) => string) =>
    typeof value === "string" && value ? show(names, value) : "";
  const words = Object.fromEntries(EVENT_WORDS.map((k) => [k, text(p[k])])) as EventWords;
  return {
    ...words,
    channel: ev.channels[text(p.channel)] ?? text(p.channel),
    // As the ticket page names tiers (N1 … N4 in French), never the API's L1 … L4.
    tier: t.common.tiers[text(p.tier)] ?? text(p.tier),
    escalatedTo: t.common.tiers[text(p.escalatedTo)] ?? text(p.escalatedTo),
    topTier: t.common.tiers[text(p.topTier)] ?? text(p.topTier),
    agent: id(p.agent, agentName),
    previous: id(p.previous, agentName),
    rating: ev.ratings[text(p.rating)] ?? text(p.rating),
    number: typeof p.number === "number" ? `#${p.number}` : "",
    reason: skipReason(text(p.reason), text(p.detail)),
    field: t.fields[text(p.field)] ?? text(p.field),
    category: id(p.category, categoryName),
    keywords: quoted(p.keywords),
    signals: quoted(p.signals),
    confidence: percentOf(p.confidence),
    minConfidence: percentOf(p.minConfidence),
    team: id(p.team, teamName),
    fallbackTeam: id(p.fallbackTeam, teamName),
    movedTo: id(p.movedTo, teamName),
    // Mid-sentence: "priority urgent", "priorité urgente".
    priority: (t.priorities[text(p.priority)] ?? text(p.priority)).toLowerCase(),
    why: ev.waitReason(text(p.why), id(p.team, teamName)),
    target: ev.targets[text(p.target)] ?? text(p.target),
    dueAt: p.dueAt ? when(text(p.dueAt)) : "",
    since: p.since ? when(text(p.since)) : "",
    left: minutes(p.leftMinutes),
    late: minutes(p.lateMinutes),
    waited: minutes(p.waitedMinutes),
    told: p.told ? ev.toldWho(text(p.told), id(p.toldTeam, teamName)) : "",
    state: ev.states[text(p.state)] ?? text(p.state),
    block: ev.blocks[text(p.block)] ?? text(p.block),
    addresses: Array.isArray(p.addresses) ? p.addresses.map(String).map(shownAddress).join(", ") : "",
    // A merged ticket's subject as stored: "(no subject)" in the agent's words.
    subject: shownText(text(p.subject)),
    // Addresses as people read them: an internationalised domain in Unicode.
    to: shownAddress(text(p.to)),
    sender: shownAddress(text(p.sender)),
  };
}

type Sentence = (w: EventWords) => string;
const sentenceOf = (code: string): Sentence | undefined => {
  const found = (t.events.say as Record<string, Sentence | undefined>)[code];
  return typeof found === "function" ? found : undefined;
};

/** One part's sentence, or undefined when this app does not know its code. */
function partText(part: Part, names: Names): string | undefined {
  return sentenceOf(part.code)?.(wordsOf(part.params ?? {}, names));
}

/** An entry's text in the agent's language; its English body when it has no code or an unknown one. */
export function eventText(entry: Pick<Entry, "body" | "what">, names: Names): string | null {
  const what = entry.what;
  if (!what) return shownText(entry.body);
  const heading = (t.events.headings as Record<string, ((parts: string) => string) | undefined>)[what.code];
  let said: string | undefined;
  if (heading) {
    const parts = (what.parts ?? []).map((part) => partText(part, names));
    if (parts.some((p) => p === undefined)) return entry.body;
    said = heading(parts.join(t.events.partSeparator));
  } else said = partText(what, names);
  if (said === undefined) return entry.body;
  if (what.params?.resent)
    said += t.events.resent(what.params.claimedAt ? when(text(what.params.claimedAt)) : "");
  return said;
}

/** The names the desk writes under (its own name, triage, SLA, safety net) in the agent's language. */
export function authorText(entry: Pick<Entry, "author" | "kind" | "what">): string | null {
  if (entry.author.type !== "system") return null;
  const code = entry.what?.code;
  if (code === "triage" || entry.author.name === "Triage") return t.events.authors.triage;
  if (code === "sla" || entry.author.name === "SLA") return t.events.authors.sla;
  if (code === "safety_net" || entry.author.name === "Safety net") return t.events.authors.safetyNet;
  // The default desk name is ours to translate; a name the desk chose is a proper noun, shown as it is.
  if (!entry.author.name || entry.author.name === "Help desk" || entry.author.name === "Desk")
    return t.events.authors.desk;
  return null;
}
