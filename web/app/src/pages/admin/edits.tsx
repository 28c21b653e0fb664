import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { MAX_SIGNATURE_CHARS, MAX_SIGNATURE_LINES } from "../../../../../core/agent/signature.ts";
import { ApiError, api } from "../../api.ts";
import { LimitedField } from "../../components/LimitedField.tsx";
import { SignatureEditor } from "../../components/SignatureEditor.tsx";
import { LIMITS } from "../../limits.ts";
import { t } from "../../strings.ts";
import type { Agent } from "../../types.ts";
import { ApiForm, text } from "./form.tsx";

/** Every page of a cursor-paged list (the API gives at most 100 items a page; a desk can have more agents). */
export async function allPages<T>(path: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  // Bounded: 50 pages is far beyond any desk; a cursor that never ends must not spin forever.
  for (let page = 0; page < 50; page++) {
    const query: string = cursor
      ? `${path.includes("?") ? "&" : "?"}cursor=${encodeURIComponent(cursor)}`
      : "";
    const { data } = await api<{ items: T[]; cursor?: string | null }>(`${path}${query}`);
    items.push(...data.items);
    cursor = data.cursor ?? null;
    if (!cursor) break;
  }
  return items;
}

/** "Edit …" that builds its form only when opened (a closed one adds no fields to the screen or its labels). */
function Disclosure(props: {
  summary: string;
  children: ComponentChildren;
  class?: string;
  /** What the summary is called when its words alone do not say (they are kept in it: WCAG's label in name). */
  label?: string;
}) {
  const [open, setOpen] = useState(false);
  return (
    <details class={props.class} onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary aria-label={props.label}>{props.summary}</summary>
      {open && props.children}
    </details>
  );
}

/** An agent's name, the language of their notices and whether they get mail notices, behind "Edit …". */
export function AgentEdit(props: { agent: Agent; onSaved: () => Promise<void> }) {
  const a = t.admin.agents;
  const m = t.admin.more;
  const { agent } = props;
  return (
    <Disclosure summary={m.edit(agent.name)}>
      <ApiForm
        label={m.edit(agent.name)}
        button={m.saveItem(agent.name)}
        labels={{ name: a.name, locale: m.notices, mailNotices: m.mailNotices }}
        submit={async (form) => {
          const name = text(form, "name");
          await api(`/admin/agents/${agent.id}`, {
            method: "PATCH",
            body: { name, locale: text(form, "locale"), mailNotices: form.get("mailNotices") === "on" },
          });
          await props.onSaved();
          return m.savedItem(name);
        }}
      >
        <LimitedField
          label={a.name}
          max={LIMITS.directoryName}
          name="name"
          required
          defaultValue={agent.name}
        />
        <label>
          {m.notices}
          <select name="locale">
            <option value="en" selected={agent.locale === "en"}>
              English
            </option>
            <option value="fr" selected={agent.locale === "fr"}>
              Français
            </option>
          </select>
        </label>
        <label class="check">
          <input name="mailNotices" type="checkbox" defaultChecked={agent.mailNotices} /> {m.mailNotices}
        </label>
      </ApiForm>
    </Disclosure>
  );
}

/**
 * An agent's reply signature as an admin sees and sets it: its first line (or "None"), and behind it the editor
 * the agent has on "My signature", with the same limits and refusals. Saved with the agent's version (If-Match):
 * a signature the agent changed meanwhile is not overwritten unseen; the list reloads to show it.
 */
export function AgentSignatureEdit(props: {
  agent: Agent;
  onSaved: (saved: Agent) => Promise<void>;
  onStale: () => Promise<void>;
}) {
  const a = t.admin.agents;
  const { agent } = props;
  const id = `signature-${agent.id}`;
  const summary = agent.signature.split("\n")[0] || a.noSignature;
  return (
    <Disclosure
      class="agent-signature"
      summary={summary}
      // "None" or a first line alone, row after row, says neither whose signature nor what it is.
      label={`${a.signatureOf(agent.name)}, ${summary}`}
    >
      <p id={`${id}-hint`} class="muted">
        {a.signatureHint(MAX_SIGNATURE_LINES, MAX_SIGNATURE_CHARS)}
      </p>
      <SignatureEditor
        id={id}
        initial={agent.signature}
        label={a.signatureOf(agent.name)}
        button={a.saveSignatureOf(agent.name)}
        describedBy={`${id}-hint`}
        save={async (text) => {
          try {
            const { data } = await api<Agent>(`/admin/agents/${agent.id}`, {
              method: "PATCH",
              body: { signature: text },
              ifMatch: `"${agent.version}"`,
            });
            await props.onSaved(data);
            const said = data.signature ? a.signatureSaved(agent.name) : a.signatureRemoved(agent.name);
            return { saved: data.signature, said };
          } catch (error) {
            if (error instanceof ApiError && error.code === "stale_version") await props.onStale();
            throw error;
          }
        }}
      />
    </Disclosure>
  );
}

type Vendor = { id: string; name: string; email: string; responseMinutes: number | null };

/** A vendor's name, address and contract time, behind "Edit …". */
export function VendorEdit(props: { vendor: Vendor; onSaved: () => Promise<void> }) {
  const s = t.admin.vendors;
  const m = t.admin.more;
  const { vendor } = props;
  return (
    <Disclosure summary={m.edit(vendor.name)}>
      <ApiForm
        label={m.edit(vendor.name)}
        button={m.saveItem(vendor.name)}
        labels={{ name: s.name, email: s.email, responseMinutes: s.minutes }}
        submit={async (form) => {
          const name = text(form, "name");
          await api(`/admin/vendors/${vendor.id}`, {
            method: "PATCH",
            body: {
              name,
              email: text(form, "email"),
              responseMinutes: Number(text(form, "minutes")) || null,
            },
          });
          await props.onSaved();
          return m.savedItem(name);
        }}
      >
        <LimitedField
          label={s.name}
          max={LIMITS.directoryName}
          name="name"
          required
          defaultValue={vendor.name}
        />
        <label>
          {s.email} <input name="email" type="email" required defaultValue={vendor.email} />
        </label>
        <label>
          {s.minutes}{" "}
          <input name="minutes" type="number" min={1} step={1} defaultValue={vendor.responseMinutes ?? ""} />
        </label>
      </ApiForm>
    </Disclosure>
  );
}

type Canned = { id: string; title: string; body: string };

/** A canned reply's title and text, behind "Edit …". */
export function CannedEdit(props: { reply: Canned; onSaved: () => Promise<void> }) {
  const s = t.admin.canned;
  const m = t.admin.more;
  const { reply } = props;
  return (
    <Disclosure summary={m.edit(reply.title)}>
      <ApiForm
        label={m.edit(reply.title)}
        button={m.saveItem(reply.title)}
        labels={{ title: s.title, body: s.body }}
        submit={async (form) => {
          const title = text(form, "title");
          await api(`/admin/canned-replies/${reply.id}`, {
            method: "PATCH",
            body: { title, body: text(form, "body") },
          });
          await props.onSaved();
          return m.savedItem(title);
        }}
      >
        <LimitedField
          label={s.title}
          max={LIMITS.cannedTitle}
          name="title"
          required
          defaultValue={reply.title}
        />
        <LimitedField
          label={s.body}
          max={LIMITS.cannedBody}
          rows={4}
          name="body"
          required
          defaultValue={reply.body}
        />
      </ApiForm>
    </Disclosure>
  );
}
