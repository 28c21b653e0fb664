import { useEffect, useState } from "preact/hooks";
import { api } from "../../api.ts";
import { LimitedField } from "../../components/LimitedField.tsx";
import { when } from "../../format.ts";
import { LIMITS } from "../../limits.ts";
import { t } from "../../strings.ts";
import type { Agent } from "../../types.ts";
import { allPages } from "./edits.tsx";
import { ApiForm, ConfirmButton, text, useOutcome } from "./form.tsx";

type Token = {
  id: string;
  name: string;
  agentId: string;
  scope: "read" | "write" | "admin";
  expiresAt: string | null;
  createdAt: string;
};

/** 23:59:59.999 local time on a `YYYY-MM-DD` day, as an instant; undefined for no day. */
export function endOfLocalDay(day: string): string | undefined {
  const [y, m, d] = day.split("-").map(Number);
  if (!y || !m || !d) return undefined;
  return new Date(y, m - 1, d, 23, 59, 59, 999).toISOString();
}

/** API tokens for integrations, acting as an agent picked by name: the secret is shown once. */
export function Tokens() {
  const s = t.admin.tokens;
  const [tokens, setTokens] = useState<Token[] | null>(null);
  const [agents, setAgents] = useState<Agent[]>([]);
  const revocation = useOutcome();
  const load = async () => {
    const [tk, a] = await Promise.all([
      api<{ items: Token[] }>("/admin/api-tokens"),
      allPages<Agent>("/admin/agents"),
    ]);
    setTokens(tk.data.items);
    setAgents(a);
  };
  useEffect(() => {
    load();
  }, []);
  const nameOf = (id: string) => agents.find((a) => a.id === id)?.name ?? "—";
  return (
    <section aria-labelledby="tokens-title">
      <h1 id="tokens-title">{t.admin.screens.tokens![0]}</h1>
      {revocation.view}
      {tokens?.length === 0 && <p class="empty">{t.journey.noTokens}</p>}
      <ul>
        {(tokens ?? []).map((token) => (
          <li key={token.id}>
            {token.name} — {s.actsAs(nameOf(token.agentId))}, {s.scopes[token.scope]},{" "}
            {token.expiresAt ? s.expires(when(token.expiresAt)) : s.noExpiry}{" "}
            <ConfirmButton
              label={s.revoke(token.name)}
              question={t.admin.more.revokeQuestion(token.name)}
              yes={t.admin.more.revokeYes}
              onConfirm={async () => {
                await revocation.run(() =>
                  api(`/admin/api-tokens/${token.id}`, { method: "DELETE" }).then(() => undefined),
                );
                await load();
              }}
            />
          </li>
        ))}
      </ul>
      <h2>{s.create}</h2>
      <ApiForm
        label={s.create}
        button={s.createButton}
        labels={{ name: s.name, agentId: s.agent, scope: s.scope, expiresAt: s.expiresOn }}
        submit={async (form) => {
          const { data } = await api<{ token: string }>("/admin/api-tokens", {
            method: "POST",
            body: {
              name: text(form, "name"),
              agentId: text(form, "agentId"),
              scope: text(form, "scope"),
              // The end of the chosen day in the admin's own time zone; empty: until revoked.
              expiresAt: endOfLocalDay(text(form, "expires")),
            },
          });
          await load();
          return s.shownOnce(data.token);
        }}
      >
        <LimitedField label={s.name} max={LIMITS.tokenName} name="name" required />
        <label>
          {s.agent}
          <select name="agentId" required>
            <option value="">{t.admin.more.chooseAgent}</option>
            {agents
              .filter((a) => a.active)
              .map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
          </select>
        </label>
        <label>
          {s.scope}
          <select name="scope">
            {Object.entries(s.scopes).map(([value, label]) => (
              <option key={value} value={value} selected={value === "write"}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          {s.expiresOn} <input name="expires" type="date" />
        </label>
      </ApiForm>
    </section>
  );
}
