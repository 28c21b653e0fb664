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
const ZONES = ["UTC", ...(Intl.supportedValuesOf?.("timeZone") ?? []).filter((zone) => zone !== "UTC")];
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
  const s = t.admin.sla;
  const policyLabels = {
    firstResponseMinutes: s.firstResponse,
    resolutionMinutes: s.resolution,
    warnAtPercent: s.warnAt,
    pauseWhenPending: s.pausePending,
    pauseWhenVendor: s.pauseVendor,
  };
  const hoursLabels = {
    timezone: s.timezone,
    alwaysOpen: s.alwaysOpen,
    week: s.hours,
    holidays: s.holidays,
    // A refused range names its day.
    ...Object.fromEntries(DAYS.map((day) => [`week.${day}`, s.days[day]!])),
  };
  return (
    <section aria-labelledby="sla-title">
      <h1 id="sla-title">{t.admin.screens.sla![0]}</h1>
      <h2>{s.title}</h2>
      <p>{s.intro}</p>
      {(["urgent", "high", "normal", "low"] as const).map((priority) => {
        const policy = policies[priority]!;
        return (
          <ApiForm
            key={priority}
            label={s.policyOf(t.priorities[priority]!)}
            button={s.saveOne(t.priorities[priority]!)}
            labels={policyLabels}
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
              return s.savedOne(t.priorities[priority]!);
            }}
          >
            <fieldset class="row">
              <legend>{t.priorities[priority]}</legend>
              <label>
                {s.firstResponse}{" "}
                <input name="fr" type="number" min={1} defaultValue={policy.firstResponseMinutes} />
              </label>
              <label>
                {s.resolution}{" "}
                <input name="res" type="number" min={1} defaultValue={policy.resolutionMinutes} />
              </label>
              <label>
                {s.warnAt}{" "}
                <input name="warn" type="number" min={1} max={99} defaultValue={policy.warnAtPercent} />
              </label>
              <label>
                <input name="pause" type="checkbox" defaultChecked={policy.pauseWhenPending} />{" "}
                {s.pausePending}
              </label>
              <label>
                <input name="vendor" type="checkbox" defaultChecked={policy.pauseWhenVendor} />{" "}
                {s.pauseVendor}
              </label>
            </fieldset>
          </ApiForm>
        );
      })}
      <h2>{s.hours}</h2>
      <ApiForm
        label={s.hours}
        button={s.saveHours}
        labels={hoursLabels}
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
          return s.hoursSaved;
        }}
      >
        <label>
          {s.timezone} <input name="timezone" defaultValue={hours.timezone} required list="time-zones" />
        </label>
        {/* The zone names the browser knows (the server's too): typing "Paris" offers Europe/Paris. */}
        <datalist id="time-zones">
          {ZONES.map((zone) => (
            <option key={zone} value={zone} />
          ))}
        </datalist>
        <label>
          <input name="alwaysOpen" type="checkbox" defaultChecked={hours.alwaysOpen ?? false} />{" "}
          {s.alwaysOpen}
        </label>
        {DAYS.map((day) => (
          <label key={day}>
            {s.days[day]} {s.rangesHint}
            <input
              name={day}
              defaultValue={(hours.week?.[day] ?? []).map(([a, b]) => `${a}-${b}`).join(", ")}
            />
          </label>
        ))}
        <label>
          {s.holidays}
          <textarea name="holidays" rows={2} defaultValue={(hours.holidays ?? []).join(", ")} />
        </label>
      </ApiForm>
    </section>
  );
}
