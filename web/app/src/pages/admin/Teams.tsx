import { useEffect, useState } from "preact/hooks";
import { api } from "../../api.ts";
import { LimitedField } from "../../components/LimitedField.tsx";
import { LIMITS } from "../../limits.ts";
import { localName } from "../../names.ts";
import { t } from "../../strings.ts";
import type { Agent, Team } from "../../types.ts";
import { allPages } from "./edits.tsx";
import { ApiForm, createNamed, TableScroll, text, useOutcome } from "./form.tsx";

/** Teams: who is in them (by name), auto-assign and where breaches escalate to (the next tier's team). */
export function Teams() {
  const s = t.admin.teams;
  const [teams, setTeams] = useState<Team[]>([]);
  const [agents, setAgents] = useState<Agent[]>([]);
  const changes = useOutcome();
  // The team being renamed: kept across saves, so a second edit cannot land on another team.
  const [renaming, setRenaming] = useState<string | null>(null);
  const renamed = teams.find((team) => team.id === renaming) ?? teams[0];
  const [fallbackTeam, setFallbackTeam] = useState<string | null>(null);
  const load = async () => {
    const [tm, a, triage] = await Promise.all([
      api<{ items: Team[] }>("/teams"),
      allPages<Agent>("/agents"),
      api<{ fallbackTeam: string | null }>("/admin/triage"),
    ]);
    setTeams(tm.data.items);
    setAgents(a);
    setFallbackTeam(triage.data.fallbackTeam);
  };
  // A team nobody active is in: triage sends its new tickets to the fallback team when someone is in that one
  // (core/triage/team-agents.ts), else they reach only the admins (their unassigned view and the safety net).
  const members = (team: string) => agents.filter((a) => a.active && a.teams.includes(team));
  const empty = teams.filter((team) => members(team.id).length === 0);
  const fallback = teams.find((team) => team.id === fallbackTeam && members(team.id).length > 0);
  useEffect(() => {
    load();
  }, []);
  const update = async (id: string, patch: Record<string, unknown>) => {
    await changes.run(() =>
      api(`/admin/teams/${id}`, { method: "PATCH", body: patch }).then(() => undefined),
    );
    await load();
  };
  return (
    <section aria-labelledby="teams-title">
      <h1 id="teams-title">{t.admin.screens.teams![0]}</h1>
      {empty.length > 0 && (
        <p class="warning" role="note">
          {fallback
            ? t.unrouted.toFallback(empty.map(localName).join(", "), localName(fallback))
            : s.emptyWarning(empty.map(localName).join(", "))}
        </p>
      )}
      {changes.view}
      <TableScroll label={t.admin.screens.teams![0]}>
        <table>
          <thead>
            <tr>
              <th scope="col">{s.team}</th>
              <th scope="col">{s.members}</th>
              <th scope="col">{s.tier}</th>
              <th scope="col">{s.autoAssign}</th>
              <th scope="col">{s.escalatesTo}</th>
            </tr>
          </thead>
          <tbody>
            {teams.map((team) => {
              const people = members(team.id);
              return (
                <tr key={team.id}>
                  <td>{localName(team)}</td>
                  <td>
                    {people.length === 0 ? (
                      <span class="warning">{s.nobody}</span>
                    ) : (
                      people.map((p) => p.name).join(", ")
                    )}
                  </td>
                  <td>
                    <select
                      aria-label={s.tierOf(localName(team))}
                      value={team.tier ?? ""}
                      // "No tier" clears it (null).
                      onChange={(e) => update(team.id, { tier: e.currentTarget.value || null })}
                    >
                      <option value="">{t.admin.more.noTier}</option>
                      {["L1", "L2", "L3", "L4"].map((tier) => (
                        <option key={tier} value={tier}>
                          {/* As the ticket page names tiers: N1 … N4 (prestataire) in French. */}
                          {t.common.tiers[tier] ?? tier}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={s.autoAssignOf(localName(team))}
                      checked={team.autoAssign}
                      onChange={(e) => update(team.id, { autoAssign: e.currentTarget.checked })}
                    />
                  </td>
                  <td>
                    <select
                      aria-label={s.escalatesToOf(localName(team))}
                      value={team.escalatesTo ?? ""}
                      onChange={(e) => update(team.id, { escalatesTo: e.currentTarget.value || null })}
                    >
                      <option value="">{s.stays}</option>
                      {teams
                        .filter((other) => other.id !== team.id)
                        .map((other) => (
                          <option key={other.id} value={other.id}>
                            {localName(other)}
                          </option>
                        ))}
                    </select>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
      {renamed && (
        <>
          <h2>{s.rename}</h2>
          <ApiForm
            key={renamed.id}
            label={s.rename}
            button={s.renameButton}
            labels={{ name: s.name, nameFr: s.nameFr }}
            submit={async (form) => {
              // An empty French name clears it (the English one is shown in French too).
              const nameFr = text(form, "nameFr");
              await api(`/admin/teams/${renamed.id}`, {
                method: "PATCH",
                body: { name: text(form, "name"), nameFr: nameFr || null },
              });
              await load();
              return s.renamed;
            }}
          >
            <label>
              {s.team}{" "}
              <select value={renamed.id} onChange={(e) => setRenaming(e.currentTarget.value)}>
                {teams.map((team) => (
                  <option key={team.id} value={team.id}>
                    {localName(team)}
                  </option>
                ))}
              </select>
            </label>
            <LimitedField
              label={s.name}
              max={LIMITS.directoryName}
              name="name"
              required
              defaultValue={renamed.name}
            />
            <LimitedField
              label={s.nameFr}
              max={LIMITS.directoryName}
              name="nameFr"
              defaultValue={renamed.nameFr ?? ""}
            />
          </ApiForm>
        </>
      )}
      <h2>{s.create}</h2>
      <ApiForm
        label={s.create}
        button={s.createButton}
        labels={{ id: s.name, name: s.name }}
        reset
        submit={async (form) => {
          const name = text(form, "name");
          const nameFr = text(form, "nameFr");
          await createNamed(name, (id) =>
            api("/admin/teams", { method: "POST", body: { id, name, ...(nameFr ? { nameFr } : {}) } }),
          );
          await load();
          return s.created;
        }}
      >
        <LimitedField label={s.name} max={LIMITS.directoryName} name="name" required />
        <LimitedField label={s.nameFr} max={LIMITS.directoryName} name="nameFr" />
      </ApiForm>
    </section>
  );
}
