import { listCategories } from "../agent/directory.ts";
import { newId } from "../ids.ts";
import { type EntryItem, store, type TicketItem } from "../store/index.ts";
import { changeTicket, IdempotencyRaceError } from "../ticket/commit.ts";
import { queueOf } from "../ticket/model.ts";
import { getTicketWithTimeline } from "../ticket/read.ts";
import { matchCategory, priorityFromSignals } from "./rules.ts";

type Change = NonNullable<EntryItem["changes"]>[number];
const TRIAGED_FIELDS = ["category", "team", "priority", "tier"] as const;

/** Fields an agent has set on this ticket (by a change on the timeline, or when opening it): triage leaves them. */
function setByAgents(ticket: TicketItem, entries: EntryItem[]): Set<string> {
  const fields = new Set(
    entries
      .filter((e) => e.kind === "event" && e.authorType === "agent")
      .flatMap((e) => (e.changes ?? []).map((c) => c.field)),
  );
  if (ticket.createdBy) {
    for (const field of TRIAGED_FIELDS)
      if (ticket[field] !== undefined && field !== "tier") fields.add(field);
  }
  return fields;
}

/**
 * Categorizes, prioritizes and routes a new ticket, once: keyword rules (English and French) pick the category
 * and with it the team, urgency signals the priority; new tickets start at tier L1. Each decision and its reason
 * land on the timeline as one event. Fields an agent set — before triage, or while it ran — are never touched.
 */
export async function triageTicket(ticketId: string, now = new Date()) {
  const { data: done } = await store().entities.idempotency.get({ scope: "triage", idemKey: ticketId }).go();
  if (done) return "already_triaged";
  const { ticket: loaded, entries } = await getTicketWithTimeline(ticketId);
  const first = entries.find((e) => e.kind === "customer_message");
  const body = first?.body ?? "";
  const agentFields = setByAgents(loaded, entries);
  const categories = await listCategories();
  const match = matchCategory(loaded.subject, body, categories);
  const { priority, signals } = priorityFromSignals(loaded.subject, body, loaded.channel);
  const at = now.toISOString();

  try {
    await changeTicket(ticketId, undefined, (before) => {
      // Also leave whatever changed since we read the ticket: someone else (an agent) did that.
      const free = (field: (typeof TRIAGED_FIELDS)[number]) =>
        !agentFields.has(field) && before[field] === loaded[field];
      const after = { ...before };
      const changes: Change[] = [];
      const reasons: string[] = [];
      const set = <K extends (typeof TRIAGED_FIELDS)[number]>(
        field: K,
        value: TicketItem[K],
        reason: string,
      ) => {
        if (!free(field)) {
          reasons.push(`${field}: kept as an agent set it`);
          return;
        }
        reasons.push(reason);
        if (before[field] === value) return;
        after[field] = value;
        changes.push({
          field,
          from: (before[field] as string | undefined) ?? undefined,
          to: (value as string | undefined) ?? undefined,
        });
      };
      if (match) {
        set(
          "category",
          match.category.id,
          `category ${match.category.name}: rule matched ${match.matched.map((k) => `"${k}"`).join(", ")}`,
        );
      } else if (free("category")) {
        reasons.push("category: no rule matched; left for an agent");
      }
      // Route by the category the ticket ends up with: an agent's choice of category routes like a rule's.
      const category = categories.find((c) => c.id === after.category);
      if (category?.defaultTeam)
        set(
          "team",
          category.defaultTeam,
          `team ${category.defaultTeam}: the default team of ${category.name}`,
        );
      set(
        "priority",
        priority,
        signals.length
          ? `priority ${priority}: ${signals.map((s) => `"${s}"`).join(", ")}`
          : "priority normal: no urgency signal",
      );
      set("tier", "L1", "tier L1: new tickets start at the front line");
      const entry: EntryItem = {
        ticketId,
        entryId: newId(now),
        kind: "event",
        createdAt: at,
        authorType: "system",
        authorName: "Triage",
        body: `Triage — ${reasons.join("; ")}.`,
        changes,
      };
      return {
        after: { ...after, ...queueOf(after), version: before.version + 1, updatedAt: at },
        entries: [entry],
        events: [],
        idempotency: {
          scope: "triage",
          idemKey: ticketId,
          fingerprint: "",
          ticketId,
          number: before.number,
          createdAt: at,
        },
      };
    });
  } catch (error) {
    if (error instanceof IdempotencyRaceError) return "already_triaged";
    throw error;
  }
  return "triaged";
}
