import { useEffect, useState } from "preact/hooks";
import { shownAddress } from "../../address.ts";
import { api } from "../../api.ts";
import { LimitedField } from "../../components/LimitedField.tsx";
import { LIMITS } from "../../limits.ts";
import { t } from "../../strings.ts";
import { CannedEdit, VendorEdit } from "./edits.tsx";
import { ApiForm, ConfirmButton, createNamed, text, useOutcome } from "./form.tsx";

type Vendor = { id: string; name: string; email: string; responseMinutes: number | null };
type Canned = { id: string; title: string; body: string };

/** External vendors (L4) tickets can be handed to. */
export function Vendors() {
  const s = t.admin.vendors;
  // null until read: an empty list then says so (never while it loads).
  const [vendors, setVendors] = useState<Vendor[] | null>(null);
  const load = async () => {
    setVendors((await api<{ items: Vendor[] }>("/vendors")).data.items);
  };
  useEffect(() => {
    load();
  }, []);
  return (
    <section aria-labelledby="vendors-title">
      <h1 id="vendors-title">{t.admin.screens.vendors![0]}</h1>
      {vendors?.length === 0 && <p class="empty">{t.journey.noVendors}</p>}
      <ul>
        {(vendors ?? []).map((v) => (
          <li key={v.id}>
            {v.name} &lt;{shownAddress(v.email)}&gt;
            {v.responseMinutes ? ` — ${s.answersWithin(v.responseMinutes)}` : ""}
            <VendorEdit vendor={v} onSaved={load} />
          </li>
        ))}
      </ul>
      <h2>{s.create}</h2>
      <ApiForm
        label={s.create}
        button={s.createButton}
        labels={{ id: s.name, name: s.name, email: s.email, responseMinutes: s.minutes }}
        reset
        submit={async (form) => {
          const minutes = Number(text(form, "minutes"));
          const name = text(form, "name");
          const body = { name, email: text(form, "email"), responseMinutes: minutes || null };
          await createNamed(name, (id) => api("/admin/vendors", { method: "POST", body: { id, ...body } }));
          await load();
          return s.created;
        }}
      >
        <LimitedField label={s.name} max={LIMITS.directoryName} name="name" required />
        <label>
          {s.email} <input name="email" type="email" required />
        </label>
        <label>
          {s.minutes} <input name="minutes" type="number" min={1} step={1} />
        </label>
      </ApiForm>
    </section>
  );
}

/** Canned replies with placeholders. */
export function CannedReplies() {
  const s = t.admin.canned;
  const [items, setItems] = useState<Canned[] | null>(null);
  const removal = useOutcome();
  const load = async () => {
    setItems((await api<{ items: Canned[] }>("/canned-replies")).data.items);
  };
  useEffect(() => {
    load();
  }, []);
  return (
    <section aria-labelledby="canned-title">
      <h1 id="canned-title">{t.admin.screens.canned![0]}</h1>
      <p>
        {s.placeholders} <code>{"{{requester.name}}"}</code>, <code>{"{{requester.firstName}}"}</code>,{" "}
        <code>{"{{ticket.number}}"}</code>, <code>{"{{ticket.subject}}"}</code>,{" "}
        <code>{"{{agent.name}}"}</code>.
      </p>
      {removal.view}
      {items?.length === 0 && <p class="empty">{t.journey.noCanned}</p>}
      <ul>
        {(items ?? []).map((c) => (
          <li key={c.id}>
            <strong>{c.title}</strong> — {c.body.slice(0, 120)}{" "}
            <ConfirmButton
              label={s.remove(c.title)}
              question={t.admin.more.deleteQuestion(c.title)}
              yes={t.admin.more.deleteYes}
              onConfirm={async () => {
                await removal.run(() =>
                  api(`/admin/canned-replies/${c.id}`, { method: "DELETE" }).then(() => undefined),
                );
                await load();
              }}
            />
            <CannedEdit reply={c} onSaved={load} />
          </li>
        ))}
      </ul>
      <h2>{s.create}</h2>
      <ApiForm
        label={s.create}
        button={s.createButton}
        labels={{ title: s.title, body: s.body }}
        reset
        submit={async (form) => {
          await api("/admin/canned-replies", {
            method: "POST",
            body: { title: text(form, "title"), body: text(form, "body") },
          });
          await load();
          return s.created;
        }}
      >
        <LimitedField label={s.title} max={LIMITS.cannedTitle} name="title" required />
        <LimitedField label={s.body} max={LIMITS.cannedBody} rows={4} name="body" required />
      </ApiForm>
    </section>
  );
}
