import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { shownName } from "../address.ts";
import { api } from "../api.ts";
import { SlaBadge } from "../components/SlaBadge.tsx";
import { when } from "../format.ts";
import { shownText } from "../placeholders.ts";
import { t } from "../strings.ts";
import type { Ticket } from "../types.ts";

type Result = { kind: "number" | "email" | "text"; items: Ticket[]; truncated: boolean };

/** Search results: a ticket number opens that ticket; an address lists the requester's; words search full text. */
export function Search() {
  const location = useLocation();
  const q = (new URLSearchParams(location.url.split("?")[1] ?? "").get("q") ?? "").trim();
  const [result, setResult] = useState<Result | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    setResult(null);
    setFailed(false);
    if (!q) return;
    api<Result>(`/search?q=${encodeURIComponent(q)}`)
      .then(({ data }) => {
        if (data.kind === "number" && data.items[0]) location.route(`/app/tickets/${data.items[0].id}`, true);
        else setResult(data);
      })
      .catch(() => setFailed(true));
  }, [q]);
  return (
    <section aria-labelledby="search-title">
      <h1 id="search-title">
        {t.search}
        {t.common.colon}
        {q}
      </h1>
      {failed && <p role="alert">{t.error}</p>}
      {!result && !failed && q && <p class="loading">{t.loading}</p>}
      {result && result.items.length === 0 && <p role="status">{t.noResults}</p>}
      {result && result.items.length > 0 && (
        <ul class="results" aria-label={t.results}>
          {result.items.map((ticket) => (
            <li key={ticket.id}>
              <a class="subject" href={`/app/tickets/${ticket.id}`}>
                #{ticket.number} {shownText(ticket.subject)}
              </a>{" "}
              — {shownName(ticket.requester.name, ticket.requester.email)},{" "}
              <span class={`status ${ticket.status}`}>{t.statuses[ticket.status]}</span>,{" "}
              {when(ticket.lastActivityAt)} <SlaBadge ticket={ticket} />
            </li>
          ))}
        </ul>
      )}
      {result?.truncated && <p>{t.truncated}</p>}
    </section>
  );
}
