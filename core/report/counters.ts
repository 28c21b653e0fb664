import { BatchWriteCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { config } from "../config.ts";
import { untilProcessed } from "../store/batch-retry.ts";
import { dynamo } from "../store/client.ts";

/**
 * The report counters, packed: one item per day and key of the dimensions that have many keys (agent, team,
 * category), and one per day and *cell* — a combination of priority × channel × tier — for the dimensions that
 * have few; every metric of that day is an attribute of the item (a number), so one event moves each item with
 * one ADD of several attributes. The desk as a whole (`all`), a priority, a channel or a tier is the sum of the
 * cells (at most 4 × 5 × 4 a day, 15–30 on a busy desk): an event writes 4 items (5 when a reply's author is not
 * the assignee and the event also moves the assignee's metrics) where it wrote one per metric per dimension.
 * Measured (tests/bench/report-counters.ts): a created ticket's counters 19 WRU with cells, 25 with one packed item
 * per key of all seven dimensions, 29 before packing (a solve: 19, 25, 73); a daily desk total read instead of the
 * cells would add 2 WRU to every event. Reads (tests/bench/report-spread.ts, two years, 22.6 cells a day): a
 * `volume` report by `all` 297 RRU from the cells against 425 from the first layout's one item per metric, by
 * category 178 against 2,271.5, by priority 297 against 1,531 — no dimension reads more than before.
 *
 * Items live in the `STAT#<month>` partitions beside the counters of the first layout (`stat` entity, one item
 * per metric, still written by the knowledge base for `kb`): sort keys `agent#<day>#<key>`… share their range with
 * the first layout's `agent#<day>#<metric>#<key>`, so one Query reads both, and the dimensions now kept in cells
 * read their first-layout range as well. A desk upgraded over first-layout counters needs no step.
 */
export const KEYED = ["agent", "team", "category"] as const;
export const CELLED = ["all", "priority", "channel", "tier"] as const;
type Keyed = (typeof KEYED)[number];

/** Where a counter change lands: one item of a keyed dimension, or a cell (`<priority>#<channel>#<tier>`). */
export type Target = { dim: Keyed | "cell"; key: string };

export const cellOf = (keys: { priority: string; channel: string; tier: string }) =>
  `${keys.priority}#${keys.channel}#${keys.tier}`;

/**
 * Histogram buckets under short names (`F3` for `first_response_b3`, `S5` for `solved_b5`): 28 of a day's
 * possible 55 metrics, so that an item holding every metric stays under 1 KB — one write unit.
 */
const SHORT: [RegExp, string][] = [
  [/^first_response_b(\d+)$/, "F$1"],
  [/^solved_b(\d+)$/, "S$1"],
];
const LONG: [RegExp, string][] = [
  [/^F(\d+)$/, "first_response_b$1"],
  [/^S(\d+)$/, "solved_b$1"],
];
export const attributeOf = (metric: string) =>
  SHORT.reduce((name, [from, to]) => name.replace(from, to), metric);
export const metricOf = (attribute: string) =>
  LONG.reduce((name, [from, to]) => name.replace(from, to), attribute);

export const pkOf = (day: string) => `STAT#${day.slice(0, 7)}`;
export const skOf = (day: string, target: Target) => `${target.dim}#${day}#${target.key}`;

/** The item of one day's counters of a target, with its metrics as attributes (for the rebuild's puts). */
export function counterItem(day: string, target: Target, metrics: Record<string, number>) {
  const item: Record<string, string | number> = { pk: pkOf(day), sk: skOf(day, target) };
  for (const [metric, n] of Object.entries(metrics)) if (n !== 0) item[attributeOf(metric)] = n;
  return item;
}

/** One ADD of every metric an event moves on one item (a TransactWriteItems `Update`); zero deltas left out. */
export function addMetrics(
  day: string,
  target: Target,
  metrics: Record<string, number>,
  table = config().tableName,
) {
  const moved = Object.entries(metrics).filter(([, n]) => n !== 0);
  if (moved.length === 0) return undefined;
  return {
    Update: {
      TableName: table,
      Key: { pk: pkOf(day), sk: skOf(day, target) },
      UpdateExpression: `ADD ${moved.map((_, i) => `#m${i} :m${i}`).join(", ")}`,
      ExpressionAttributeNames: Object.fromEntries(moved.map(([m], i) => [`#m${i}`, attributeOf(m)])),
      ExpressionAttributeValues: Object.fromEntries(moved.map(([, n], i) => [`:m${i}`, n])),
    },
  };
}

/** One counter as the reports sum them: a metric of a key on a day. */
export type StatRow = { day: string; key: string; metric: string; count: number };
type Item = Record<string, unknown>;
const NOT_METRICS = new Set(["pk", "sk"]);

/** A packed item as rows, keyed for `dim` (a cell gives its priority, channel or tier, or `all`). */
function rowsOfPacked(item: Item, dim: string): StatRow[] {
  const [, day, ...rest] = String(item.sk).split("#");
  const [priority, channel, tier] = rest;
  const key =
    dim === "all"
      ? "all"
      : dim === "priority"
        ? priority!
        : dim === "channel"
          ? channel!
          : dim === "tier"
            ? tier!
            : rest.join("#");
  return Object.entries(item)
    .filter(([name, value]) => !NOT_METRICS.has(name) && typeof value === "number")
    .map(([name, count]) => ({ day: day!, key, metric: metricOf(name), count: count as number }));
}

/** Rows of one Query's items: first-layout items (one `metric` and its `count` each) and packed items. */
export function rowsOf(items: Item[], dim: string): StatRow[] {
  return items.flatMap((item) =>
    typeof item.metric === "string"
      ? [
          {
            day: String(item.day),
            key: String(item.key),
            metric: item.metric,
            count: Number(item.count ?? 0),
          },
        ]
      : rowsOfPacked(item, dim),
  );
}

/** Every item of one month's partition whose sort key is in [`<prefix>#<from>`, `<prefix>#<dayAfter>`]. */
export function queryRange(month: string, prefix: string, from: string, dayAfter: string) {
  return queryMonth(month, { from: `${prefix}#${from}`, to: `${prefix}#${dayAfter}` });
}

/** Every item of one month's partition (the rebuild replaces the tickets' counters of that month). */
export function monthItems(month: string) {
  return queryMonth(month);
}

async function queryMonth(month: string, range?: { from: string; to: string }) {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: config().tableName,
        KeyConditionExpression: `pk = :pk${range ? " AND sk BETWEEN :from AND :to" : ""}`,
        ExpressionAttributeValues: {
          ":pk": `STAT#${month}`,
          ...(range ? { ":from": range.from, ":to": range.to } : {}),
        },
        ExclusiveStartKey: start,
      }),
    );
    items.push(...((page.Items ?? []) as Item[]));
    start = page.LastEvaluatedKey as Item | undefined;
  } while (start);
  return items;
}

/** The ranges a dimension's counters are read from: its own (both layouts), and the cells for `CELLED`. */
export const rangesOf = (dim: string) =>
  (CELLED as readonly string[]).includes(dim) ? [dim, "cell"] : [dim];

/** Writes or deletes items 25 a request (BatchWriteItem), retrying what DynamoDB leaves unprocessed (≤ 8 tries). */
export async function batchWrite(
  requests: ({ PutRequest: { Item: Item } } | { DeleteRequest: { Key: Item } })[],
) {
  const table = config().tableName;
  for (let i = 0; i < requests.length; i += 25)
    await untilProcessed("BatchWriteItem", requests.slice(i, i + 25), async (chunk) => {
      const { UnprocessedItems } = await dynamo().send(
        new BatchWriteCommand({ RequestItems: { [table]: chunk } }),
      );
      return UnprocessedItems?.[table] as typeof requests | undefined;
    });
}
