import { useEffect, useState } from "preact/hooks";
import { api } from "../../api.ts";
import { t } from "../../strings.ts";
import type { Agent, Team } from "../../types.ts";
import { ApiForm, text } from "./form.tsx";

/** Teams: auto-assign and where breaches escalate to (the next tier's team). */
export function Teams() {
  const [teams, setTeams] = useState<Team[]>([]);
  const [agents, setAgents] = useState<Agent[]>([]);
  const load = async () => {
    const [tm, a] = await Promise.all([api<{ items: Team[] }>("/teams"), api<{ items: Agent[] }>("/agents")]);
    setTeams(tm.data.items);
    setAgents(a.data.items);
  };
  // A team nobody active is in: its tickets reach only the admins (their unassigned view and the safety net).
  const members = (team: string) => agents.filter((a) => a.active && a.teams.includes(team)).length;
  const empty = teams.filter((team) => members(team.id) === 0);
  useEffect(() => {
    load();
  }, []);
  const update = async (id: string, patch: Record<string, unknown>) => {
    await api(`/admin/teams/${id}`, { method: "PATCH", body: patch });
    await load();
  };
  return (
    <section aria-labelledby="teams-title">
      <h1 id="teams-title">{t.adminArea.screens.teams}</h1>
      {empty.length > 0 && (
        <p class="warning" role="status">
          {t.adminTeams.noMember(empty.map((team) => team.name).join(", "))}
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th scope="col">{t.team}</th>
            <th scope="col">{t.adminTeams.activeMembers}</th>
            <th scope="col">{t.tier}</th>
            <th scope="col">{t.adminTeams.autoAssign}</th>
            <th scope="col">{t.adminTeams.escalatesTo}</th>
          </tr>
        </thead>
        <tbody>
          {teams.map((team) => (
            <tr key={team.id}>
              <td>
                {team.name} <code>{team.id}</code>
              </td>
              <td>
                {members(team.id) === 0 ? (
                  <span class="warning">{t.adminTeams.nobody}</span>
                ) : (
                  members(team.id)
                )}
              </td>
              <td>
                <select
                  aria-label={t.adminTeams.tierOf(team.name)}
                  value={team.tier ?? ""}
                  onChange={(e) => e.currentTarget.value && update(team.id, { tier: e.currentTarget.value })}
                >
                  <option value="">—</option>
                  {["L1", "L2", "L3", "L4"].map((tier) => (
                    <option key={tier} value={tier}>
                      {t.common.tiers[tier] ?? tier}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <input
                  type="checkbox"
                  aria-label={t.adminTeams.autoAssignOf(team.name)}
                  checked={team.autoAssign}
                  onChange={(e) => update(team.id, { autoAssign: e.currentTarget.checked })}
                />
              </td>
              <td>
                <select
                  aria-label={t.adminTeams.escalatesToOf(team.name)}
                  value={team.escalatesTo ?? ""}
                  onChange={(e) => update(team.id, { escalatesTo: e.currentTarget.value || null })}
                >
                  <option value="">{t.adminTeams.staysHere}</option>
                  {teams
                    .filter((other) => other.id !== team.id)
                    .map((other) => (
                      <option key={other.id} value={other.id}>
                        {other.name}
                      </option>
                    ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t.adminTeams.newTeam}</h2>
      <ApiForm
        label={t.adminTeams.newTeam}
        button={t.adminTeams.create}
        submit={async (form) => {
          await api("/admin/teams", {
            method: "POST",
            body: { id: text(form, "id"), name: text(form, "name") },
          });
          await load();
          return t.adminTeams.created;
        }}
      >
        <label>
          {t.adminTeams.id} <input name="id" required pattern="[a-z0-9][a-z0-9-]*" />
        </label>
        <label>
          {t.adminTeams.name} <input name="name" required />
        </label>
      </ApiForm>
    </section>
  );
}
