import { useEffect, useState } from "preact/hooks";
import { api } from "../../api.ts";
import { day, number } from "../../format.ts";
import { t } from "../../strings.ts";
import { ApiForm, text } from "./form.tsx";

type Vendor = { id: string; name: string; email: string; responseMinutes: number | null };
type Canned = { id: string; title: string; body: string };
type Token = {
  id: string;
  name: string;
  agentId: string;
  scope: "read" | "write" | "admin";
  expiresAt: string | null;
  createdAt: string;
};

/** External vendors (L4) tickets can be handed to. */
export function Vendors() {
  const [vendors, setVendors] = useState<Vendor[]>([]);
  const load = async () => setVendors((await api<{ items: Vendor[] }>("/vendors")).data.items);
  useEffect(() => {
    load();
  }, []);
  return (
    <section aria-labelledby="vendors-title">
      <h1 id="vendors-title">{t.adminArea.screens.vendors}</h1>
      <ul>
        {vendors.map((v) => (
          <li key={v.id}>
            {`${v.name} <${v.email}>`}{" "}
            {v.responseMinutes ? t.adminLists.answersWithin(number(v.responseMinutes)) : ""}
          </li>
        ))}
      </ul>
      <ApiForm
        label={t.adminLists.newVendor}
        button={t.adminLists.addVendor}
        submit={async (form) => {
          const minutes = Number(text(form, "minutes"));
          await api("/admin/vendors", {
            method: "POST",
            body: {
              id: text(form, "id"),
              name: text(form, "name"),
              email: text(form, "email"),
              responseMinutes: minutes || null,
            },
          });
          await load();
          return t.adminLists.vendorAdded;
        }}
      >
        <label>
          {t.adminLists.vendorId} <input name="id" required />
        </label>
        <label>
          {t.adminLists.vendorName} <input name="name" required />
        </label>
        <label>
          {t.adminLists.supportAddress} <input name="email" type="email" required />
        </label>
        <label>
          {t.adminLists.contract} <input name="minutes" type="number" min={1} />
        </label>
      </ApiForm>
    </section>
  );
}

/** Canned replies with placeholders. */
export function CannedReplies() {
  const [items, setItems] = useState<Canned[]>([]);
  const load = async () => setItems((await api<{ items: Canned[] }>("/canned-replies")).data.items);
  useEffect(() => {
    load();
  }, []);
  return (
    <section aria-labelledby="canned-title">
      <h1 id="canned-title">{t.adminArea.screens.canned}</h1>
      <p>
        {t.adminLists.placeholders} <code>{"{{requester.name}}"}</code>,{" "}
        <code>{"{{requester.firstName}}"}</code>, <code>{"{{ticket.number}}"}</code>,{" "}
        <code>{"{{ticket.subject}}"}</code>, <code>{"{{agent.name}}"}</code>.
      </p>
      <ul>
        {items.map((c) => (
          <li key={c.id}>
            <strong>{c.title}</strong> — {c.body.slice(0, 120)}{" "}
            <button
              type="button"
              onClick={async () => {
                await api(`/admin/canned-replies/${c.id}`, { method: "DELETE" });
                await load();
              }}
            >
              {t.common.deleteThis(c.title)}
            </button>
          </li>
        ))}
      </ul>
      <ApiForm
        label={t.adminLists.newCanned}
        button={t.adminLists.addCanned}
        submit={async (form) => {
          await api("/admin/canned-replies", {
            method: "POST",
            body: { title: text(form, "title"), body: text(form, "body") },
          });
          await load();
          return t.adminLists.cannedAdded;
        }}
      >
        <label>
          {t.adminLists.title} <input name="title" required />
        </label>
        <label>
          {t.adminLists.text} <textarea name="body" rows={4} required />
        </label>
      </ApiForm>
    </section>
  );
}

/** API tokens for integrations: the secret is shown once. */
export function Tokens() {
  const [tokens, setTokens] = useState<Token[]>([]);
  const load = async () => setTokens((await api<{ items: Token[] }>("/admin/api-tokens")).data.items);
  useEffect(() => {
    load();
  }, []);
  return (
    <section aria-labelledby="tokens-title">
      <h1 id="tokens-title">{t.adminArea.screens.tokens}</h1>
      <ul>
        {tokens.map((token) => (
          <li key={token.id}>
            {token.name} ({token.id}) — {t.adminLists.scopes[token.scope] ?? token.scope}
            {token.expiresAt ? t.adminLists.expires(day(token.expiresAt)) : t.adminLists.noExpiry}{" "}
            <button
              type="button"
              onClick={async () => {
                await api(`/admin/api-tokens/${token.id}`, { method: "DELETE" });
                await load();
              }}
            >
              {t.adminLists.revoke(token.name)}
            </button>
          </li>
        ))}
      </ul>
      <ApiForm
        label={t.adminLists.newToken}
        button={t.adminLists.issueToken}
        submit={async (form) => {
          const { data } = await api<{ token: string }>("/admin/api-tokens", {
            method: "POST",
            body: {
              name: text(form, "name"),
              agentId: text(form, "agentId"),
              scope: text(form, "scope"),
              // The end of the chosen day, UTC; empty: until revoked.
              expiresAt: text(form, "expires") ? `${text(form, "expires")}T23:59:59Z` : undefined,
            },
          });
          await load();
          return t.adminLists.tokenShown(data.token);
        }}
      >
        <label>
          {t.adminLists.tokenName} <input name="name" required />
        </label>
        <label>
          {t.adminLists.actsAs} <input name="agentId" required />
        </label>
        <label>
          {t.adminLists.scope}{" "}
          <select name="scope">
            <option value="read">{t.adminLists.scopes.read}</option>
            <option value="write" selected>
              {t.adminLists.scopes.write}
            </option>
            <option value="admin">{t.adminLists.scopes.admin}</option>
          </select>
        </label>
        <label>
          {t.adminLists.expiresOn} <input name="expires" type="date" />
        </label>
      </ApiForm>
    </section>
  );
}
