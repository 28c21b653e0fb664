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
      <h1 id="sla-title">SLA policies</h1>
      <p>Targets in business minutes (a 9–17 day has 480).</p>
      {(["urgent", "high", "normal", "low"] as const).map((priority) => {
        const policy = policies[priority]!;
        return (
          <ApiForm
            key={priority}
            label={`${t.priorities[priority]} priority SLA`}
            button={`Save ${t.priorities[priority]}`}
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
              return `${t.priorities[priority]} saved; open tickets follow within minutes.`;
            }}
          >
            <fieldset class="row">
              <legend>{t.priorities[priority]}</legend>
              <label>
                First response (min){" "}
                <input name="fr" type="number" min={1} value={policy.firstResponseMinutes} />
              </label>
              <label>
                Resolution (min) <input name="res" type="number" min={1} value={policy.resolutionMinutes} />
              </label>
              <label>
                Warn at % <input name="warn" type="number" min={1} max={99} value={policy.warnAtPercent} />
              </label>
              <label>
                <input name="pause" type="checkbox" checked={policy.pauseWhenPending} /> Pause while pending
              </label>
              <label>
                <input name="vendor" type="checkbox" checked={policy.pauseWhenVendor} /> Pause while at a
                vendor
              </label>
            </fieldset>
          </ApiForm>
        );
      })}
      <h2>Business hours</h2>
      <ApiForm
        label="Business hours"
        button="Save business hours"
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
          return "Business hours saved.";
        }}
      >
        <label>
          Time zone <input name="timezone" value={hours.timezone} required />
        </label>
        <label>
          <input name="alwaysOpen" type="checkbox" checked={hours.alwaysOpen ?? false} /> Always open
        </label>
        {DAYS.map((day) => (
          <label key={day}>
            {day} (e.g. 09:00-12:00, 13:00-17:00)
            <input name={day} value={(hours.week?.[day] ?? []).map(([a, b]) => `${a}-${b}`).join(", ")} />
          </label>
        ))}
        <label>
          Holidays (YYYY-MM-DD, comma-separated)
          <textarea name="holidays" rows={2} value={(hours.holidays ?? []).join(", ")} />
        </label>
      </ApiForm>
    </section>
  );
}
