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

/**
 * Counts DynamoDB calls and their units for benchmarks. Off unless `startMetering()` is called, so production
 * requests are untouched. Units come from the service's ConsumedCapacity; transactions are doubled because
 * AWS bills two units per transactional item where DynamoDB Local reports one.
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
      // AWS bills a transactional item twice (prepare + commit) on the table; index writes stay standard.
      const factor = command.startsWith("Transact") ? 2 : 1;
      const units = [consumed ?? []].flat().reduce((sum, c) => {
        const indexes = Object.values(c.GlobalSecondaryIndexes ?? {}).reduce(
          (s, i) => s + (i.CapacityUnits ?? 0),
          0,
        );
        const table = c.Table?.CapacityUnits ?? (c.CapacityUnits ?? 0) - indexes;
        return sum + table * factor + indexes;
      }, 0);
      const isRead = /^(Get|BatchGet|Query|Scan|TransactGet)/.test(command);
      if (process.env.DESK_METER_DEBUG) console.error(command, JSON.stringify(consumed));
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
