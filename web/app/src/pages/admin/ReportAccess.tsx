import { useEffect, useState } from "preact/hooks";
import { api } from "../../api.ts";
import { Options } from "../../components/Options.tsx";
import { t } from "../../strings.ts";
import { ApiForm, text } from "./form.tsx";

const CHOICES = {
  none: "Nobody but admins",
  own: "Agents see their own figures",
  teams: "Agents see their own and their teams' figures",
  all: "Agents see everything admins see",
};

/** Who besides admins sees the reports. */
export function ReportAccess() {
  const [access, setAccess] = useState<string | null>(null);
  useEffect(() => {
    api<{ agentAccess: string }>("/admin/reports").then(({ data }) => setAccess(data.agentAccess));
  }, []);
  if (!access) return <p>{t.loading}</p>;
  return (
    <section aria-labelledby="report-access-title">
      <h1 id="report-access-title">Reports</h1>
      <ApiForm
        label="Who sees reports"
        button="Save"
        submit={async (form) => {
          const { data } = await api<{ agentAccess: string }>("/admin/reports", {
            method: "PUT",
            body: { agentAccess: text(form, "access") },
          });
          setAccess(data.agentAccess);
          return "Saved.";
        }}
      >
        <label>
          Who sees reports
          <select name="access" value={access}>
            <Options entries={CHOICES} />
          </select>
        </label>
      </ApiForm>
    </section>
  );
}
