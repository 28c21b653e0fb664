import type { DeskEvent } from "../../core/events/schema.ts";
import { newId } from "../../core/ids.ts";
import { applyEvent } from "../../core/report/stats.ts";
import { slaContext } from "../../core/sla/policy.ts";
import type { TicketItem } from "../../core/store/index.ts";
import { takeMetered } from "../../core/store/meter.ts";
import { loadTicketItem } from "../../core/ticket/commit.ts";
import { countChanges } from "../../core/ticket/counts.ts";
import type { createApp } from "../../functions/api/app.ts";

type App = ReturnType<typeof createApp>;

/**
 * What the Reports worker writes for each event of a ticket's life (created, first reply, second reply, solve,
 * survey, rating — and the shapes beside them: replies by an agent who is not the assignee, a reply that changes
 * the status), measured on `applyEvent` with the events a real ticket's changes publish — its facts and the
 * queue counters it moves — in the same row shape as the API operations, with the promises of
 * core/store/README.md (Writes: "report counters for one event"): FAIL where a figure exceeds its promise.
 */
export async function measureReportCounters(app: App) {
  await slaContext();
  const response = await app.request("/api/tickets", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: "Rae", email: "rae@example.com", subject: "Counters", message: "Bench" }),
  });
  const { id } = (await response.json()) as { id: string };
  const created = await loadTicketItem(id);
  const at = new Date().toISOString();
  const open: TicketItem = { ...created, status: "open" };
  const solved: TicketItem = { ...open, status: "solved" };
  const base = { occurredAt: at, ticketId: id };
  const pending: TicketItem = { ...open, status: "pending" };
  const author = created.assigneeId ? { agentId: created.assigneeId } : {};
  // An agent who is not the assignee (the ticket is unassigned here, or assigned to someone else): their reply
  // counts under them, the rest of the event under the assignee — one more counter item.
  const other = { agentId: "01BENCHNOTTHEASSIGNEE00000" };
  const events: [string, [number, number], DeskEvent][] = [
    [
      "report counters: ticket created",
      [3, 19],
      {
        ...base,
        id: newId(),
        type: "ticket.facts",
        facts: [{ metric: "created" }],
        counts: countChanges(null, created),
      },
    ],
    [
      "report counters: first reply (status new → open)",
      [3, 15],
      {
        ...base,
        id: newId(),
        type: "ticket.facts",
        facts: [
          { metric: "reply", ...author },
          { metric: "first_response", minutes: 12 },
          { metric: "sla", detail: "first_response_met" },
        ],
        counts: countChanges(created, open),
      },
    ],
    [
      "report counters: another reply",
      [2, 10],
      { ...base, id: newId(), type: "ticket.facts", facts: [{ metric: "reply", ...author }] },
    ],
    [
      "report counters: first reply by a non-assignee (status new → open)",
      [3, 17],
      {
        ...base,
        id: newId(),
        type: "ticket.facts",
        facts: [
          { metric: "reply", ...other },
          { metric: "first_response", minutes: 12 },
          { metric: "sla", detail: "first_response_met" },
        ],
        counts: countChanges(created, open),
      },
    ],
    [
      "report counters: another reply by a non-assignee",
      [2, 10],
      { ...base, id: newId(), type: "ticket.facts", facts: [{ metric: "reply", ...other }] },
    ],
    [
      "report counters: reply that sets the status (open → pending)",
      [3, 15],
      {
        ...base,
        id: newId(),
        type: "ticket.facts",
        facts: [{ metric: "reply", ...author }],
        counts: countChanges(open, pending),
      },
    ],
    [
      "report counters: solved",
      [3, 19],
      {
        ...base,
        id: newId(),
        type: "ticket.facts",
        facts: [
          { metric: "solved", minutes: 95 },
          { metric: "one_touch" },
          { metric: "sla", detail: "resolution_met" },
        ],
        counts: countChanges(open, solved),
      },
    ],
    ["report counters: survey sent", [2, 10], { ...base, id: newId(), type: "ticket.csat_request" }],
    [
      "report counters: rated",
      [2, 10],
      { ...base, id: newId(), type: "ticket.rated", rating: "good", previous: null },
    ],
  ];
  const rows = [];
  for (const [operation, [promised, promisedWriteUnits], event] of events) {
    takeMetered();
    const outcome = await applyEvent(event);
    if (outcome !== "counted") throw new Error(`${operation}: ${outcome}`);
    const calls = takeMetered();
    const writeUnits = +calls.reduce((sum, c) => sum + c.writeUnits, 0).toFixed(1);
    rows.push({
      operation,
      requests: calls.length,
      promised,
      readUnits: +calls.reduce((sum, c) => sum + c.readUnits, 0).toFixed(1),
      writeUnits,
      promisedWriteUnits,
      check: (calls.length > promised || writeUnits > promisedWriteUnits ? "FAIL" : "ok") as "ok" | "FAIL",
    });
  }
  return rows;
}
