import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { api } from "../api.ts";
import { Options } from "../components/Options.tsx";
import { t } from "../strings.ts";
import type { Team } from "../types.ts";
import { ApiForm } from "./admin/form.tsx";
import { newTicketBody } from "./new-ticket.ts";

/**
 * An agent opens a ticket for a customer (a phone call, a walk-in). Priority and team are left to triage unless
 * the agent picks them: an unpicked field is not sent, so the words of the request decide (issue 14).
 */
export function NewTicket() {
  const location = useLocation();
  const [teams, setTeams] = useState<Team[]>([]);
  // One key per form shown: a double submit (or a retry after a timeout) files one ticket.
  const [key] = useState(() => crypto.randomUUID());
  useEffect(() => {
    api<{ items: Team[] }>("/teams").then(({ data }) => setTeams(data.items));
  }, []);
  return (
    <section aria-labelledby="new-ticket-title" class="admin">
      <h1 id="new-ticket-title">{t.newTicket}</h1>
      <ApiForm
        label={t.newTicket}
        button={t.createTicket}
        submit={async (form) => {
          const body = newTicketBody(form);
          const { data } = await api<{ ticket: { id: string } }>("/agent/tickets", {
            method: "POST",
            body,
            idempotencyKey: key,
          });
          location.route(`/app/tickets/${data.ticket.id}`);
          return undefined;
        }}
      >
        <label>
          {t.requester} <input name="name" required maxLength={200} />
        </label>
        <label>
          {t.email} <input name="email" type="email" required />
        </label>
        <label>
          {t.common.subject} <input name="subject" required maxLength={200} />
        </label>
        <label>
          {t.common.message} <textarea name="message" rows={6} required />
        </label>
        <label>
          {t.filters.channel}
          <select name="channel">
            <Options entries={t.common.channels} />
          </select>
        </label>
        <label>
          {t.language}
          <select name="locale">
            <Options entries={{ en: "English", fr: "Français" }} />
          </select>
        </label>
        <label>
          {t.priority}
          <select name="priority">
            <Options none={t.letTriageDecide} entries={t.priorities} />
          </select>
        </label>
        <label>
          {t.team}
          <select name="team">
            <Options
              none={t.letTriageDecide}
              entries={Object.fromEntries(teams.map((x) => [x.id, x.name]))}
            />
          </select>
        </label>
      </ApiForm>
    </section>
  );
}
