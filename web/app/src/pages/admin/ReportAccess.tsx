import { useEffect, useState } from "preact/hooks";
import { api } from "../../api.ts";
import { t } from "../../strings.ts";
import { ApiForm, text } from "./form.tsx";

/** Who besides admins sees the reports. */
export function ReportAccess() {
  const [access, setAccess] = useState<string | null>(null);
  useEffect(() => {
    api<{ agentAccess: string }>("/admin/reports").then(({ data }) => setAccess(data.agentAccess));
  }, []);
  if (!access) return <p>{t.loading}</p>;
  return (
    <section aria-labelledby="report-access-title">
      <h1 id="report-access-title">{t.admin.screens.reports![0]}</h1>
      <p>{t.admin.screens.reports![1]}</p>
      <ApiForm
        label={t.admin.reportAccess.label}
        button={t.admin.save}
        submit={async (form) => {
          const { data } = await api<{ agentAccess: string }>("/admin/reports", {
            method: "PUT",
            body: { agentAccess: text(form, "access") },
          });
          setAccess(data.agentAccess);
          return undefined;
        }}
      >
        <label>
          {t.admin.reportAccess.label}
          <select name="access">
            {Object.entries(t.admin.reportAccess.choices).map(([value, label]) => (
              <option key={value} value={value} selected={value === access}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </ApiForm>
    </section>
  );
}
