import { createConversions } from "electrodb";
import { listTeams } from "../agent/directory.ts";
import { DeskError } from "../error.ts";
import { invalidCursor, openCursor, sealCursor } from "../store/cursor.ts";
import { store, type TicketItem } from "../store/index.ts";
import { SHARDS } from "../store/table.ts";
import type { ListQuery } from "./input.ts";
import { toTicket } from "./model.ts";

type TicketEntity = ReturnType<typeof store>["entities"]["ticket"];

interface QueryChain {
  where(
    filter: (attrs: Record<string, unknown>, ops: { eq(attr: unknown, value: unknown): string }) => string,
  ): QueryChain;
  go(options: object): Promise<{ data: unknown[]; cursor: string | null }>;
}

/** One index partition of a view, newest activity first. */
interface Partition {
  /** Which index partition this is: cursors are sealed to the partitions of their view. */
  key: string;
  query(cursor: string | null, limit: number): Promise<{ data: TicketItem[]; cursor: string | null }>;
  /** An ElectroDB cursor that resumes right after `item` in this partition. */
  cursorAfter(item: TicketItem): string;
}

/** Filters a view can apply on top of its partition (FilterExpression: filtered items are still read). */
export const FILTERS = [
  "status",
  "priority",
  "category",
  "tier",
  "assigneeId",
  "channel",
  "slaState",
] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;

function partition(
  entity: TicketEntity,
  accessPattern: "byQueue" | "byTeam" | "byStatus" | "byOpen",
  keys: Record<string, string | number>,
  filters: Filters = {},
): Partition {
  const active = Object.entries(filters).filter(([, value]) => value);
  return {
    key: `${accessPattern}:${Object.values(keys).join(":")}`,
    async query(cursor, limit) {
      // The access pattern is chosen at run time, so ElectroDB's per-pattern types cannot follow it.
      const queries = entity.query as unknown as Record<string, (keys: object) => QueryChain>;
      let query = queries[accessPattern]!(keys);
      if (active.length)
        query = query.where((attrs, { eq }) =>
          active.map(([field, value]) => eq(attrs[field], value)).join(" AND "),
        );
      const result = await query.go({ order: "desc", cursor, limit });
      return { data: result.data as TicketItem[], cursor: result.cursor };
    },
    cursorAfter(item) {
      return createConversions(entity).byAccessPattern[accessPattern].fromComposite.toCursor(item);
    },
  };
}

/** Who is looking at a view: admins' "unassigned" covers the whole desk, agents' their own teams. */
export interface Viewer {
  agentId: string;
  teams: string[];
  role?: "admin" | "agent";
}

/**
 * The teams whose unassigned queues make up a viewer's "unassigned" view: for an admin (without `team=`), every
 * team of the desk — one Query per team's queue partition plus `none`, never a Scan — so work routed to a team
 * nobody is in is still in front of someone. Agents keep their own teams.
 */
async function teamsSeenBy(viewer: Viewer, query: ListQuery): Promise<{ agentId: string; teams: string[] }> {
  if (query.view !== "unassigned" || query.team || viewer.role !== "admin") return viewer;
  return { agentId: viewer.agentId, teams: await allTeamIds() };
}

/** Every team's id, in the config partition's order (stable, so a view's cursor stays valid between pages). */
export async function allTeamIds(): Promise<string[]> {
  return (await listTeams()).map((team) => team.id).sort();
}

const shards = Array.from({ length: SHARDS }, (_, shard) => shard);

/** Which index partitions make up a view. No view reads a bare, unsharded status partition. */
function partitionsOf(query: ListQuery, me: { agentId: string; teams: string[] }): Partition[] {
  const { ticket } = store().entities;
  const filters: Filters = Object.fromEntries(FILTERS.map((f) => [f, query[f]]));
  switch (query.view) {
    case "mine":
      return [partition(ticket, "byQueue", { queue: `agent:${me.agentId}` }, filters)];
    case "unassigned": {
      const teams = query.team ? [query.team] : [...me.teams, "none"];
      return teams.map((team) => partition(ticket, "byQueue", { queue: `unassigned:${team}` }, filters));
    }
    case "team":
      if (!query.team) {
        throw new DeskError("validation", "validation", "view=team needs a team", {
          fields: { team: "Required" },
        });
      }
      return [partition(ticket, "byTeam", { teamQueue: query.team }, filters)];
    case "all":
      return query.status
        ? shards.map((shard) =>
            partition(
              ticket,
              "byStatus",
              { status: query.status!, shard },
              { ...filters, status: undefined },
            ),
          )
        : shards.map((shard) => partition(ticket, "byOpen", { shard }, filters));
  }
}

type CursorState = (string | null | false)[]; // per partition: resume cursor, null = from the start, false = done

/** The list a cursor belongs to: how it is sorted and which partitions it reads. */
const scopeOf = (sort: string, partitions: Partition[]) =>
  `tickets:${sort}:${partitions.map((p) => p.key).join("|")}`;

function decode(cursor: string | undefined, partitions: Partition[]): CursorState {
  const state = openCursor(scopeOf("activity", partitions), cursor);
  if (state === undefined) return partitions.map(() => null);
  const valid =
    Array.isArray(state) &&
    state.length === partitions.length &&
    state.every((s) => s === null || s === false || typeof s === "string");
  if (!valid) throw invalidCursor();
  return state;
}

const newer = (a: TicketItem, b: TicketItem) =>
  a.lastActivityAt > b.lastActivityAt || (a.lastActivityAt === b.lastActivityAt && a.ticketId > b.ticketId);

/** Takes the newest `limit` items from pages that are each sorted newest first; counts what each page gave. */
function mergeNewest(pages: TicketItem[][], limit: number) {
  const taken = pages.map(() => 0);
  const items: TicketItem[] = [];
  while (items.length < limit) {
    let best = -1;
    pages.forEach((page, i) => {
      const head = page[taken[i]!];
      if (head && (best < 0 || newer(head, pages[best]![taken[best]!]!))) best = i;
    });
    if (best < 0) break;
    items.push(pages[best]![taken[best]!]!);
    taken[best]! += 1;
  }
  return { items, taken };
}

/**
 * A queue view, newest activity first, paginated with a cursor. A view over several partitions (shards, or the
 * teams of "unassigned") reads one page from each and merges them; the cursor remembers where each one stopped.
 */
export async function listTickets(query: ListQuery, viewer: Viewer) {
  const me = await teamsSeenBy(viewer, query);
  if (query.sort === "sla") return listByUrgency(query, me);
  const partitions = partitionsOf(query, me);
  const state = decode(query.cursor, partitions);
  const pages = await Promise.all(
    partitions.map((p, i) =>
      state[i] === false ? { data: [], cursor: null } : p.query(state[i] ?? null, query.limit),
    ),
  );
  const { items, taken } = mergeNewest(
    pages.map((page) => page.data),
    query.limit,
  );
  const next: CursorState = pages.map((page, i) => {
    const count = taken[i]!;
    if (state[i] === false) return false;
    if (count === page.data.length) return page.cursor ?? false;
    if (count === 0) return state[i] ?? null;
    return partitions[i]!.cursorAfter(page.data[count - 1]!);
  });
  const more = next.some((s) => s !== false);
  return {
    items: items.map(toTicket),
    cursor: more ? sealCursor(scopeOf("activity", partitions), next) : null,
  };
}

/** At most this many tickets of a view are read to sort it by SLA urgency (a queue, not an archive). */
export const URGENCY_SORT_MAX = 500;

/** The deadline a ticket is working against now; paused or without a target: after every deadline. */
const deadlineOf = (t: TicketItem) =>
  t.slaPause ? "~" : ((t.firstResponseAt ? t.resolutionDueAt : t.firstResponseDueAt) ?? "~");

/**
 * A view sorted by SLA urgency — the nearest deadline first, then newest activity — across the whole view (up to
 * `URGENCY_SORT_MAX` tickets, newest activity first), paginated by position.
 */
async function listByUrgency(query: ListQuery, me: { agentId: string; teams: string[] }) {
  const partitions = partitionsOf(query, me);
  const scope = scopeOf("sla", partitions);
  const offset = decodeOffset(openCursor(scope, query.cursor));
  // Each partition up to the cap on its own (newest first), so the merged cap keeps the view's newest.
  const parts = await Promise.all(
    partitions.map(async (partition) => {
      const items: TicketItem[] = [];
      let cursor: string | null = null;
      do {
        const page = await partition.query(cursor, 100);
        items.push(...page.data);
        cursor = page.cursor;
      } while (cursor && items.length < URGENCY_SORT_MAX);
      return items;
    }),
  );
  const all = parts.flat();
  const sorted = all
    .sort((a, b) => (newer(a, b) ? -1 : 1))
    .slice(0, URGENCY_SORT_MAX)
    .sort((a, b) => {
      const [x, y] = [deadlineOf(a), deadlineOf(b)];
      // Code-unit order ("~" after every ISO date; localeCompare would put punctuation first).
      return x < y ? -1 : x > y ? 1 : newer(a, b) ? -1 : 1;
    });
  const items = sorted.slice(offset, offset + query.limit);
  const next =
    offset + query.limit < sorted.length ? sealCursor(scope, { offset: offset + query.limit }) : null;
  return { items: items.map(toTicket), cursor: next };
}

function decodeOffset(state: unknown): number {
  if (state === undefined) return 0;
  const offset = (state as { offset?: unknown } | null)?.offset;
  if (Number.isInteger(offset) && (offset as number) >= 0) return offset as number;
  throw invalidCursor();
}
