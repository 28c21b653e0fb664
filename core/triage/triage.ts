import { listCategories } from "../agent/directory.ts";
import { prefetchSlaContext } from "../sla/policy.ts";
import { store } from "../store/index.ts";
import { said } from "../ticket/event-text.ts";
import { getTicketWithTimeline } from "../ticket/read.ts";
import { applyPlan, type Plan } from "./apply-plan.ts";
import { chooseCategory, choosePriority, rank, setByAgents } from "./decisions.ts";
import { currentModel, readModelHead } from "./learn.ts";
import { triageSettings } from "./settings.ts";
import { membersOnce, readTeam, staffedTeam } from "./team-agents.ts";

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
