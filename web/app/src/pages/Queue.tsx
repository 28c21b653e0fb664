import { useEffect, useRef, useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import { shownName } from "../address.ts";
import { api, untouched } from "../api.ts";
import { Options } from "../components/Options.tsx";
import { SlaBadge } from "../components/SlaBadge.tsx";
import { number, when } from "../format.ts";
import { useKeys } from "../keys.ts";
import { rememberQueue } from "../last-queue.ts";
import { useDeskChanges } from "../live.ts";
import { localName } from "../names.ts";
import { useSession } from "../session.ts";
import { t } from "../strings.ts";

const FILTERS = ["priority", "tier", "channel", "slaState", "category", "assigneeId"] as const;
const FILTER_CHOICES: Record<(typeof FILTERS)[number], Record<string, string>> = {
  priority: t.priorities,
  tier: t.common.tiers,
  channel: t.common.channels,
  slaState: t.common.slaStates,
  category: {},
  assigneeId: {},
};

import { shownText } from "../placeholders.ts";
import type { Category, Page, Ticket } from "../types.ts";

type Counts = { unassigned: number; mine: number; teams: Record<string, number>; all: number };
const Count = ({ n }: { n: number | undefined }) =>
  n === undefined ? null : (
    <span class="count">
      {number(n)}
      <span class="sr-only"> {t.common.tickets}</span>
    </span>
  );

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
  const filters = Object.fromEntries(FILTERS.map((f) => [f, query.get(f) ?? ""]));
  const filterKey = FILTERS.map((f) => filters[f]).join("|");
  // `u` on a ticket comes back here, to this view with these filters.
  useEffect(() => rememberQueue(location.url), [location.url]);
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const [showFilters, setShowFilters] = useState(FILTERS.some((f) => query.get(f)));
  const [bulkNotice, setBulkNotice] = useState("");
  const [counts, setCounts] = useState<Counts | null>(null);
  const [choices, setChoices] = useState<{
    category: Record<string, string>;
    assigneeId: Record<string, string>;
  }>({
    category: {},
    assigneeId: {},
  });
  // Team and assignee columns show names: ids mapped through the directories (deactivated agents included).
  const [names, setNames] = useState<{ teams: Record<string, string>; agents: Record<string, string> }>({
    teams: {},
    agents: {},
  });
  useEffect(() => {
    Promise.all([
      api<{ items: Category[] }>("/categories"),
      api<{ items: { id: string; name: string; active: boolean }[] }>("/agents"),
      api<{ items: { id: string; name: string; nameFr?: string | null }[] }>("/teams"),
    ]).then(([c, a, teams]) => {
      setChoices({
        category: Object.fromEntries(c.data.items.map((x) => [x.id, localName(x)])),
        assigneeId: Object.fromEntries(a.data.items.filter((x) => x.active).map((x) => [x.id, x.name])),
      });
      setNames({
        teams: Object.fromEntries(teams.data.items.map((x) => [x.id, localName(x)])),
        agents: Object.fromEntries(a.data.items.map((x) => [x.id, x.name])),
      });
    });
  }, []);
  const [items, setItems] = useState<Ticket[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [cursor, setCursor] = useState<string | null>(null);
  // The row in focus is held by ticket id, not by position: a live reload that reorders the queue must not move
  // the highlight (and `x`, Enter) to another ticket.
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const list = useRef<HTMLTableSectionElement>(null);

  // Only the latest request may fill the list: a live reload started before a change of view or filter must
  // not land after the new view's answer.
  const latest = useRef(0);
  const load = async (from: string | null, limit = 50) => {
    const request = ++latest.current;
    const search = new URLSearchParams({ view, limit: String(limit), sort });
    if (team) search.set("team", team);
    if (status) search.set("status", status);
    for (const f of FILTERS) if (filters[f]) search.set(f, filters[f]!);
    if (from) search.set("cursor", from);
    // A list that cannot be read says so (with a retry), instead of "Loading…" for ever.
    const answer = await api<Page>(`/tickets?${search}`).catch(() => null);
    if (request !== latest.current) return;
    setFailed(!answer);
    if (!answer) return;
    const { data } = answer;
    setItems((before) => (from ? [...(before ?? []), ...data.items] : data.items));
    // A ticket that left this view (solved, taken by someone else) leaves the selection too: the count shown
    // must be what a bulk change would touch.
    if (!from) {
      const present = new Set(data.items.map((ticket) => ticket.id));
      setChecked((before) => {
        const kept = [...before].filter((id) => present.has(id));
        return kept.length === before.size ? before : new Set(kept);
      });
    }
    setCursor(data.cursor);
    if (!from)
      api<Counts>("/queue-counts")
        .then((answer) => setCounts(answer.data))
        .catch(() => undefined);
  };
  useEffect(() => {
    setItems(null);
    setSelectedId(null);
    load(null);
  }, [view, team, status, filterKey, sort]);
  // Live: the list (and counts) reload when any ticket changed, seen through a cheap marker poll.
  // A live reload keeps the rows the agent loaded with "Load more" (up to the API's page of 100).
  const shown = useRef(0);
  shown.current = items?.length ?? 0;
  useDeskChanges(
    () => load(null, Math.min(100, Math.max(50, shown.current))),
    [view, team, status, filterKey, sort],
  );

  /** Applies one change to every selected ticket, never over someone else's change of the same field. */
  const bulk = async (patch: Record<string, unknown>) => {
    const chosen = (items ?? []).filter((ticket) => checked.has(ticket.id));
    // Automatic entries (acknowledgements, triage) move a ticket's version without touching what the agent saw:
    // re-read each ticket, and write only if the fields being changed still hold what the list showed.
    const results = await Promise.allSettled(
      chosen.map(async (ticket) => {
        const fresh = await api<Ticket>(`/tickets/${ticket.id}`);
        if (!untouched(patch, ticket, fresh.data)) throw new Error("changed meanwhile");
        await api(`/tickets/${ticket.id}`, {
          method: "PATCH",
          body: patch,
          ifMatch: fresh.etag ?? undefined,
        });
      }),
    );
    const failed = results.filter((r) => r.status === "rejected").length;
    setBulkNotice(
      failed
        ? t.queuePage.bulkPartly(number(chosen.length - failed), number(failed))
        : t.queuePage.bulkDone(number(chosen.length)),
    );
    setChecked(new Set());
    await load(null);
  };

  const rows = items ?? [];
  const selected = Math.max(
    0,
    rows.findIndex((ticket) => ticket.id === selectedId),
  );
  const focusRow = (index: number) => {
    const next = Math.max(0, Math.min(rows.length - 1, index));
    setSelectedId(rows[next]?.id ?? null);
    list.current?.querySelectorAll<HTMLAnchorElement>("a.subject")[next]?.focus();
  };
  useKeys(
    {
      j: () => focusRow(selected + 1),
      k: () => focusRow(selected - 1),
      Enter: () => {
        // The ticket in focus, not the row number: a refresh may have reordered the queue since j/k.
        const focused = document.activeElement;
        if (
          focused instanceof HTMLAnchorElement &&
          focused.matches("a.subject") &&
          list.current?.contains(focused)
        )
          location.route(new URL(focused.href).pathname);
        else if (rows[selected]) location.route(`/app/tickets/${rows[selected]!.id}`);
      },
      x: () => {
        const row = rows[selected];
        if (!row) return;
        const next = new Set(checked);
        next.has(row.id) ? next.delete(row.id) : next.add(row.id);
        setChecked(next);
      },
    },
    [rows, selected, checked],
  );
  const link = (changes: Record<string, string>) => {
    const next = new URLSearchParams(query);
    for (const [key, value] of Object.entries(changes)) value ? next.set(key, value) : next.delete(key);
    const search = next.toString();
    return `/app/queue/${changes.view ?? view}${search ? `?${search}` : ""}`;
  };

  return (
    <div class="queue">
      <nav class="views" aria-label={t.queuePage.queues}>
        <a
          href={link({ view: "unassigned", team: "" })}
          aria-current={view === "unassigned" ? "page" : undefined}
        >
          {t.views.unassigned} <Count n={counts?.unassigned} />
        </a>
        <a href={link({ view: "mine", team: "" })} aria-current={view === "mine" ? "page" : undefined}>
          {t.views.mine} <Count n={counts?.mine} />
        </a>
        {agent.teams.map((id) => (
          <a
            key={id}
            href={link({ view: "team", team: id })}
            aria-current={view === "team" && team === id ? "page" : undefined}
          >
            {t.views.team}
            {t.common.colon}
            {names.teams[id] ?? id} <Count n={counts?.teams[id]} />
          </a>
        ))}
        <a href={link({ view: "all", team: "" })} aria-current={view === "all" ? "page" : undefined}>
          {t.views.all} <Count n={counts?.all} />
        </a>
      </nav>
      <section aria-labelledby="queue-title">
        <div class="toolbar">
          <h1 id="queue-title">
            {t.views[view] ?? view}
            {team && `${t.common.colon}${names.teams[team] ?? team}`}
          </h1>
          <label>
            {t.status}
            <select value={status} onChange={(e) => location.route(link({ status: e.currentTarget.value }))}>
              <Options none={t.anyStatus} entries={t.statuses} />
            </select>
          </label>
          <label>
            {t.queuePage.sort}
            <select value={sort} onChange={(e) => location.route(link({ sort: e.currentTarget.value }))}>
              <option value="activity">{t.queuePage.sorts.activity}</option>
              <option value="sla">{t.queuePage.sorts.sla}</option>
            </select>
          </label>
          {/* On a phone the other filters fold away behind a button (shown when one is set): the list comes first. */}
          <button
            type="button"
            class="filters-toggle"
            aria-expanded={showFilters}
            aria-controls="more-filters"
            onClick={() => setShowFilters(!showFilters)}
          >
            {t.look.filters}
          </button>
          <div id="more-filters" class={showFilters ? "more-filters shown" : "more-filters"}>
            {FILTERS.map((f) => (
              <label key={f}>
                {t.filters[f]}
                <select
                  value={filters[f]}
                  onChange={(e) => location.route(link({ [f]: e.currentTarget.value }))}
                >
                  <Options
                    none={t.any}
                    entries={f === "category" || f === "assigneeId" ? choices[f] : FILTER_CHOICES[f]}
                  />
                </select>
              </label>
            ))}
          </div>
        </div>
        {checked.size > 0 && (
          <section class="bulk" aria-label={t.queuePage.bulk}>
            <span>{t.queuePage.selected(number(checked.size))}</span>
            <label>
              {t.status}
              <select
                aria-label={t.queuePage.setStatus}
                onChange={(e) => e.currentTarget.value && bulk({ status: e.currentTarget.value })}
              >
                <Options none="—" entries={t.statuses} />
              </select>
            </label>
            <label>
              {t.priority}
              <select
                aria-label={t.queuePage.setPriority}
                onChange={(e) => e.currentTarget.value && bulk({ priority: e.currentTarget.value })}
              >
                <Options none="—" entries={t.priorities} />
              </select>
            </label>
            <label>
              {t.assignee}
              <select
                aria-label={t.queuePage.assignSelected}
                onChange={(e) => e.currentTarget.value && bulk({ assigneeId: e.currentTarget.value })}
              >
                <Options none="—" entries={choices.assigneeId} />
              </select>
            </label>
            <button type="button" onClick={() => bulk({ assigneeId: agent.id })}>
              {t.queuePage.assignToMe}
            </button>
          </section>
        )}
        <p role="status">{bulkNotice}</p>
        {failed && (
          <div role="alert" class="error">
            <p>
              {t.journey.queueFailed} {view === "team" && !team && t.journey.noTeamView}
            </p>
            <button type="button" onClick={() => load(null)}>
              {t.journey.retry}
            </button>
          </div>
        )}
        {items === null ? (
          !failed && <p class="loading">{t.loading}</p>
        ) : rows.length === 0 ? (
          // The whole desk has nothing open (a fresh desk, most often): say where work comes from, not "well done".
          view === "all" && !status && !FILTERS.some((f) => filters[f]) ? (
            <p class="empty">
              {t.journey.nothingOpen} <a href="/">{t.journey.webForm}</a>
            </p>
          ) : (
            <p class="empty">{t.empty}</p>
          )
        ) : (
          <table class="tickets">
            <thead>
              <tr>
                <th scope="col">
                  <input
                    type="checkbox"
                    aria-label={t.queuePage.selectAll}
                    checked={rows.length > 0 && checked.size === rows.length}
                    onChange={(e) =>
                      setChecked(new Set(e.currentTarget.checked ? rows.map((r) => r.id) : []))
                    }
                  />
                </th>
                <th scope="col">{t.queuePage.ticket}</th>
                <th scope="col">{t.requester}</th>
                <th scope="col">{t.status}</th>
                <th scope="col">{t.priority}</th>
                <th scope="col">{t.team}</th>
                <th scope="col">{t.assignee}</th>
                <th scope="col">{t.sla}</th>
                <th scope="col">{t.queuePage.activity}</th>
              </tr>
            </thead>
            <tbody ref={list}>
              {rows.map((ticket, index) => (
                <tr key={ticket.id} class={index === selected ? "selected" : undefined}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={t.queuePage.select(ticket.number)}
                      checked={checked.has(ticket.id)}
                      onChange={(e) => {
                        const next = new Set(checked);
                        e.currentTarget.checked ? next.add(ticket.id) : next.delete(ticket.id);
                        setChecked(next);
                      }}
                    />
                  </td>
                  <td>
                    <a
                      class="subject"
                      href={`/app/tickets/${ticket.id}`}
                      onFocus={() => setSelectedId(ticket.id)}
                    >
                      #{ticket.number} {shownText(ticket.subject)}
                    </a>
                  </td>
                  <td>{shownName(ticket.requester.name, ticket.requester.email)}</td>
                  <td>
                    <span class={`status ${ticket.status}`}>{t.statuses[ticket.status]}</span>
                  </td>
                  <td>
                    <span class={`priority ${ticket.priority}`}>{t.priorities[ticket.priority]}</span>
                  </td>
                  <td>{ticket.team ? (names.teams[ticket.team] ?? ticket.team) : "—"}</td>
                  <td>
                    {ticket.assigneeId ? (
                      (names.agents[ticket.assigneeId] ?? ticket.assigneeId)
                    ) : (
                      <span class="unassigned">{t.unassigned}</span>
                    )}
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
