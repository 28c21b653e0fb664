import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { api } from "../api.ts";
import { toUploads } from "../attachment-files.ts";
import { Attachments, dropHandlers, useNoStrayDrops, withAdded } from "../components/Attachments.tsx";
import { LimitedField } from "../components/LimitedField.tsx";
import { Options } from "../components/Options.tsx";
import { LIMITS } from "../limits.ts";
import { lang } from "../locale.ts";
import { localName } from "../names.ts";
import { t } from "../strings.ts";
import type { Category, Team } from "../types.ts";
import { ApiForm } from "./admin/form.tsx";
import { newTicketBody } from "./new-ticket.ts";

/**
 * An agent opens a ticket for a customer (a phone call, a walk-in). Priority and team are left to triage unless
 * the agent picks them: an unpicked field is not sent, so the words of the request decide (issue 14).
 */
export function NewTicket() {
  const location = useLocation();
  const [teams, setTeams] = useState<Team[]>([]);
  const [categories, setCategories] = useState<Category[]>([]);
  const [files, setFiles] = useState<File[]>([]);
  const [fileProblem, setFileProblem] = useState("");
  const [dropping, setDropping] = useState(false);
  // One key per form shown: a double submit (or a retry after a timeout) files one ticket.
  const [key] = useState(() => crypto.randomUUID());
  useNoStrayDrops();
  useEffect(() => {
    api<{ items: Team[] }>("/teams").then(({ data }) => setTeams(data.items));
    api<{ items: Category[] }>("/categories").then(({ data }) => setCategories(data.items));
  }, []);
  return (
    <section aria-labelledby="new-ticket-title" class="admin">
      <h1 id="new-ticket-title">{t.newTicket}</h1>
      <p>{t.work.newTicketIntro}</p>
      {/* Files can be dropped anywhere on the form, as on the composer. */}
      <div
        class={dropping ? "dropping" : undefined}
        {...dropHandlers((added) => {
          const next = withAdded(files, added);
          setFiles(next.files);
          setFileProblem(next.problem);
        }, setDropping)}
      >
        <ApiForm
          label={t.newTicket}
          button={t.createTicket}
          submit={async (form) => {
            const body = {
              ...newTicketBody(form),
              ...(files.length ? { attachments: await toUploads(files) } : {}),
            };
            const { data } = await api<{ ticket: { id: string } }>("/agent/tickets", {
              method: "POST",
              body,
              idempotencyKey: key,
            });
            location.route(`/app/tickets/${data.ticket.id}`);
            return undefined;
          }}
        >
          <LimitedField
            label={t.work.name}
            max={LIMITS.requesterName}
            name="name"
            required
            autocomplete="off"
          />
          <label>
            {t.work.email} <input name="email" type="email" required autocomplete="off" />
          </label>
          <label>
            {t.work.channel}
            <select name="channel">
              <Options entries={t.work.channels} />
            </select>
          </label>
          <LimitedField label={t.work.subject} max={LIMITS.subject} name="subject" required />
          <LimitedField label={t.work.message} max={LIMITS.message} rows={6} name="message" required />
          <Attachments
            id="new-ticket-files"
            files={files}
            setFiles={setFiles}
            problem={fileProblem}
            setProblem={setFileProblem}
          />
          <label>
            {t.work.language}
            <select name="locale">
              {/* The agent writes in their app's language; a customer writing in another is the exception. */}
              <Options entries={t.work.languages} selected={lang} />
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
                entries={Object.fromEntries(teams.map((x) => [x.id, localName(x)]))}
              />
            </select>
          </label>
          <label>
            {t.category}
            <select name="category">
              <Options
                none={t.letTriageDecide}
                entries={Object.fromEntries(categories.map((x) => [x.id, localName(x)]))}
              />
            </select>
          </label>
        </ApiForm>
      </div>
    </section>
  );
}
