import { useState } from "preact/hooks";
import { api } from "../api.ts";
import { t } from "../strings.ts";
import type { Agent } from "../types.ts";

/** The signed-in agent's own switch for the desk's mail to them (assignments, mentions, alerts). */
export function MyNotices(props: { agent: Agent; onChange: (agent: Agent) => void }) {
  const [busy, setBusy] = useState(false);
  return (
    <label class="my-notices">
      <input
        type="checkbox"
        checked={props.agent.mailNotices}
        disabled={busy}
        onChange={async (e) => {
          setBusy(true);
          const { data } = await api<Agent>("/me", {
            method: "PATCH",
            body: { mailNotices: e.currentTarget.checked },
          }).finally(() => setBusy(false));
          props.onChange(data);
        }}
      />{" "}
      {t.mailNotices}
    </label>
  );
}
