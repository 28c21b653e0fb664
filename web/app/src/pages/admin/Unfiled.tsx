import { useEffect, useState } from "preact/hooks";
import { shownAddress, shownName } from "../../address.ts";
import { api } from "../../api.ts";
import { Download } from "../../components/Download.tsx";
import { LimitedField } from "../../components/LimitedField.tsx";
import { when } from "../../format.ts";
import { LIMITS } from "../../limits.ts";
import { t } from "../../strings.ts";
import { requesterToOffer, unfiledReasonText } from "../../unfiled-text.ts";
import { ApiForm, text } from "./form.tsx";

type Unfiled = {
  id: string;
  reason: string;
  detail: string;
  receivedAt: string;
  from: { address: string | null; name: string | null; usableAsRequester: boolean } | null;
  subject: string | null;
  size: number;
  setAside: "ignored" | "quarantined" | null;
  expiresAt: string | null;
};

/** A sender filing by hand would refuse as requester: the form says so instead of offering it. */
const refused = (item: Unfiled) => Boolean(item.from?.address && !item.from.usableAsRequester);

/** Mail the desk could not file or set aside: why, the original to download, file it by hand as a ticket, or dismiss it. */
export function UnfiledMail() {
  const [items, setItems] = useState<Unfiled[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const load = async (after?: string) => {
    const { data } = await api<{ items: Unfiled[]; cursor: string | null }>(
      `/admin/unfiled?limit=25${after ? `&cursor=${encodeURIComponent(after)}` : ""}`,
    );
    setItems((before) => (after ? [...(before ?? []), ...data.items] : data.items));
    setCursor(data.cursor);
  };
  useEffect(() => {
    load();
  }, []);
  if (!items) return <p>{t.loading}</p>;
  return (
    <section aria-labelledby="unfiled-title">
      <h1 id="unfiled-title">{t.unfiled.title}</h1>
      <p>{t.unfiled.intro}</p>
      {items.length === 0 && !cursor && <p>{t.unfiled.empty}</p>}
      <ul class="stack">
        {items.map((item) => (
          <li key={item.id} aria-label={item.subject ?? t.unfiled.noSubject}>
            <strong>{item.subject ?? t.unfiled.noSubject}</strong> —{" "}
            {item.from
              ? [
                  item.from.name && shownName(item.from.name, item.from.address ?? ""),
                  item.from.address && shownAddress(item.from.address),
                ]
                  .filter(Boolean)
                  .join(" ")
              : "—"}
            , <time dateTime={item.receivedAt}>{when(item.receivedAt)}</time>
            <p>{unfiledReasonText(item)}</p>
            {item.expiresAt && (
              <p>
                {t.unfiled.setAsideUntil} <time dateTime={item.expiresAt}>{when(item.expiresAt)}</time>
              </p>
            )}
            {item.setAside === "quarantined" ? (
              <p>{t.unfiled.quarantined}</p>
            ) : (
              <>
                <Download href={`/api/admin/unfiled/${item.id}/original`}>{t.downloadOriginal}</Download>
                <ApiForm
                  label={`${t.unfiled.file} ${item.subject ?? t.unfiled.noSubject}`}
                  button={t.unfiled.file}
                  submit={async (form) => {
                    const name = text(form, "name");
                    await api(`/admin/unfiled/${item.id}/file`, {
                      method: "POST",
                      body: { requesterEmail: text(form, "email"), requesterName: name || undefined },
                    });
                    await load();
                    return t.unfiled.filed;
                  }}
                >
                  <label>
                    {t.unfiled.requesterEmail}{" "}
                    <input
                      name="email"
                      type="email"
                      required
                      defaultValue={requesterToOffer(item).email}
                      aria-describedby={refused(item) ? `hint-${item.id}` : undefined}
                    />
                  </label>
                  {refused(item) && (
                    <p id={`hint-${item.id}`} class="muted">
                      {t.unfiled.requesterHint}
                    </p>
                  )}
                  <LimitedField
                    label={t.unfiled.requesterName}
                    max={LIMITS.requesterName}
                    name="name"
                    defaultValue={requesterToOffer(item).name}
                  />
                </ApiForm>
              </>
            )}
            <button
              type="button"
              onClick={async () => {
                await api(`/admin/unfiled/${item.id}`, { method: "DELETE" });
                await load();
              }}
            >
              {t.unfiled.dismiss}
            </button>
          </li>
        ))}
      </ul>
      {cursor && (
        <button type="button" onClick={() => load(cursor)}>
          {t.unfiled.more}
        </button>
      )}
    </section>
  );
}
