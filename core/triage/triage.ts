import { DEFAULT_CAPACITY, teamAgentItems } from "../agent/agent.ts";
import { listCategories } from "../agent/directory.ts";
import type { DeskEvent } from "../events/schema.ts";
import { newId } from "../ids.ts";
import { prefetchSlaContext } from "../sla/policy.ts";
import { PRIORITIES } from "../store/entities/ticket.ts";
import { type EntryItem, store, type TicketItem } from "../store/index.ts";
import { AssignmentConflictError, changeTicket, IdempotencyRaceError } from "../ticket/commit.ts";
import { type EventPart, said } from "../ticket/event-text.ts";
import { markLoadCheck } from "../ticket/load-check.ts";
import { queueOf } from "../ticket/model.ts";
import { getTicketWithTimeline } from "../ticket/read.ts";
import { eventEntry } from "../ticket/write-parts.ts";
import { currentModel, readModelHead, ticketText } from "./learn.ts";
import { type CategoryRules, matchCategory, priorityFromSignals } from "./rules.ts";
import { type TriageSettings, triageSettings, vipMatch } from "./settings.ts";

type Change = NonNullable<EntryItem["changes"]>[number];
type Priority = (typeof PRIORITIES)[number];
const TRIAGED_FIELDS = ["category", "team", "priority", "tier"] as const;
type Field = (typeof TRIAGED_FIELDS)[number];
const rank = (priority: Priority) => PRIORITIES.indexOf(priority);

/**
 * Fields an agent has set on this ticket, by a change on the timeline — including the fields they chose when
 * opening it for a customer (the opening event lists them): triage leaves those and decides the rest.
 */
function setByAgents(entries: EntryItem[]): Set<string> {
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
function chooseCategory(
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
function choosePriority(subject: string, body: string, channel: string, email: string, vips: string[]) {
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

const readTeam = (teamId: string) => store().entities.team.get({ teamId }).go();

/** A team's members as one triage run reads them: each team's Query once, however often it is asked. */
type MembersOf = typeof teamAgentItems;
function membersOnce(): MembersOf {
  const read = new Map<string, ReturnType<MembersOf>>();
  return (teamId) => {
    if (!read.has(teamId)) read.set(teamId, teamAgentItems(teamId));
    return read.get(teamId)!;
  };
}

/**
 * The team's available agents, least open work first, ties to whoever got a ticket longest ago (round-robin).
 * `membersOf` lets a triage run reuse the members it read when it checked the team was staffed, and `teamRead`
 * the team's item it read meanwhile.
 */
export async function availableAgents(
  teamId: string,
  membersOf: MembersOf = teamAgentItems,
  teamRead = readTeam(teamId),
) {
  const { data: team } = await teamRead;
  if (!team || team.autoAssign === false)
    return { candidates: [], why: `auto-assign is off for ${teamId}`, whyCode: "auto_assign_off" };
  const agents = (await membersOf(teamId)).filter((a) => a.active && !a.away);
  if (agents.length === 0)
    return { candidates: [], why: `nobody in ${teamId} is available`, whyCode: "nobody_available" };
  const { data: loads } = await store()
    .entities.agentLoad.get(agents.map(({ agentId }) => ({ agentId })))
    .go();
  const loadOf = new Map(loads.map((l) => [l.agentId, l]));
  // A count that drifted below 0 is ranked as 0, reserved on as stored (below), and checked by the sweep.
  await Promise.all(loads.filter((l) => (l.open ?? 0) < 0).map((l) => markLoadCheck(l.agentId)));
  const candidates = agents
    .map((agent) => {
      const load = loadOf.get(agent.agentId);
      return {
        agent,
        open: Math.max(0, load?.open ?? 0),
        storedOpen: load?.open ?? 0,
        last: load?.lastAssignedAt ?? "",
        capacity: agent.capacity ?? DEFAULT_CAPACITY,
      };
    })
    .filter((c) => c.open < c.capacity)
    .sort(
      (a, b) =>
        a.open - b.open || a.last.localeCompare(b.last) || a.agent.agentId.localeCompare(b.agent.agentId),
    );
  return {
    candidates,
    why: candidates.length ? "" : `everyone in ${teamId} is at capacity`,
    whyCode: candidates.length ? "" : "at_capacity",
  };
}
type Candidate = Awaited<ReturnType<typeof availableAgents>>["candidates"][number];

/** What triage wants for each field, with the reason; fields it has no opinion on are absent. */
type Plan = { [F in Field]?: { value: TicketItem[F]; reason: string; parts: EventPart[] } } & {
  notes: string[];
  noteParts: EventPart[];
};

/**
 * Applies a plan once (idempotency record `triage/<key>`), leaving every field an agent set — before triage,
 * or while it ran — and assigns the ticket to the team's available agent with the least open work when it has
 * nobody yet (`assign`). Every decision and its reason land on the timeline as one "Triage" event.
 */
async function applyPlan(input: {
  ticketId: string;
  key: string;
  loaded: TicketItem;
  agentFields: Set<string>;
  plan: () => Plan;
  assign: boolean;
  now: Date;
  /** The members of teams already read in this run (staffing). */
  membersOf?: MembersOf;
  /** The item of the team triage expects to assign in, read while it checked the team's members. */
  teamRead?: { teamId: string; read: ReturnType<typeof readTeam> };
}) {
  const { ticketId, loaded, agentFields, now } = input;
  const at = now.toISOString();
  const plan = input.plan();
  const plannedTeam = agentFields.has("team") ? loaded.team : (plan.team?.value ?? loaded.team);
  let why = "";
  let whyCode = "";

  // The first write starts from the ticket as triage read it (no second GetItem); it is conditioned on that
  // version, and a ticket changed meanwhile is read again and decided afresh (changeTicket).
  let readAs: TicketItem | undefined = loaded;
  const change: typeof changeTicket = (id, expectedVersion, decide) => {
    const from = readAs;
    readAs = undefined;
    return changeTicket(id, expectedVersion, decide, from);
  };
  const attempt = (candidate: Candidate | undefined) =>
    change(ticketId, undefined, (before) => {
      // Also leave whatever changed since we read the ticket: someone else (an agent) did that.
      const free = (field: Field) => !agentFields.has(field) && before[field] === loaded[field];
      const after = { ...before };
      const changes: Change[] = [];
      const reasons: string[] = [];
      const parts: EventPart[] = [];
      for (const field of TRIAGED_FIELDS) {
        const wanted = plan[field];
        if (!wanted) continue;
        if (!free(field)) {
          reasons.push(`${field}: kept as an agent set it`);
          parts.push(said("triage_kept", { field }));
          continue;
        }
        reasons.push(wanted.reason);
        parts.push(...wanted.parts);
        if (before[field] === wanted.value) continue;
        (after as Record<string, unknown>)[field] = wanted.value;
        changes.push({ field, from: before[field] ?? undefined, to: wanted.value ?? undefined });
      }
      reasons.push(...plan.notes);
      parts.push(...plan.noteParts);
      const events: DeskEvent[] = [];
      let assignment: { agentId: string; expectedOpen: number; at: string } | undefined;
      if (
        candidate &&
        (!before.assigneeId || before.assigneeId === loaded.assigneeId) &&
        after.team === plannedTeam
      ) {
        after.assigneeId = candidate.agent.agentId;
        changes.push({ field: "assigneeId", from: before.assigneeId, to: candidate.agent.agentId });
        reasons.push(
          `assignee ${candidate.agent.name}: least open work in ${plannedTeam} (${candidate.open} of ${candidate.capacity})`,
        );
        parts.push(
          said("triage_assigned", {
            agent: candidate.agent.agentId,
            team: plannedTeam,
            open: candidate.open,
            capacity: candidate.capacity,
          }),
        );
        assignment = { agentId: candidate.agent.agentId, expectedOpen: candidate.storedOpen, at };
        events.push({
          type: "ticket.assigned",
          id: newId(now),
          occurredAt: at,
          ticketId,
          agentId: candidate.agent.agentId,
        });
      } else if (why) {
        reasons.push(`assignee: none, ${why}; the ticket waits in the team queue`);
        parts.push(said("triage_waits", { team: plannedTeam, why: whyCode }));
      }
      const entry = eventEntry(
        ticketId,
        { type: "system", name: "Triage" },
        changes,
        now,
        `Triage — ${reasons.join("; ")}.`,
        { code: "triage", parts },
      );
      return {
        after: { ...after, ...queueOf(after), version: before.version + 1, updatedAt: at },
        entries: [entry],
        events,
        idempotency: {
          scope: "triage",
          idemKey: input.key,
          fingerprint: "",
          ticketId,
          number: before.number,
          createdAt: at,
        },
        assignment,
      };
    });

  try {
    // Another ticket may be given to the chosen agent meanwhile: then look at the loads again and choose again.
    for (let round = 0; input.assign && plannedTeam && round < 10; round++) {
      const early = round === 0 && input.teamRead?.teamId === plannedTeam ? input.teamRead.read : undefined;
      const available = await availableAgents(plannedTeam, input.membersOf, early);
      why = available.why;
      whyCode = available.whyCode;
      const [best] = available.candidates;
      if (!best) break;
      try {
        await attempt(best);
        return "triaged";
      } catch (error) {
        if (!(error instanceof AssignmentConflictError)) throw error;
        // Usually another ticket got there first; a count that keeps refusing has drifted: the sweep checks it.
        if (round > 0) await markLoadCheck(best.agent.agentId);
        why = "the team's agents were being assigned other tickets; try again by hand";
        whyCode = "busy";
      }
    }
    await attempt(undefined);
  } catch (error) {
    if (error instanceof IdempotencyRaceError) return "already_triaged";
    throw error;
  }
  return "triaged";
}

/**
 * A team with nobody active in it would hide a ticket: triage sends it to the desk's fallback team instead when
 * that team has someone, and otherwise leaves it where it is — admins see every unassigned ticket, and the sweep's
 * safety net mails them about it (core/sla/safety-net.ts).
 */
async function staffedTeam(
  team: string,
  fallbackTeam: string | null,
  membersOf: MembersOf,
): Promise<{ team: string; reason?: string; part?: EventPart }> {
  const staffed = async (id: string) => (await membersOf(id)).some((a) => a.active);
  if (await staffed(team)) return { team };
  if (fallbackTeam && fallbackTeam !== team && (await staffed(fallbackTeam)))
    return {
      team: fallbackTeam,
      reason: `team ${team} has no active member: routed to the fallback team ${fallbackTeam}`,
      part: said("triage_team_rerouted", { team, fallbackTeam }),
    };
  return {
    team,
    reason: `team ${team} has no active member${fallbackTeam && fallbackTeam !== team ? ` (nor has the fallback team ${fallbackTeam})` : ""}: admins see it in their unassigned view and the safety net alerts them`,
    part: said("triage_team_unstaffed", {
      team,
      fallbackTeam: fallbackTeam && fallbackTeam !== team ? fallbackTeam : undefined,
    }),
  };
}

const alreadyDone = async (key: string) =>
  Boolean((await store().entities.idempotency.get({ scope: "triage", idemKey: key }).go()).data);

/**
 * Categorizes, prioritizes, routes and assigns a new ticket, once: category by keyword rules or the learned
 * model, then team by category (or the fallback team), priority by urgency signals and VIPs, tier L1.
 */
export async function triageTicket(ticketId: string, now = new Date()) {
  // Everything triage reads first goes out at once, beside its claim check: a redelivery (rare) wastes a few
  // reads; a first delivery saves their round trips. The model's head is read even when an agent chose the
  // category (0.5 RRU); its parts only when triage chooses it. The SLA settings its write needs are read meanwhile.
  prefetchSlaContext();
  const reads = Promise.all([getTicketWithTimeline(ticketId), triageSettings(), listCategories()]);
  const modelHead = readModelHead();
  // Both awaited below, the head only when triage chooses the category (unless already triaged).
  reads.catch(() => undefined);
  modelHead.catch(() => undefined);
  if (await alreadyDone(ticketId)) return "already_triaged";
  const [{ ticket, entries }, settings, categoryList] = await reads;
  const membersOf = membersOnce();
  const body = entries.find((e) => e.kind === "customer_message")?.body ?? "";
  const agentFields = setByAgents(entries);
  const chosen = agentFields.has("category")
    ? undefined
    : chooseCategory(ticket.subject, body, categoryList, settings, await currentModel(modelHead));
  const { priority, why, signals } = choosePriority(
    ticket.subject,
    body,
    ticket.channel,
    ticket.requesterEmail,
    settings.vips,
  );
  // Where the ticket would go, checked for people before it goes there (a team nobody is in sees nothing).
  const routedCategory = categoryList.find(
    (c) => c.id === (agentFields.has("category") ? ticket.category : chosen?.category?.id),
  );
  const intended = agentFields.has("team")
    ? undefined
    : (routedCategory?.defaultTeam ?? (routedCategory ? undefined : settings.fallbackTeam) ?? undefined);
  const assign = !ticket.assigneeId && !agentFields.has("assigneeId");
  // The team's own item (is auto-assign on?) read while its members are; unused if it routes elsewhere.
  const teamRead = assign && intended ? { teamId: intended, read: readTeam(intended) } : undefined;
  teamRead?.read.catch(() => undefined);
  const staffing = intended ? await staffedTeam(intended, settings.fallbackTeam, membersOf) : undefined;
  // The categories read above (one Query): the plan routes by the one the ticket ends up with.
  const categories = new Map(categoryList.map((c) => [c.id, c]));
  return applyPlan({
    ticketId,
    key: ticketId,
    loaded: ticket,
    agentFields,
    now,
    membersOf,
    teamRead,
    assign,
    plan: () => {
      const plan: Plan = {
        notes: [],
        noteParts: [],
        tier: {
          value: "L1",
          reason: "tier L1: new tickets start at the front line",
          parts: [said("triage_tier", { tier: "L1" })],
        },
      };
      if (chosen?.category)
        plan.category = { value: chosen.category.id, reason: chosen.reason, parts: [chosen.part] };
      else if (chosen) {
        plan.notes.push(chosen.reason);
        plan.noteParts.push(chosen.part);
      }
      // Route by the category the ticket ends up with: an agent's choice of category routes like triage's.
      const category = categories.get(
        (agentFields.has("category") ? ticket.category : chosen?.category?.id) ?? "",
      );
      if (category?.defaultTeam)
        plan.team = {
          value: category.defaultTeam,
          reason: `team ${category.defaultTeam}: the default team of ${category.name}`,
          parts: [said("triage_team_default", { team: category.defaultTeam, category: category.id })],
        };
      else if (!category && settings.fallbackTeam)
        plan.team = {
          value: settings.fallbackTeam,
          reason: `team ${settings.fallbackTeam}: where uncategorized tickets go`,
          parts: [said("triage_team_uncategorized", { team: settings.fallbackTeam })],
        };
      const staffingParts = staffing?.part ? [staffing.part] : [];
      if (plan.team && staffing?.team && staffing.team !== plan.team.value)
        plan.team = {
          value: staffing.team,
          reason: `${plan.team.reason}, but ${staffing.reason}`,
          parts: [...plan.team.parts, ...staffingParts],
        };
      else if (plan.team && staffing?.reason) {
        plan.team.reason += `; ${staffing.reason}`;
        plan.team.parts.push(...staffingParts);
      }
      plan.priority = {
        value: priority,
        reason: `priority ${priority}: ${why}`,
        parts: [said("triage_priority", { priority, ...signals })],
      };
      return plan;
    },
  });
}

/**
 * A customer reopened a solved ticket: raise the priority if the new message calls for it (never lower it, never
 * over an agent's choice), and give the ticket to the team's available agents when its assignee is gone.
 */
export async function retriageReopened(ticketId: string, entryId: string, now = new Date()) {
  const key = `${ticketId}#${entryId}`;
  prefetchSlaContext();
  const reads = Promise.all([getTicketWithTimeline(ticketId), triageSettings()]);
  reads.catch(() => undefined); // awaited below unless already triaged
  if (await alreadyDone(key)) return "already_triaged";
  const [{ ticket, entries }, settings] = await reads;
  const message = entries.find((e) => e.entryId === entryId);
  if (!message) return "ignored";
  const agentFields = setByAgents(entries);
  const { priority, why, signals } = choosePriority(
    "",
    message.body ?? "",
    ticket.channel,
    ticket.requesterEmail,
    settings.vips,
  );
  let assigneeGone = !ticket.assigneeId;
  if (ticket.assigneeId) {
    const { data: assignee } = await store().entities.agent.get({ agentId: ticket.assigneeId }).go();
    assigneeGone = !assignee?.active;
  }
  return applyPlan({
    ticketId,
    key,
    loaded: ticket,
    agentFields,
    now,
    assign: assigneeGone,
    plan: () => {
      const plan: Plan = { notes: ["reopened by the customer"], noteParts: [said("triage_reopened")] };
      if (rank(priority) > rank(ticket.priority))
        plan.priority = {
          value: priority,
          reason: `priority ${priority}: ${why} in the customer's new message`,
          parts: [said("triage_priority", { priority, ...signals, reopened: true })],
        };
      if (assigneeGone && ticket.assigneeId) {
        plan.notes.push("the previous assignee is no longer active");
        plan.noteParts.push(said("triage_assignee_gone"));
      }
      return plan;
    },
  });
}
