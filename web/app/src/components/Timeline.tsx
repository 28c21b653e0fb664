import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { api } from "../api.ts";
import { kilobytes, when } from "../format.ts";
import { t } from "../strings.ts";
import type { Entry } from "../types.ts";

/** A changed field's value as agents read it (statuses, priorities and escalation reasons in words). */
const shownValue = (field: string, value: string | null | undefined) => {
  if (value === null || value === undefined || value === "") return "—";
  const words = {
    status: t.statuses,
    priority: t.priorities,
    escalationReason: t.escalationReasons,
    tier: t.common.tiers,
  }[field];
  return words?.[value] ?? value;
};

/** One entry: messages, replies and notes look different; mail shows its envelope; HTML only in a sandbox. */
function EntryView({
  ticketId: shownTicketId,
  entry,
  actions,
}: {
  ticketId: string;
  entry: Entry;
  actions?: (entry: Entry) => ComponentChildren;
}) {
  // An entry of a ticket merged into this one lives (and is downloaded) on its own ticket.
  const ticketId = entry.fromTicket?.id ?? shownTicketId;
  const [showHtml, setShowHtml] = useState(false);
  const location = useLocation();
  const author = entry.author.name ?? entry.author.email ?? t.kinds[entry.kind];
  const mail = entry.mail;
  return (
    <li class={`entry ${entry.kind}`} aria-label={`${t.kinds[entry.kind]}, ${author}`}>
      <div class="meta">
        <strong>{author}</strong> <span class="kind">{t.kinds[entry.kind]}</span>{" "}
        <time dateTime={entry.createdAt}>{when(entry.createdAt)}</time>
        {entry.fromTicket && (
          <a class="from-ticket" href={`/app/tickets/${entry.fromTicket.id}`}>
            {t.ticketActions.fromTicket} #{entry.fromTicket.number}
          </a>
        )}
        {mail?.signed && (
          <span class="signed" title={t.signedTitle}>
            {t.signed}
          </span>
        )}
      </div>
      {entry.body && <div class="body">{entry.body}</div>}
      {actions?.(entry)}
      {(entry.kind === "agent_reply" || entry.kind === "internal_note") && entry.body && (
        <button
          type="button"
          class="link"
          onClick={async () => {
            const { data } = await api<{ id: string }>("/kb/articles/from-entry", {
              method: "POST",
              body: { ticketId, entryId: entry.id },
            });
            location.route(`/app/kb/${data.id}`);
          }}
        >
          {t.toArticle}
        </button>
      )}
      {entry.changes && entry.changes.length > 0 && (
        <ul class="changes">
          {entry.changes.map((c) => (
            <li key={c.field}>
              {t.fields[c.field] ?? t.ticketActions.fields[c.field] ?? c.field}
              {t.common.colon}
              {shownValue(c.field, c.from)} → {shownValue(c.field, c.to)}
            </li>
          ))}
        </ul>
      )}
      {mail && (
        <details class="envelope">
          <summary>
            {t.from}
            {t.common.colon}
            {mail.from ?? "—"}
          </summary>
          <dl>
            <dt>{t.to}</dt>
            <dd>{[...mail.to, ...mail.cc].join(", ") || "—"}</dd>
            <dt>{t.messageId}</dt>
            <dd>{entry.messageId ?? "—"}</dd>
            <dt>{t.auth}</dt>
            <dd>{t.common.mailAuth(mail.spf ?? "—", mail.dkim ?? "—", mail.dmarc ?? "—")}</dd>
          </dl>
          {(entry.kind === "customer_message" || entry.kind === "vendor_message") && (
            <a href={`/api/tickets/${ticketId}/entries/${entry.id}/original`} download>
              {t.downloadOriginal}
            </a>
          )}
        </details>
      )}
      {entry.attachments.length > 0 && (
        <ul class="attachments" aria-label={t.attachments}>
          {entry.attachments.map((a, index) => (
            <li key={a.name}>
              <a href={`/api/tickets/${ticketId}/entries/${entry.id}/attachments/${index}`} download={a.name}>
                {a.name}
              </a>{" "}
              ({kilobytes(a.size)})
            </li>
          ))}
        </ul>
      )}
      {entry.html && (
        <>
          <button type="button" class="link" onClick={() => setShowHtml(!showHtml)} aria-expanded={showHtml}>
            {t.showOriginal}
          </button>
          {/* Sanitized on the server, and still shown only in a sandbox without scripts. */}
          {showHtml && <iframe title={t.showOriginal} sandbox="" srcdoc={entry.html} class="mail-html" />}
        </>
      )}
    </li>
  );
}

export function Timeline({
  ticketId,
  entries,
  entryActions,
}: {
  ticketId: string;
  entries: Entry[];
  /** What an agent can do with an entry (split a customer message), shown under its text. */
  entryActions?: (entry: Entry) => ComponentChildren;
}) {
  return (
    <ol class="timeline" aria-label={t.timeline}>
      {entries.map((entry) => (
        <EntryView key={entry.id} ticketId={ticketId} entry={entry} actions={entryActions} />
      ))}
    </ol>
  );
}
