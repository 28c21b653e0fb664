import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { ApiError, api } from "../api.ts";
import { SlaBadge } from "../components/SlaBadge.tsx";
import { t } from "../strings.ts";
import type { Page, Ticket } from "../types.ts";

/** Search: `#1042` (or a bare number) opens that ticket; an email address lists that requester's tickets. */
export function Search() {
  const location = useLocation();
  const q = (new URLSearchParams(location.url.split("?")[1] ?? "").get("q") ?? "").trim();
  const [items, setItems] = useState<Ticket[] | null>(null);
  const [message, setMessage] = useState("");
  useEffect(() => {
    setItems(null);
    setMessage("");
    const number = /^#?(\d+)$/.exec(q)?.[1];
    if (number) {
      api<Ticket>(`/tickets/by-number/${number}`)
        .then(({ data }) => location.route(`/app/tickets/${data.id}`, true))
        .catch((e) => setMessage(e instanceof ApiError && e.status === 404 ? t.notFound : t.error));
    } else if (q.includes("@")) {
      api<Page>(`/requesters/${encodeURIComponent(q)}/tickets?limit=100`)
        .then(({ data }) => setItems(data.items))
        .catch(() => setMessage(t.error));
    } else if (q) {
      setMessage("Search by ticket number (#1042) or requester email.");
    }
  }, [q]);
  return (
    <section aria-labelledby="search-title">
      <h1 id="search-title">
        {t.search}: {q}
      </h1>
      {message && <p role="status">{message}</p>}
      {items && items.length === 0 && <p class="empty">{t.empty}</p>}
      {items && items.length > 0 && (
        <ul class="results">
          {items.map((ticket) => (
            <li key={ticket.id}>
              <a class="subject" href={`/app/tickets/${ticket.id}`}>
                #{ticket.number} {ticket.subject}
              </a>{" "}
              <span class={`status ${ticket.status}`}>{t.statuses[ticket.status]}</span>{" "}
              <SlaBadge ticket={ticket} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
