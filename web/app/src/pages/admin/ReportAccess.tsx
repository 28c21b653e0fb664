import { useEffect, useState } from "preact/hooks";
import { api } from "../../api.ts";
import { Options } from "../../components/Options.tsx";
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
      <h1 id="report-access-title">{t.reports}</h1>
      <ApiForm
        label={t.adminReports.who}
        button={t.common.save}
        submit={async (form) => {
          const { data } = await api<{ agentAccess: string }>("/admin/reports", {
            method: "PUT",
            body: { agentAccess: text(form, "access") },
          });
          setAccess(data.agentAccess);
          return t.common.saved;
        }}
      >
        <label>
          {t.adminReports.who}
          <select name="access" value={access}>
            <Options entries={t.adminReports.choices} />
          </select>
        </label>
      </ApiForm>
    </section>
  );
}
