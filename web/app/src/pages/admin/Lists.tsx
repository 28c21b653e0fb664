import { useEffect, useState } from "preact/hooks";
import { api } from "../../api.ts";
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
      <h1 id="vendors-title">Vendors</h1>
      <ul>
        {vendors.map((v) => (
          <li key={v.id}>
            {v.name} &lt;{v.email}&gt;{" "}
            {v.responseMinutes ? `— answers within ${v.responseMinutes} business minutes` : ""}
          </li>
        ))}
      </ul>
      <ApiForm
        label="New vendor"
        button="Add vendor"
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
          return "Vendor added.";
        }}
      >
        <label>
          Vendor id <input name="id" required />
        </label>
        <label>
          Vendor name <input name="name" required />
        </label>
        <label>
          Support address <input name="email" type="email" required />
        </label>
        <label>
          Contract: answer within (business minutes) <input name="minutes" type="number" min={1} />
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
      <h1 id="canned-title">Canned replies</h1>
      <p>
        Placeholders: <code>{"{{requester.name}}"}</code>, <code>{"{{requester.firstName}}"}</code>,{" "}
        <code>{"{{ticket.number}}"}</code>, <code>{"{{ticket.subject}}"}</code>,{" "}
        <code>{"{{agent.name}}"}</code>.
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
              Delete {c.title}
            </button>
          </li>
        ))}
      </ul>
      <ApiForm
        label="New canned reply"
        button="Add canned reply"
        submit={async (form) => {
          await api("/admin/canned-replies", {
            method: "POST",
            body: { title: text(form, "title"), body: text(form, "body") },
          });
          await load();
          return "Canned reply added.";
        }}
      >
        <label>
          Title <input name="title" required />
        </label>
        <label>
          Text <textarea name="body" rows={4} required />
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
      <h1 id="tokens-title">API tokens</h1>
      <ul>
        {tokens.map((token) => (
          <li key={token.id}>
            {token.name} ({token.id}) — {token.scope}
            {token.expiresAt ? `, expires ${token.expiresAt.slice(0, 10)}` : ", no expiry"}{" "}
            <button
              type="button"
              onClick={async () => {
                await api(`/admin/api-tokens/${token.id}`, { method: "DELETE" });
                await load();
              }}
            >
              Revoke {token.name}
            </button>
          </li>
        ))}
      </ul>
      <ApiForm
        label="New API token"
        button="Issue token"
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
          return `Token (shown once): ${data.token}`;
        }}
      >
        <label>
          Token name <input name="name" required />
        </label>
        <label>
          Acts as agent id <input name="agentId" required />
        </label>
        <label>
          Scope{" "}
          <select name="scope">
            <option value="read">read (GET only)</option>
            <option value="write" selected>
              write (an agent's work)
            </option>
            <option value="admin">admin (also the admin APIs; admins only)</option>
          </select>
        </label>
        <label>
          Expires on (optional) <input name="expires" type="date" />
        </label>
      </ApiForm>
    </section>
  );
}
