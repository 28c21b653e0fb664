import { useEffect, useRef, useState } from "preact/hooks";
import { shownAddress } from "../../address.ts";
import { api } from "../../api.ts";
import { LimitedField } from "../../components/LimitedField.tsx";
import { Options } from "../../components/Options.tsx";
import { LIMITS } from "../../limits.ts";
import { lang } from "../../locale.ts";
import { localName } from "../../names.ts";
import { useSession } from "../../session.ts";
import { t } from "../../strings.ts";
import type { Agent, Team } from "../../types.ts";
import { AgentEdit, AgentSignatureEdit, allPages } from "./edits.tsx";
import { ApiForm, TableScroll, text, useOutcome } from "./form.tsx";

/** An agent's teams, ticked by name (the API keeps ids; the admin never sees or types them). */
function TeamPicker(props: {
  agent: Agent;
  teams: Team[];
  /** A change for this agent is being saved: one at a time, each built on the last. */
  busy: boolean;
  onChange: (teams: string[]) => void;
}) {
  const a = t.admin.agents;
  const names = props.teams.filter((team) => props.agent.teams.includes(team.id)).map(localName);
  return (
    <details class="team-picker">
      <summary>{names.join(", ") || a.noTeam}</summary>
      <fieldset disabled={props.busy} aria-busy={props.busy}>
        <legend class="sr-only">{a.teamsOf(props.agent.name)}</legend>
        {props.teams.map((team) => (
          <label key={team.id}>
            <input
              type="checkbox"
              checked={props.agent.teams.includes(team.id)}
              onChange={(e) =>
                props.onChange(
                  e.currentTarget.checked
                    ? [...props.agent.teams, team.id]
                    : props.agent.teams.filter((id) => id !== team.id),
                )
              }
            />{" "}
            {localName(team)}
          </label>
        ))}
      </fieldset>
    </details>
  );
}

/**
 * Admin: the desk's agents — invite (create with a first password), role, teams, capacity, away, active, and
 * their reply signature.
 */
export function Agents() {
  const a = t.admin.agents;
  const { agent: me, setAgent: setMe } = useSession();
  const [agents, setAgents] = useState<Agent[]>([]);
  const [teams, setTeams] = useState<Team[]>([]);
  const labels = { name: a.name, email: a.email, password: a.password, teams: a.teams, capacity: a.capacity };
  const changes = useOutcome(labels);
  /** Agents whose change is being saved (their next change waits: it must start from this one's result). */
  const [saving, setSaving] = useState<string[]>([]);
  // Only the latest load may set the list: an older answer would bring back values changed since.
  const loads = useRef(0);
  const load = async () => {
    const n = ++loads.current;
    const [list, tm] = await Promise.all([
      allPages<Agent>("/admin/agents"),
      api<{ items: Team[] }>("/teams"),
    ]);
    if (n !== loads.current) return;
    setAgents(list);
    setTeams(tm.data.items);
  };
  useEffect(() => {
    load();
  }, []);
  const update = async (id: string, patch: Partial<Agent>) => {
    // Shown at once (a controlled checkbox would otherwise flip back until the list reloads).
    setAgents((list) => list.map((agent) => (agent.id === id ? { ...agent, ...patch } : agent)));
    setSaving((ids) => [...ids, id]);
    try {
      await changes.run(() =>
        api(`/admin/agents/${id}`, { method: "PATCH", body: patch }).then(() => undefined),
      );
      await load();
    } finally {
      setSaving((ids) => ids.filter((x) => x !== id));
    }
  };

  return (
    <section aria-labelledby="agents-title">
      <h1 id="agents-title">{t.admin.screens.agents![0]}</h1>
      {changes.view}
      <TableScroll label={t.admin.screens.agents![0]}>
        <table>
          <thead>
            <tr>
              <th scope="col">{a.name}</th>
              <th scope="col">{a.email}</th>
              <th scope="col">{a.role}</th>
              <th scope="col">{a.teams}</th>
              <th scope="col">{a.capacity}</th>
              <th scope="col">{a.away}</th>
              <th scope="col">{a.active}</th>
              <th scope="col">{a.weekly}</th>
              <th scope="col">{a.signature}</th>
            </tr>
          </thead>
          <tbody>
            {agents.map((agent) => (
              <tr key={agent.id}>
                <td>
                  {agent.name}
                  <AgentEdit agent={agent} onSaved={load} />
                </td>
                <td>{shownAddress(agent.email)}</td>
                <td>
                  <select
                    aria-label={a.roleOf(agent.name)}
                    value={agent.role}
                    disabled={agent.id === me.id}
                    onChange={(e) => update(agent.id, { role: e.currentTarget.value as Agent["role"] })}
                  >
                    <Options entries={a.roles} />
                  </select>
                </td>
                <td>
                  <TeamPicker
                    agent={agent}
                    teams={teams}
                    busy={saving.includes(agent.id)}
                    onChange={(ids) => update(agent.id, { teams: ids })}
                  />
                </td>
                <td>
                  <input
                    type="number"
                    min={0}
                    max={500}
                    aria-label={a.capacityOf(agent.name)}
                    step={1}
                    // Uncontrolled: a list reloading while the admin types must not put the old number back;
                    // a new saved value builds the field again (its key).
                    key={agent.capacity}
                    defaultValue={agent.capacity}
                    onChange={(e) => {
                      // Emptied or not a number: nothing to save, the saved value comes back (the range is the
                      // server's to check, and its error names the field).
                      const raw = e.currentTarget.value.trim();
                      const capacity = Number(raw);
                      if (raw === "" || !Number.isFinite(capacity)) {
                        e.currentTarget.value = String(agent.capacity);
                        return;
                      }
                      update(agent.id, { capacity });
                    }}
                  />
                </td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={a.awayOf(agent.name)}
                    checked={agent.away}
                    onChange={(e) => update(agent.id, { away: e.currentTarget.checked })}
                  />
                </td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={a.activeOf(agent.name)}
                    checked={agent.active}
                    disabled={agent.id === me.id}
                    onChange={(e) => update(agent.id, { active: e.currentTarget.checked })}
                  />
                </td>
                <td>
                  {agent.role === "admin" && (
                    <input
                      type="checkbox"
                      aria-label={a.weeklyOf(agent.name)}
                      checked={agent.weeklySummary}
                      onChange={(e) => update(agent.id, { weeklySummary: e.currentTarget.checked })}
                    />
                  )}
                </td>
                <td>
                  <AgentSignatureEdit
                    agent={agent}
                    onSaved={async (saved) => {
                      // The admin's own signature: the composer's preview shows the new one at once.
                      if (saved.id === me.id) setMe(saved);
                      await load();
                    }}
                    onStale={load}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <h2>{a.invite}</h2>
      <ApiForm
        label={a.invite}
        button={a.create}
        labels={labels}
        reset
        submit={async (form) => {
          const name = text(form, "name");
          await api("/admin/agents", {
            method: "POST",
            body: {
              name,
              email: text(form, "email"),
              password: form.get("password"),
              role: text(form, "role"),
              teams: form.getAll("teams"),
              locale: text(form, "locale"),
            },
          });
          const invited = form.getAll("teams").length > 0;
          await load();
          // The desk mails no invitation: the admin is the one who tells the new agent how to sign in.
          const tell = t.newAgent.tellThem(`${location.origin}/app`, text(form, "email"));
          return `${invited ? a.created(name) : a.createdNoTeam(name)} ${tell}`;
        }}
      >
        <LimitedField label={a.name} max={LIMITS.directoryName} name="name" required />
        <label>
          {a.email} <input name="email" type="email" required />
        </label>
        <label>
          {a.password} <input name="password" type="password" minLength={10} required />
        </label>
        <label>
          {a.role}
          <select name="role">
            <Options entries={a.roles} />
          </select>
        </label>
        <label>
          {a.locale}
          {/* The inviting admin's language comes first (and stays first after the form resets): a French desk's
              agents get French notices unless told otherwise. */}
          <select name="locale">
            {(lang === "fr" ? ["fr", "en"] : ["en", "fr"]).map((l) => (
              <option key={l} value={l}>
                {l === "fr" ? "Français" : "English"}
              </option>
            ))}
          </select>
        </label>
        <fieldset>
          <legend>{a.teamsLegend}</legend>
          {teams.map((team) => (
            <label key={team.id} class="check">
              <input type="checkbox" name="teams" value={team.id} /> {localName(team)}
              {!agents.some((x) => x.active && x.teams.includes(team.id)) && (
                <span class="warning">{a.nobodyYet}</span>
              )}
            </label>
          ))}
        </fieldset>
      </ApiForm>
    </section>
  );
}
