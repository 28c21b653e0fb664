// The queue's title and what narrows it: status, sort order, and the other filters (folded away on a phone).
import { useState } from "preact/hooks";
import { Options } from "../../components/Options.tsx";
import { t } from "../../strings.ts";

/** The filters a queue's address may carry, beside its view, team, status and sort. */
export const FILTERS = ["priority", "tier", "channel", "slaState", "category", "assigneeId"] as const;
export type Filter = (typeof FILTERS)[number];
const FILTER_CHOICES: Record<Filter, Record<string, string>> = {
  priority: t.priorities,
  tier: t.common.tiers,
  channel: t.common.channels,
  slaState: t.common.slaStates,
  category: {},
  assigneeId: {},
};

/** The desk's own choices (read from the API), for the filters that have no fixed list. */
export type Choices = { category: Record<string, string>; assigneeId: Record<string, string> };

export function QueueToolbar({
  view,
  team,
  teamNames,
  status,
  sort,
  filters,
  choices,
  link,
  go,
}: {
  view: string;
  team: string;
  teamNames: Record<string, string>;
  status: string;
  sort: string;
  filters: Record<string, string>;
  choices: Choices;
  link: (changes: Record<string, string>) => string;
  go: (url: string) => void;
}) {
  const [showFilters, setShowFilters] = useState(FILTERS.some((f) => filters[f]));
  return (
    <div class="toolbar">
      <h1 id="queue-title">
        {t.views[view] ?? view}
        {team && `${t.common.colon}${teamNames[team] ?? team}`}
      </h1>
      <label>
        {t.status}
        <select value={status} onChange={(e) => go(link({ status: e.currentTarget.value }))}>
          <Options none={t.anyStatus} entries={t.statuses} />
        </select>
      </label>
      <label>
        {t.queuePage.sort}
        <select value={sort} onChange={(e) => go(link({ sort: e.currentTarget.value }))}>
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
            <select value={filters[f]} onChange={(e) => go(link({ [f]: e.currentTarget.value }))}>
              <Options
                none={t.any}
                entries={f === "category" || f === "assigneeId" ? choices[f] : FILTER_CHOICES[f]}
              />
            </select>
          </label>
        ))}
      </div>
    </div>
  );
}
