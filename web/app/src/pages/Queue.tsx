import { useEffect, useRef, useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import { api } from "../api.ts";
import { SlaBadge } from "../components/SlaBadge.tsx";
import { when } from "../format.ts";
import { useKeys } from "../keys.ts";
import { useSession } from "../session.ts";
import { t } from "../strings.ts";
import type { Page, Ticket } from "../types.ts";

const REFRESH_MS = 30_000;
const urgency = (ticket: Ticket) =>
  ticket.sla.state === "paused" ? "~" : (ticket.sla.firstResponseDueAt ?? ticket.sla.resolutionDueAt ?? "~");

/** A work queue: the tickets of one view, newest activity first (or most urgent SLA first), j/k and Enter. */
export function Queue() {
  const { agent } = useSession();
  const { params } = useRoute();
  const location = useLocation();
  const query = new URLSearchParams(location.url.split("?")[1] ?? "");
  const view = params.view ?? "all";
  const team = query.get("team") ?? "";
  const status = query.get("status") ?? "";
  const sort = query.get("sort") ?? "activity";
  const [items, setItems] = useState<Ticket[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [selected, setSelected] = useState(0);
  const list = useRef<HTMLTableSectionElement>(null);

  const load = async (from: string | null) => {
    const search = new URLSearchParams({ view, limit: "50" });
    if (team) search.set("team", team);
    if (status) search.set("status", status);
    if (from) search.set("cursor", from);
    const { data } = await api<Page>(`/tickets?${search}`);
    setItems((before) => (from ? [...(before ?? []), ...data.items] : data.items));
    setCursor(data.cursor);
  };
  useEffect(() => {
    setItems(null);
    setSelected(0);
    load(null);
    const timer = setInterval(() => document.visibilityState === "visible" && load(null), REFRESH_MS);
    return () => clearInterval(timer);
  }, [view, team, status]);

  const rows = items
    ? sort === "sla"
      ? [...items].sort((a, b) => urgency(a).localeCompare(urgency(b)))
      : items
    : [];
  const focusRow = (index: number) => {
    const next = Math.max(0, Math.min(rows.length - 1, index));
    setSelected(next);
    list.current?.querySelectorAll<HTMLAnchorElement>("a.subject")[next]?.focus();
  };
  useKeys(
    {
      j: () => focusRow(selected + 1),
      k: () => focusRow(selected - 1),
      Enter: () => rows[selected] && location.route(`/app/tickets/${rows[selected]!.id}`),
    },
    [rows, selected],
  );
  const link = (changes: Record<string, string>) => {
    const next = new URLSearchParams(query);
    for (const [key, value] of Object.entries(changes)) value ? next.set(key, value) : next.delete(key);
    const search = next.toString();
    return `/app/queue/${changes.view ?? view}${search ? `?${search}` : ""}`;
  };

  return (
    <div class="queue">
      <nav class="views" aria-label="Queues">
        <a
          href={link({ view: "unassigned", team: "" })}
          aria-current={view === "unassigned" ? "page" : undefined}
        >
          {t.views.unassigned}
        </a>
        <a href={link({ view: "mine", team: "" })} aria-current={view === "mine" ? "page" : undefined}>
          {t.views.mine}
        </a>
        {agent.teams.map((id) => (
          <a
            key={id}
            href={link({ view: "team", team: id })}
            aria-current={view === "team" && team === id ? "page" : undefined}
          >
            {t.views.team}: {id}
          </a>
        ))}
        <a href={link({ view: "all", team: "" })} aria-current={view === "all" ? "page" : undefined}>
          {t.views.all}
        </a>
      </nav>
      <section aria-labelledby="queue-title">
        <div class="toolbar">
          <h1 id="queue-title">
            {t.views[view] ?? view}
            {team && `: ${team}`}
          </h1>
          <label>
            {t.status}
            <select value={status} onChange={(e) => location.route(link({ status: e.currentTarget.value }))}>
              <option value="">{t.anyStatus}</option>
              {Object.entries(t.statuses).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label>
            Sort
            <select value={sort} onChange={(e) => location.route(link({ sort: e.currentTarget.value }))}>
              <option value="activity">Last activity</option>
              <option value="sla">SLA urgency</option>
            </select>
          </label>
        </div>
        {items === null ? (
          <p class="loading">{t.loading}</p>
        ) : rows.length === 0 ? (
          <p class="empty">{t.empty}</p>
        ) : (
          <table class="tickets">
            <thead>
              <tr>
                <th scope="col">Ticket</th>
                <th scope="col">{t.requester}</th>
                <th scope="col">{t.status}</th>
                <th scope="col">{t.priority}</th>
                <th scope="col">{t.sla}</th>
                <th scope="col">Activity</th>
              </tr>
            </thead>
            <tbody ref={list}>
              {rows.map((ticket, index) => (
                <tr key={ticket.id} class={index === selected ? "selected" : undefined}>
                  <td>
                    <a class="subject" href={`/app/tickets/${ticket.id}`} onFocus={() => setSelected(index)}>
                      #{ticket.number} {ticket.subject}
                    </a>
                  </td>
                  <td>{ticket.requester.name}</td>
                  <td>
                    <span class={`status ${ticket.status}`}>{t.statuses[ticket.status]}</span>
                  </td>
                  <td>
                    <span class={`priority ${ticket.priority}`}>{t.priorities[ticket.priority]}</span>
                  </td>
                  <td>
                    <SlaBadge ticket={ticket} />
                  </td>
                  <td>{when(ticket.lastActivityAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {cursor && (
          <button type="button" onClick={() => load(cursor)}>
            {t.loadMore}
          </button>
        )}
      </section>
    </div>
  );
}
