import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";

/** One DynamoDB call as billed: request units by AWS's on-demand rules. */
export interface MeteredCall {
  command: string;
  readUnits: number;
  writeUnits: number;
  /** Items a read returned (Query, Get, BatchGet). */
  items: number;
}

interface Capacity {
  CapacityUnits?: number;
  Table?: { CapacityUnits?: number };
  GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number }>;
}

const calls: MeteredCall[] = [];
let enabled = false;

/** DynamoDB's item size rules: attribute names plus values (strings in UTF-8, numbers ~1 byte per 2 digits). */
export function itemBytes(item: Record<string, unknown>): number {
  return Object.entries(item).reduce(
    (sum, [name, value]) => sum + Buffer.byteLength(name) + valueBytes(value),
    0,
  );
}

const TYPES = new Set(["S", "N", "B", "BOOL", "NULL", "L", "M", "SS", "NS", "BS"]);
function valueBytes(value: unknown): number {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const keys = Object.keys(value);
    // A marshalled attribute value ({S: "…"}, {M: {…}}…)
    if (keys.length === 1 && TYPES.has(keys[0]!)) {
      const [type, inner] = [keys[0]!, (value as Record<string, unknown>)[keys[0]!]];
      if (type === "M")
        return 3 + itemBytes(inner as Record<string, unknown>) + Object.keys(inner as object).length;
      if (type === "L") return 3 + (inner as unknown[]).reduce<number>((s, v) => s + 1 + valueBytes(v), 0);
      if (type === "N") return numberBytes(String(inner));
      if (type === "BOOL" || type === "NULL") return 1;
      if (type === "SS" || type === "NS" || type === "BS")
        return (inner as string[]).reduce((s, v) => s + valueBytes(type === "NS" ? Number(v) : v), 0);
      return valueBytes(inner);
    }
    return 3 + itemBytes(value as Record<string, unknown>) + keys.length;
  }
  if (Array.isArray(value)) return 3 + value.reduce<number>((s, v) => s + 1 + valueBytes(v), 0);
  if (typeof value === "string") return Buffer.byteLength(value);
  if (value instanceof Uint8Array) return value.byteLength;
  if (typeof value === "number") return numberBytes(String(value));
  return 1;
}
const numberBytes = (n: string) => Math.ceil(n.replace(/^-|\.|e.*$/g, "").length / 2) + 1;

interface TransactItem {
  Put?: { Item: Record<string, unknown> };
  Update?: unknown;
  Delete?: unknown;
  ConditionCheck?: unknown;
}

/**
 * What AWS bills on the table for a TransactWriteItems: two units per KB of each item (a Put's own size; an Update,
 * Delete or ConditionCheck of the desk's small counters and claims, 1 KB). DynamoDB Local reports less than
 * that for transactions of several items, so the table's part is computed from the request itself.
 */
export function transactionTableUnits(items: TransactItem[]): number {
  return items.reduce(
    (sum, item) => sum + 2 * (item.Put ? Math.max(1, Math.ceil(itemBytes(item.Put.Item) / 1024)) : 1),
    0,
  );
}

/**
 * Counts DynamoDB calls and their units for benchmarks. Off unless `startMetering()` is called, so production
 * requests are untouched. Units come from the service's ConsumedCapacity, except for transactions: their table
 * part follows AWS's rules from the items written (`transactionTableUnits`), and their index writes — which
 * DynamoDB Local doubles like the table's — are counted once, as standard writes (indexes are updated after the
 * transaction commits, outside it).
 */
export function meterDynamo(client: DynamoDBClient): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (!enabled) return next(args);
      const input = args.input as { ReturnConsumedCapacity?: string };
      input.ReturnConsumedCapacity ??= "INDEXES";
      const result = await next(args);
      const command = String(context.commandName ?? "unknown").replace(/Command$/, "");
      const consumed = (result.output as { ConsumedCapacity?: Capacity | Capacity[] }).ConsumedCapacity;
      const transactWrite = command === "TransactWriteItems";
      const units =
        [consumed ?? []].flat().reduce((sum, c) => {
          const indexes = Object.values(c.GlobalSecondaryIndexes ?? {}).reduce(
            (s, i) => s + (i.CapacityUnits ?? 0),
            0,
          );
          const table = c.Table?.CapacityUnits ?? (c.CapacityUnits ?? 0) - indexes;
          return sum + (transactWrite ? indexes / 2 : table + indexes);
        }, 0) +
        (transactWrite
          ? transactionTableUnits((args.input as { TransactItems: TransactItem[] }).TransactItems)
          : 0);
      const isRead = /^(Get|BatchGet|Query|Scan|TransactGet)/.test(command);
      if (process.env.DESK_METER_DEBUG) console.error(command, units, JSON.stringify(consumed));
      const output = result.output as {
        Count?: number;
        Item?: unknown;
        Responses?: Record<string, unknown[]>;
      };
      const items =
        output.Count ??
        (output.Item ? 1 : 0) + Object.values(output.Responses ?? {}).reduce((n, list) => n + list.length, 0);
      calls.push({
        command,
        readUnits: isRead ? units : 0,
        writeUnits: isRead ? 0 : units,
        items: isRead ? items : 0,
      });
      return result;
    },
    { step: "initialize", name: "deskMeter" },
  );
}

export function startMetering(): void {
  enabled = true;
  calls.length = 0;
}

/** The calls since the last `takeMetered()` or `startMetering()`, and forget them. */
export function takeMetered(): MeteredCall[] {
  return calls.splice(0, calls.length);
}
