import { useEffect, useState } from "preact/hooks";
import { ApiError, api } from "../../api.ts";
import { useSession } from "../../session.ts";
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
  if (me.role !== "admin") return <p role="alert">Admins only.</p>;

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
          ? `Created ${form.get("name")}.`
          : `Created ${form.get("name")}, in no team: they get no team's tickets until you add them to one.`,
      );
      formElement.reset();
      await load();
    } catch (error) {
      setErrors(error instanceof ApiError ? { ...error.fields, form: error.message } : { form: "Failed" });
    }
  };
  const update = async (id: string, patch: Record<string, unknown>) => {
    try {
      await api(`/admin/agents/${id}`, { method: "PATCH", body: patch });
      setStatus("Saved.");
    } catch (error) {
      setErrors(error instanceof ApiError ? { ...error.fields, form: error.message } : { form: "Failed" });
    }
    await load();
  };
  const field = (name: string) =>
    errors[name] ? { "aria-invalid": true, "aria-describedby": `${name}-error` } : {};

  return (
    <div class="admin">
      <h1>Agents</h1>
      <table>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Teams</th>
            <th scope="col">Capacity</th>
            <th scope="col">Away</th>
            <th scope="col">Active</th>
            <th scope="col">Weekly summary</th>
          </tr>
        </thead>
        <tbody>
          {agents.map((a) => (
            <tr key={a.id}>
              <td>{a.name}</td>
              <td>{a.email}</td>
              <td>
                <select
                  aria-label={`${a.name}: role`}
                  value={a.role}
                  disabled={a.id === me.id}
                  onChange={(e) => update(a.id, { role: e.currentTarget.value })}
                >
                  <option value="agent">Agent</option>
                  <option value="admin">Admin</option>
                </select>
              </td>
              <td>
                <input
                  aria-label={`${a.name}: teams (comma-separated)`}
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
                  aria-label={`${a.name}: capacity`}
                  value={a.capacity}
                  onChange={(e) => update(a.id, { capacity: Number(e.currentTarget.value) })}
                />
              </td>
              <td>
                <input
                  type="checkbox"
                  aria-label={`${a.name} is away`}
                  checked={a.away}
                  onChange={(e) => update(a.id, { away: e.currentTarget.checked })}
                />
              </td>
              <td>
                <input
                  type="checkbox"
                  aria-label={`${a.name} is active`}
                  checked={a.active}
                  disabled={a.id === me.id}
                  onChange={(e) => update(a.id, { active: e.currentTarget.checked })}
                />
              </td>
              <td>
                {a.role === "admin" && (
                  <input
                    type="checkbox"
                    aria-label={`${a.name} gets the weekly summary`}
                    checked={a.weeklySummary}
                    onChange={(e) => update(a.id, { weeklySummary: e.currentTarget.checked })}
                  />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Invite an agent</h2>
      <form onSubmit={create} class="stack">
        <label>
          Name <input name="name" required {...field("name")} />
        </label>
        <label>
          Email <input name="email" type="email" required {...field("email")} />
        </label>
        <label>
          First password{" "}
          <input name="password" type="password" minLength={10} required {...field("password")} />
        </label>
        <label>
          Role
          <select name="role">
            <option value="agent">Agent</option>
            <option value="admin">Admin</option>
          </select>
        </label>
        <label>
          Language of their notices
          <select name="locale">
            <option value="en">English</option>
            <option value="fr">Français</option>
          </select>
        </label>
        <fieldset>
          <legend>Teams (triage gives a team's new tickets to its members)</legend>
          {teams.map((team) => (
            <label key={team.id}>
              <input type="checkbox" name="teams" value={team.id} /> {team.name}
              {!agents.some((a) => a.active && a.teams.includes(team.id)) && (
                <span class="warning"> — nobody yet</span>
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
        <button type="submit">Create agent</button>
      </form>
    </div>
  );
}
