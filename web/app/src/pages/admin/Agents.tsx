import { useEffect, useState } from "preact/hooks";
import { api } from "../../api.ts";
import { formErrors } from "../../errors.ts";
import { useSession } from "../../session.ts";
import { t } from "../../strings.ts";
import type { Agent, Team } from "../../types.ts";

/** Admin: the desk's agents — invite (create with a first password), role, teams, capacity, away, active. */
export function Agents() {
  const { agent: me } = useSession();
  const [agents, setAgents] = useState<Agent[]>([]);
  const [teams, setTeams] = useState<Team[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState("");
  const load = async () => {
    const [a, tm] = await Promise.all([
      api<{ items: Agent[] }>("/admin/agents"),
      api<{ items: Team[] }>("/teams"),
    ]);
    setAgents(a.data.items);
    setTeams(tm.data.items);
  };
  useEffect(() => {
    if (me.role === "admin") load();
  }, []);
  if (me.role !== "admin") return <p role="alert">{t.common.adminsOnly}</p>;

  const create = async (event: Event) => {
    event.preventDefault();
    const formElement = event.currentTarget as HTMLFormElement;
    const form = new FormData(formElement);
    try {
      await api("/admin/agents", {
        method: "POST",
        body: {
          name: form.get("name"),
          email: form.get("email"),
          password: form.get("password"),
          role: form.get("role"),
          teams: form.getAll("teams"),
          locale: form.get("locale"),
        },
      });
      setErrors({});
      setStatus(
        form.getAll("teams").length
          ? t.adminAgents.created(String(form.get("name")))
          : t.adminAgents.createdNoTeam(String(form.get("name"))),
      );
      formElement.reset();
      await load();
    } catch (error) {
      setErrors(formErrors(error));
    }
  };
  const update = async (id: string, patch: Record<string, unknown>) => {
    try {
      await api(`/admin/agents/${id}`, { method: "PATCH", body: patch });
      setStatus(t.common.saved);
    } catch (error) {
      setErrors(formErrors(error));
    }
    await load();
  };
  const field = (name: string) =>
    errors[name] ? { "aria-invalid": true, "aria-describedby": `${name}-error` } : {};

  return (
    <div class="admin">
      <h1>{t.adminArea.screens.agents}</h1>
      <table>
        <thead>
          <tr>
            <th scope="col">{t.common.name}</th>
            <th scope="col">{t.email}</th>
            <th scope="col">{t.common.role}</th>
            <th scope="col">{t.adminAgents.teams}</th>
            <th scope="col">{t.adminAgents.capacity}</th>
            <th scope="col">{t.adminAgents.away}</th>
            <th scope="col">{t.common.active}</th>
            <th scope="col">{t.adminAgents.weekly}</th>
          </tr>
        </thead>
        <tbody>
          {agents.map((a) => (
            <tr key={a.id}>
              <td>{a.name}</td>
              <td>{a.email}</td>
              <td>
                <select
                  aria-label={t.adminAgents.roleOf(a.name)}
                  value={a.role}
                  disabled={a.id === me.id}
                  onChange={(e) => update(a.id, { role: e.currentTarget.value })}
                >
                  <option value="agent">{t.common.roles.agent}</option>
                  <option value="admin">{t.common.roles.admin}</option>
                </select>
              </td>
              <td>
                <input
                  aria-label={t.adminAgents.teamsOf(a.name)}
                  value={a.teams.join(", ")}
                  onChange={(e) =>
                    update(a.id, {
                      teams: e.currentTarget.value
                        .split(",")
                        .map((x) => x.trim())
                        .filter(Boolean),
                    })
                  }
                />
              </td>
              <td>
                <input
                  type="number"
                  min={0}
                  max={500}
                  aria-label={t.adminAgents.capacityOf(a.name)}
                  value={a.capacity}
                  onChange={(e) => update(a.id, { capacity: Number(e.currentTarget.value) })}
                />
              </td>
              <td>
                <input
                  type="checkbox"
                  aria-label={t.adminAgents.isAway(a.name)}
                  checked={a.away}
                  onChange={(e) => update(a.id, { away: e.currentTarget.checked })}
                />
              </td>
              <td>
                <input
                  type="checkbox"
                  aria-label={t.adminAgents.isActive(a.name)}
                  checked={a.active}
                  disabled={a.id === me.id}
                  onChange={(e) => update(a.id, { active: e.currentTarget.checked })}
                />
              </td>
              <td>
                {a.role === "admin" && (
                  <input
                    type="checkbox"
                    aria-label={t.adminAgents.getsWeekly(a.name)}
                    checked={a.weeklySummary}
                    onChange={(e) => update(a.id, { weeklySummary: e.currentTarget.checked })}
                  />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t.adminAgents.invite}</h2>
      <form onSubmit={create} class="stack">
        <label>
          {t.common.name} <input name="name" required {...field("name")} />
        </label>
        <label>
          {t.email} <input name="email" type="email" required {...field("email")} />
        </label>
        <label>
          {t.adminAgents.firstPassword}{" "}
          <input name="password" type="password" minLength={10} required {...field("password")} />
        </label>
        <label>
          {t.common.role}
          <select name="role">
            <option value="agent">{t.common.roles.agent}</option>
            <option value="admin">{t.common.roles.admin}</option>
          </select>
        </label>
        <label>
          {t.adminAgents.noticeLanguage}
          <select name="locale">
            <option value="en">English</option>
            <option value="fr">Français</option>
          </select>
        </label>
        <fieldset>
          <legend>{t.adminAgents.teamsHint}</legend>
          {teams.map((team) => (
            <label key={team.id}>
              <input type="checkbox" name="teams" value={team.id} /> {team.name}
              {!agents.some((a) => a.active && a.teams.includes(team.id)) && (
                <span class="warning"> {t.adminAgents.nobodyYet}</span>
              )}
            </label>
          ))}
        </fieldset>
        {Object.entries(errors).map(([name, message]) => (
          <p key={name} id={`${name}-error`} role="alert" class="error">
            {message}
          </p>
        ))}
        <p role="status">{status}</p>
        <button type="submit">{t.adminAgents.create}</button>
      </form>
    </div>
  );
}
