import { useEffect, useState } from "preact/hooks";
import { api } from "../../api.ts";
import { t } from "../../strings.ts";
import { ApiForm, list, text } from "./form.tsx";

type Policy = {
  firstResponseMinutes: number;
  resolutionMinutes: number;
  warnAtPercent: number;
  pauseWhenPending: boolean;
  pauseWhenVendor: boolean;
  overrides: unknown[];
};
type Hours = {
  timezone: string;
  alwaysOpen?: boolean;
  week?: Record<string, [string, string][]>;
  holidays?: string[];
};
const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
const ranges = (value: string): [string, string][] =>
  list(value).map((r) => r.split("-").map((s) => s.trim()) as [string, string]);

/** SLA policies per priority and the desk's business hours. */
export function Sla() {
  const [policies, setPolicies] = useState<Record<string, Policy> | null>(null);
  const [hours, setHours] = useState<Hours | null>(null);
  const load = async () => {
    const [p, h] = await Promise.all([
      api<Record<string, Policy>>("/admin/sla-policies"),
      api<Hours>("/admin/business-hours"),
    ]);
    setPolicies(p.data);
    setHours(h.data);
  };
  useEffect(() => {
    load();
  }, []);
  if (!policies || !hours) return <p>{t.loading}</p>;
  return (
    <section aria-labelledby="sla-title">
      <h1 id="sla-title">{t.adminSla.title}</h1>
      <p>{t.adminSla.intro}</p>
      {(["urgent", "high", "normal", "low"] as const).map((priority) => {
        const policy = policies[priority]!;
        return (
          <ApiForm
            key={priority}
            label={t.adminSla.formLabel(t.priorities[priority]!)}
            button={t.common.saveThis(t.priorities[priority]!)}
            submit={async (form) => {
              await api(`/admin/sla-policies/${priority}`, {
                method: "PUT",
                body: {
                  firstResponseMinutes: Number(text(form, "fr")),
                  resolutionMinutes: Number(text(form, "res")),
                  warnAtPercent: Number(text(form, "warn")),
                  pauseWhenPending: form.get("pause") === "on",
                  pauseWhenVendor: form.get("vendor") === "on",
                  overrides: policy.overrides,
                },
              });
              await load();
              return t.adminSla.savedFollow(t.priorities[priority]!);
            }}
          >
            <fieldset class="row">
              <legend>{t.priorities[priority]}</legend>
              <label>
                {t.adminSla.firstResponse}{" "}
                <input name="fr" type="number" min={1} value={policy.firstResponseMinutes} />
              </label>
              <label>
                {t.adminSla.resolution}{" "}
                <input name="res" type="number" min={1} value={policy.resolutionMinutes} />
              </label>
              <label>
                {t.adminSla.warnAt}{" "}
                <input name="warn" type="number" min={1} max={99} value={policy.warnAtPercent} />
              </label>
              <label>
                <input name="pause" type="checkbox" checked={policy.pauseWhenPending} />{" "}
                {t.adminSla.pausePending}
              </label>
              <label>
                <input name="vendor" type="checkbox" checked={policy.pauseWhenVendor} />{" "}
                {t.adminSla.pauseVendor}
              </label>
            </fieldset>
          </ApiForm>
        );
      })}
      <h2>{t.adminSla.hours}</h2>
      <ApiForm
        label={t.adminSla.hours}
        button={t.adminSla.saveHours}
        submit={async (form) => {
          const week = Object.fromEntries(
            DAYS.map((d) => [d, ranges(text(form, d))]).filter(([, r]) => (r ?? []).length > 0),
          );
          await api("/admin/business-hours", {
            method: "PUT",
            body: {
              timezone: text(form, "timezone"),
              alwaysOpen: form.get("alwaysOpen") === "on",
              week,
              holidays: list(text(form, "holidays")),
            },
          });
          await load();
          return t.adminSla.hoursSaved;
        }}
      >
        <label>
          {t.adminSla.timeZone} <input name="timezone" value={hours.timezone} required />
        </label>
        <label>
          <input name="alwaysOpen" type="checkbox" checked={hours.alwaysOpen ?? false} />{" "}
          {t.adminSla.alwaysOpen}
        </label>
        {DAYS.map((day) => (
          <label key={day}>
            {t.adminSla.days[day]} {t.adminSla.dayHint}
            <input name={day} value={(hours.week?.[day] ?? []).map(([a, b]) => `${a}-${b}`).join(", ")} />
          </label>
        ))}
        <label>
          {t.adminSla.holidays}
          <textarea name="holidays" rows={2} value={(hours.holidays ?? []).join(", ")} />
        </label>
      </ApiForm>
    </section>
  );
}
