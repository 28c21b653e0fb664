// The queue's views (unassigned, mine, each of the agent's teams, all), each with its count of tickets.
import { number } from "../../format.ts";
import { t } from "../../strings.ts";

export type Counts = { unassigned: number; mine: number; teams: Record<string, number>; all: number };

const Count = ({ n }: { n: number | undefined }) =>
  n === undefined ? null : (
    <span class="count">
      {number(n)}
      <span class="sr-only"> {t.common.tickets}</span>
    </span>
  );

/** The views an agent switches between; `link` gives a view's address with the filters kept. */
export function QueueViews({
  view,
  team,
  teams,
  teamNames,
  counts,
  link,
}: {
  view: string;
  team: string;
  /** The agent's own teams: one view each. */
  teams: string[];
  teamNames: Record<string, string>;
  counts: Counts | null;
  link: (changes: Record<string, string>) => string;
}) {
  return (
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
      {teams.map((id) => (
        <a
          key={id}
          href={link({ view: "team", team: id })}
          aria-current={view === "team" && team === id ? "page" : undefined}
        >
          {t.views.team}
          {t.common.colon}
          {teamNames[id] ?? id} <Count n={counts?.teams[id]} />
        </a>
      ))}
      <a href={link({ view: "all", team: "" })} aria-current={view === "all" ? "page" : undefined}>
        {t.views.all} <Count n={counts?.all} />
      </a>
    </nav>
  );
}
