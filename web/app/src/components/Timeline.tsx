import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { shownAddress, shownAddressList, shownName } from "../address.ts";
import { api } from "../api.ts";
import { authorText, eventText } from "../event-text.ts";
import { kilobytes, when } from "../format.ts";
import { isDeliveryReport, isSpamReport } from "../held-mail.ts";
import { agentName, categoryName, type Names, teamName, useNames, vendorName } from "../names.ts";
import { replyDeliveryNote } from "../reply-delivery.ts";
import { t } from "../strings.ts";
import type { Entry } from "../types.ts";
import { Download } from "./Download.tsx";
import { MessageText } from "./MessageText.tsx";
import { SignatureText } from "./SignatureText.tsx";

/** Entries whose body is a message someone wrote (not an event the desk words): its URLs are links. */
const WRITTEN = new Set(["customer_message", "agent_reply", "internal_note", "vendor_message"]);

const shownOrNull = (address: string | null | undefined) => (address ? shownAddress(address) : address);
/** An author's name as shown: a nameless sender is filed with their address (ASCII) as name, shown decoded. */
const authorName = (author: Entry["author"]) => author.name && shownName(author.name, author.email ?? "");

/**
 * A changed field's value as agents read it: statuses, priorities, escalation reasons and ratings in words; agents,
 * teams and categories by name (an agent no longer in the directory is "a former agent", never an id); addresses
 * with an internationalised domain in Unicode.
 */
const shownValue = (names: Names, field: string, value: string | null | undefined) => {
  if (value === null || value === undefined || value === "") return "—";
  if (field === "assigneeId") return agentName(names, value);
  if (field === "team") return teamName(names, value);
  if (field === "category") return categoryName(names, value);
  if (field === "vendorId") return vendorName(names, value);
  if (field === "cc" || field === "mergedSenders") return shownAddressList(value);
  const words = {
    status: t.statuses,
    priority: t.priorities,
    escalationReason: t.escalationReasons,
    tier: t.common.tiers,
    csatRating: t.satisfactionRatings,
  }[field];
  return words?.[value] ?? value;
};

/** What one event changed, one line per field ("Assignee: — → Alice Martin"). */
function Changes({ entry, names }: { entry: Entry; names: Names }) {
  // A field recorded with the same value on both sides changed nothing (a survey comment keeps the rating).
  const changed = entry.changes?.filter((c) => (c.from || null) !== (c.to || null)) ?? [];
  if (!changed.length) return null;
  return (
    <ul class="changes">
      {changed.map((c) => (
        <li key={c.field}>
          {t.fields[c.field] ?? t.ticketActions.fields[c.field] ?? c.field}
          {t.common.colon}
          {shownValue(names, c.field, c.from)} → {shownValue(names, c.field, c.to)}
        </li>
      ))}
    </ul>
  );
}

/** One entry: messages, replies and notes look different; mail shows its envelope; HTML only in a sandbox. */
function EntryView({
  ticketId: shownTicketId,
  entry,
  names,
  actions,
}: {
  ticketId: string;
  entry: Entry;
  names: Names;
  actions?: (entry: Entry) => ComponentChildren;
}) {
  // An entry of a ticket merged into this one lives (and is downloaded) on its own ticket.
  const ticketId = entry.fromTicket?.id ?? shownTicketId;
  const [showHtml, setShowHtml] = useState(false);
  const location = useLocation();
  const author =
    authorText(entry) ?? authorName(entry.author) ?? shownOrNull(entry.author.email) ?? t.kinds[entry.kind];
  const said = eventText(entry, names);
  const mail = entry.mail;
  const undelivered = replyDeliveryNote(entry);
  // A bounce threads like a customer's mail, but nobody wrote it: it reads as the report it is.
  const report = isDeliveryReport(entry);
  const kind = report
    ? isSpamReport(entry)
      ? t.held.spamReport
      : t.held.deliveryReport
    : t.kinds[entry.kind];
  return (
    <li class={`entry ${entry.kind}${report ? " delivery-report" : ""}`} aria-label={`${kind}, ${author}`}>
      <div class="meta">
        <strong>{author}</strong> <span class="kind">{kind}</span>{" "}
        <time dateTime={entry.createdAt}>{when(entry.createdAt)}</time>
        {entry.fromTicket && (
          <a class="from-ticket" href={`/app/tickets/${entry.fromTicket.id}`}>
            {t.ticketActions.fromTicket} #{entry.fromTicket.number}
          </a>
        )}
        {entry.mergedSender && (
          <span class="merged-sender from-ticket warning">
            {t.mergePeople.mergedSender(entry.mergedSender.number)}
          </span>
        )}
        {mail?.signed && (
          <span class="signed" title={t.signedTitle}>
            {t.signed}
          </span>
        )}
      </div>
      {entry.supersededBy ? (
        // Cut short in transit: the complete copy follows; this one stays, folded, for the record.
        <>
          <p class="superseded warning">{t.completeCopy.superseded}</p>
          {said && (
            <details class="superseded-body">
              <summary>{t.completeCopy.showCut}</summary>
              <div class="body">{WRITTEN.has(entry.kind) ? <MessageText text={said} /> : said}</div>
            </details>
          )}
        </>
      ) : (
        said && <div class="body">{WRITTEN.has(entry.kind) ? <MessageText text={said} /> : said}</div>
      )}
      {entry.signature && <SignatureText text={entry.signature} />}
      {entry.supersedes && <p class="completes">{t.completeCopy.completes}</p>}
      {report && (
        <p class="delivery-report-note warning">
          {isSpamReport(entry) ? t.held.spamReportNote : t.held.deliveryReportNote}
        </p>
      )}
      {undelivered && (
        <p class="delivery warning" role="status">
          {undelivered}
        </p>
      )}
      {mail && mail.notCopied.length > 0 && (
        <p class="not-copied warning">{t.copied.notCopied(mail.notCopied.map(shownAddress).join(", "))}</p>
      )}
      {/* A superseded copy is decided through its complete copy. */}
      {!entry.supersededBy && actions?.(entry)}
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
      <Changes entry={entry} names={names} />
      {mail && (
        <details class="envelope">
          <summary>
            {t.from}
            {t.common.colon}
            {mail.from ? shownAddress(mail.from) : "—"}
          </summary>
          <dl>
            <dt>{t.to}</dt>
            <dd>{[...mail.to, ...mail.cc].map(shownAddress).join(", ") || "—"}</dd>
            <dt>{t.messageId}</dt>
            <dd>{entry.messageId ?? "—"}</dd>
            <dt>{t.auth}</dt>
            <dd>{t.common.mailAuth(mail.spf ?? "—", mail.dkim ?? "—", mail.dmarc ?? "—")}</dd>
          </dl>
          {(entry.kind === "customer_message" || entry.kind === "vendor_message") && (
            <Download href={`/api/tickets/${ticketId}/entries/${entry.id}/original`}>
              {t.downloadOriginal}
            </Download>
          )}
        </details>
      )}
      {entry.attachments.length > 0 && (
        <ul class="attachments" aria-label={t.attachments}>
          {entry.attachments.map((a, index) => (
            <li key={a.name}>
              <Download
                href={`/api/tickets/${ticketId}/entries/${entry.id}/attachments/${index}`}
                name={a.name}
              >
                {a.name}
              </Download>{" "}
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

/** Field changes and other events without mail or files: shown as compact lines, not cards. */
const isPlainEvent = (entry: Entry) =>
  entry.kind === "event" && !entry.mail && entry.attachments.length === 0 && !entry.html;

/** Consecutive plain events, as one quiet block of one line each (who, when, what changed). */
function EventGroup({ entries, names }: { entries: Entry[]; names: Names }) {
  return (
    <li class="events" aria-label={t.look.changesGroup(entries.length)}>
      <ul>
        {entries.map((entry) => (
          <li key={entry.id} class="event-line">
            <span class="meta">
              <strong>
                {authorText(entry) ??
                  authorName(entry.author) ??
                  shownOrNull(entry.author.email) ??
                  t.kinds.event}
              </strong>{" "}
              <time dateTime={entry.createdAt}>{when(entry.createdAt)}</time>
            </span>
            {eventText(entry, names) && <span class="event-body">{eventText(entry, names)}</span>}
            <Changes entry={entry} names={names} />
          </li>
        ))}
      </ul>
    </li>
  );
}

/** Messages stand out as cards; the field changes between two messages collapse into one compact group. */
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
  const names = useNames();
  const blocks: (Entry | Entry[])[] = [];
  for (const entry of entries) {
    const last = blocks.at(-1);
    if (!isPlainEvent(entry)) blocks.push(entry);
    else if (Array.isArray(last)) last.push(entry);
    else blocks.push([entry]);
  }
  return (
    <ol class="timeline" aria-label={t.timeline}>
      {blocks.map((block) =>
        Array.isArray(block) ? (
          <EventGroup key={block[0]!.id} entries={block} names={names} />
        ) : (
          <EntryView key={block.id} ticketId={ticketId} entry={block} names={names} actions={entryActions} />
        ),
      )}
    </ol>
  );
}
