import { useEffect, useState } from "preact/hooks";
import { api } from "../../api.ts";
import { localName } from "../../names.ts";
import { t } from "../../strings.ts";
import type { Team } from "../../types.ts";
import { ApiForm, text, useOutcome } from "./form.tsx";

type Settings = {
  minExamples: number;
  minConfidence: number;
  retrainMinutes: number;
  vips: string[];
  fallbackTeam: string | null;
};
type Model = { examples: number; active: boolean; minExamples: number };

/** How triage decides: the classifier's thresholds, the fallback team (by name) and the VIP requesters. */
export function Triage() {
  const s = t.admin.triage;
  const [settings, setSettings] = useState<Settings | null>(null);
  const [teams, setTeams] = useState<Team[]>([]);
  const [model, setModel] = useState<Model | null>(null);
  const training = useOutcome();
  useEffect(() => {
    Promise.all([
      api<Settings>("/admin/triage"),
      api<{ items: Team[] }>("/teams"),
      api<Model>("/admin/triage/model"),
    ]).then(([a, b, c]) => {
      setSettings(a.data);
      setTeams(b.data.items);
      setModel(c.data);
    });
  }, []);
  const [title, about] = t.admin.screens.triage!;
  if (!settings) return <p class="loading">{t.loading}</p>;
  const labels = {
    minExamples: s.minExamples,
    minConfidence: s.minConfidence,
    retrainMinutes: s.retrainMinutes,
    fallbackTeam: s.fallbackTeam,
    vips: s.vips,
  };
  return (
    <section aria-labelledby="triage-title">
      <h1 id="triage-title">{title}</h1>
      <p>{about}</p>
      <ApiForm
        label={title}
        button={t.admin.save}
        labels={labels}
        submit={async (form) => {
          const { data } = await api<Settings>("/admin/triage", {
            method: "PUT",
            body: {
              minExamples: Number(text(form, "minExamples")),
              minConfidence: Number(text(form, "minConfidence")),
              retrainMinutes: Number(text(form, "retrainMinutes")),
              fallbackTeam: text(form, "fallbackTeam") || null,
              vips: text(form, "vips")
                .split(/[\s,;]+/)
                .filter(Boolean),
            },
          });
          setSettings(data);
          return undefined;
        }}
      >
        <label>
          {s.fallbackTeam}
          <select name="fallbackTeam">
            <option value="">{s.unrouted}</option>
            {/* A saved team the list no longer shows stays chosen (else saving would clear it unseen). */}
            {settings.fallbackTeam && !teams.some((team) => team.id === settings.fallbackTeam) && (
              <option value={settings.fallbackTeam} selected>
                {t.admin.more.currentTeamMissing}
              </option>
            )}
            {teams.map((team) => (
              <option key={team.id} value={team.id} selected={team.id === settings.fallbackTeam}>
                {localName(team)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {s.vips}
          <textarea name="vips" rows={5} defaultValue={settings.vips.join("\n")} />
        </label>
        <label>
          {s.minExamples}
          <input
            name="minExamples"
            type="number"
            required
            min={10}
            step={1}
            defaultValue={settings.minExamples}
          />
        </label>
        <label>
          {s.minConfidence}
          <input
            name="minConfidence"
            type="number"
            required
            min={0}
            max={1}
            step={0.01}
            defaultValue={settings.minConfidence}
          />
        </label>
        <label>
          {s.retrainMinutes}
          <input
            name="retrainMinutes"
            type="number"
            required
            min={1}
            max={10_080}
            step={1}
            defaultValue={settings.retrainMinutes}
          />
        </label>
      </ApiForm>
      {model && (
        <>
          <h2>{s.model}</h2>
          <p>
            {model.active
              ? s.modelActive(model.examples)
              : s.modelLearning(model.examples, model.minExamples)}
          </p>
          {training.view}
          <button
            type="button"
            onClick={() =>
              training.run(async () => {
                setModel((await api<Model>("/admin/triage/model/train", { method: "POST" })).data);
                return s.trained;
              })
            }
          >
            {s.train}
          </button>
        </>
      )}
    </section>
  );
}
