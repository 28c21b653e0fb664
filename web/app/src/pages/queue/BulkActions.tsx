// Changing the selected tickets of a queue at once: status, priority, assignee.
import { api, untouched } from "../../api.ts";
import { Options } from "../../components/Options.tsx";
import { number } from "../../format.ts";
import { t } from "../../strings.ts";
import type { Ticket } from "../../types.ts";

/** Applies one change to every chosen ticket, never over someone else's change of the same field: how many failed. */
export async function applyToEach(chosen: Ticket[], patch: Record<string, unknown>): Promise<number> {
  // Automatic entries (acknowledgements, triage) move a ticket's version without touching what the agent saw:
  // re-read each ticket, and write only if the fields being changed still hold what the list showed.
  const results = await Promise.allSettled(
    chosen.map(async (ticket) => {
      const fresh = await api<Ticket>(`/tickets/${ticket.id}`);
      if (!untouched(patch, ticket, fresh.data)) throw new Error("changed meanwhile");
      await api(`/tickets/${ticket.id}`, {
        method: "PATCH",
        body: patch,
        ifMatch: fresh.etag ?? undefined,
      });
    }),
  );
  return results.filter((r) => r.status === "rejected").length;
}

/** The bar shown while tickets are selected: each choice applies at once to all of them. */
export function BulkActions({
  count,
  assignees,
  me,
  apply,
}: {
  count: number;
  /** Active agents by id: who the selection can be assigned to. */
  assignees: Record<string, string>;
  me: string;
  apply: (patch: Record<string, unknown>) => void;
}) {
  const choice = (field: string, label: string, action: string, entries: Record<string, string>) => (
    <label>
      {label}
      <select
        aria-label={action}
        onChange={(e) => e.currentTarget.value && apply({ [field]: e.currentTarget.value })}
      >
        <Options none="—" entries={entries} />
      </select>
    </label>
  );
  return (
    <section class="bulk" aria-label={t.queuePage.bulk}>
      <span>{t.queuePage.selected(number(count))}</span>
      {choice("status", t.status, t.queuePage.setStatus, t.statuses)}
      {choice("priority", t.priority, t.queuePage.setPriority, t.priorities)}
      {choice("assigneeId", t.assignee, t.queuePage.assignSelected, assignees)}
      <button type="button" onClick={() => apply({ assigneeId: me })}>
        {t.queuePage.assignToMe}
      </button>
    </section>
  );
}
