// A work queue page: one view's tickets, loaded page by page and kept live, with selection and j/k/x/Enter.
import { useEffect, useRef, useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import { api } from "../api.ts";
import { number } from "../format.ts";
import { useKeys } from "../keys.ts";
import { rememberQueue } from "../last-queue.ts";
import { useDeskChanges } from "../live.ts";
import { localName } from "../names.ts";
import { useSession } from "../session.ts";
import { t } from "../strings.ts";
import type { Category, Page, Ticket } from "../types.ts";
import { applyToEach, BulkActions } from "./queue/BulkActions.tsx";
import { type Choices, FILTERS, QueueToolbar } from "./queue/QueueToolbar.tsx";
import { type Counts, QueueViews } from "./queue/QueueViews.tsx";
import type { Names } from "./queue/TicketRow.tsx";
import { TicketTable } from "./queue/TicketTable.tsx";

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
  const [bulkNotice, setBulkNotice] = useState("");
  const [counts, setCounts] = useState<Counts | null>(null);
  const [choices, setChoices] = useState<Choices>({ category: {}, assigneeId: {} });
  // Team and assignee columns show names: ids mapped through the directories (deactivated agents included).
  const [names, setNames] = useState<Names>({ teams: {}, agents: {} });
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
    const failed = await applyToEach(chosen, patch);
    setBulkNotice(
      failed
        ? t.queuePage.bulkPartly(number(chosen.length - failed), number(failed))
        : t.queuePage.bulkDone(number(chosen.length)),
    );
    setChecked(new Set());
    await load(null);
  };
  const check = (ticketId: string, on: boolean) => {
    const next = new Set(checked);
    on ? next.add(ticketId) : next.delete(ticketId);
    setChecked(next);
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
        if (row) check(row.id, !checked.has(row.id));
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
      <QueueViews
        view={view}
        team={team}
        teams={agent.teams}
        teamNames={names.teams}
        counts={counts}
        link={link}
      />
      <section aria-labelledby="queue-title">
        <QueueToolbar
          view={view}
          team={team}
          teamNames={names.teams}
          status={status}
          sort={sort}
          filters={filters}
          choices={choices}
          link={link}
          go={location.route}
        />
        {checked.size > 0 && (
          <BulkActions count={checked.size} assignees={choices.assigneeId} me={agent.id} apply={bulk} />
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
          <TicketTable
            rows={rows}
            names={names}
            selected={selected}
            checked={checked}
            checkAll={(on) => setChecked(new Set(on ? rows.map((r) => r.id) : []))}
            check={check}
            focused={setSelectedId}
            body={list}
          />
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
