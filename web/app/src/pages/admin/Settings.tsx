import { useEffect, useState } from "preact/hooks";
import { api } from "../../api.ts";
import { t } from "../../strings.ts";
import { ApiForm } from "./form.tsx";

type Field = {
  name: string;
  label: string;
  kind: "number" | "checkbox";
  min?: number;
  max?: number;
  step?: number;
};

/**
 * One screen over a settings document the API replaces whole (PUT; omitted fields take their defaults): it sends
 * back every field it read, with the ones this screen shows changed — so the satisfaction and housekeeping
 * screens, which share `/admin/housekeeping`, never reset each other's values.
 */
function SettingsScreen(props: { screen: string; path: string; fields: Field[] }) {
  const [values, setValues] = useState<Record<string, unknown> | null>(null);
  useEffect(() => {
    api<Record<string, unknown>>(props.path).then(({ data }) => setValues(data));
  }, [props.path]);
  const [title, about] = t.admin.screens[props.screen]!;
  const id = `${props.screen}-title`;
  if (!values) return <p class="loading">{t.loading}</p>;
  return (
    <section aria-labelledby={id}>
      <h1 id={id}>{title}</h1>
      <p>{about}</p>
      <ApiForm
        label={title}
        button={t.admin.save}
        labels={Object.fromEntries(props.fields.map((f) => [f.name, f.label]))}
        submit={async (form) => {
          const changed = Object.fromEntries(
            props.fields.map((f) => [
              f.name,
              f.kind === "checkbox" ? form.get(f.name) === "on" : Number(form.get(f.name)),
            ]),
          );
          const { data } = await api<Record<string, unknown>>(props.path, {
            method: "PUT",
            body: { ...values, ...changed },
          });
          setValues(data);
          return undefined;
        }}
      >
        {props.fields.map((f) =>
          f.kind === "checkbox" ? (
            <label key={f.name} class="check">
              <input name={f.name} type="checkbox" defaultChecked={values[f.name] === true} /> {f.label}
            </label>
          ) : (
            <label key={f.name}>
              {f.label}
              <input
                name={f.name}
                type="number"
                required
                min={f.min}
                max={f.max}
                step={f.step ?? "any"}
                defaultValue={String(values[f.name] ?? "")}
              />
            </label>
          ),
        )}
      </ApiForm>
    </section>
  );
}

/** Whether and when the customer is asked "How did we do?". */
export function Satisfaction() {
  const s = t.admin.satisfaction;
  return (
    <SettingsScreen
      screen="satisfaction"
      path="/admin/housekeeping"
      fields={[
        { name: "csatEnabled", label: s.enabled, kind: "checkbox" },
        { name: "csatDelayMinutes", label: s.delay, kind: "number", min: 0, max: 43_200, step: 1 },
      ]}
    />
  );
}

/** Reminders, automatic solve and close, and the unassigned alert. */
export function Housekeeping() {
  const h = t.admin.housekeeping;
  return (
    <SettingsScreen
      screen="housekeeping"
      path="/admin/housekeeping"
      fields={[
        { name: "pendingReminderDays", label: h.pendingReminderDays, kind: "number", min: 0.01, max: 365 },
        { name: "pendingSolveDays", label: h.pendingSolveDays, kind: "number", min: 0.01, max: 365 },
        { name: "solvedCloseDays", label: h.solvedCloseDays, kind: "number", min: 0.01, max: 365 },
        {
          name: "unansweredReminderHours",
          label: h.unansweredReminderHours,
          kind: "number",
          min: 0.1,
          max: 1000,
        },
        {
          name: "unassignedAlertMinutes",
          label: h.unassignedAlertMinutes,
          kind: "number",
          min: 1,
          max: 10_080,
          step: 1,
        },
      ]}
    />
  );
}
