import { createHash } from "node:crypto";
import { monotonicFactory } from "ulid";
import { SHARDS } from "./store/table.ts";

const nextUlid = monotonicFactory();

/** Internal ids are ULIDs: unique, sortable by creation time. */
export const newId = (at: Date = new Date()): string => nextUlid(at.getTime());

/** A stable shard in 0..SHARDS-1 for an id (spreads sharded index partitions evenly). */
export function shardOf(id: string): number {
  return createHash("sha256").update(id).digest().readUInt32BE(0) % SHARDS;
}
