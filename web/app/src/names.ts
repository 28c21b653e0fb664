import { useEffect, useState } from "preact/hooks";
import { agentLabels } from "../../../core/agent/labels.ts";
import { api } from "./api.ts";
import { lang } from "./locale.ts";
import { t } from "./strings.ts";

/** Ids → what a person reads: agents (deactivated ones too), teams and categories by name. */
export interface Names {
  /** False until the directories are read (an unknown id then means nothing yet). */
  ready: boolean;
  agents: Record<string, string>;
  teams: Record<string, string>;
  categories: Record<string, string>;
  /** L4 vendors (only the timeline's hand-offs need them). */
  vendors?: Record<string, string>;
}

type Item = { id: string; name: string; nameFr?: string | null };

/** Every page of a directory (agents come 100 at a time). */
async function all(path: string): Promise<Item[]> {
  const items: Item[] = [];
  let cursor: string | null = null;
  do {
    const answer: { data: { items: Item[]; cursor?: string | null } } = await api(
      cursor ? `${path}?cursor=${encodeURIComponent(cursor)}` : path,
    );
    items.push(...answer.data.items);
    cursor = answer.data.cursor ?? null;
  } while (cursor);
  return items;
}

const byId = (items: Item[], french = false) =>
  Object.fromEntries(items.map((x) => [x.id, (french && x.nameFr) || x.name]));

/** Agents by id, each by name, or "Name (address)" where another agent has the same name (as the CSVs say). */
export const agentNames = (agents: { id: string; name: string; email: string }[]) =>
  Object.fromEntries(agentLabels(agents));

/** Read once per minute at most: every page that shows names shares one set of directory reads. */
const FRESH_MS = 60_000;
let cached: { at: number; names: Promise<Names> } | null = null;

export function loadNames(): Promise<Names> {
  if (cached && Date.now() - cached.at < FRESH_MS) return cached.names;
  const names = Promise.all([all("/agents"), all("/teams"), all("/categories"), all("/vendors")]).then(
    ([agents, teams, categories, vendors]) => ({
      ready: true,
      agents: agentNames(agents as (Item & { email: string })[]),
      teams: byId(teams, lang === "fr"),
      categories: byId(categories, lang === "fr"),
      vendors: byId(vendors),
    }),
  );
  cached = { at: Date.now(), names };
  names.catch(() => {
    cached = null;
  });
  return names;
}

const EMPTY: Names = { ready: false, agents: {}, teams: {}, categories: {}, vendors: {} };

/** The directories as names, empty until loaded. */
export function useNames(): Names {
  const [names, setNames] = useState<Names>(EMPTY);
  useEffect(() => {
    loadNames()
      .then(setNames)
      .catch(() => undefined);
  }, []);
  return names;
}

/** An agent's name; an id no longer in the directory reads "a former agent", never the id. */
export const agentName = (names: Names, id: string) =>
  names.agents[id] ?? (names.ready ? t.look.formerAgent : "…");
/** A team's name, or its id while the directory loads (team ids are short words an admin chose). */
export const teamName = (names: Names, id: string) => names.teams[id] ?? id;
export const categoryName = (names: Names, id: string) => names.categories[id] ?? id;
/** A category or team as the agent reads it in a list: its French name in the French app when it has one. */
export const localName = (category: { name: string; nameFr?: string | null }) =>
  (lang === "fr" && category.nameFr) || category.name;
/** A vendor's name (L4 hand-offs), or its id while the directory loads. */
export const vendorName = (names: Names, id: string) => names.vendors?.[id] ?? id;
