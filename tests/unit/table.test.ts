import { describe, expect, it, vi } from "vitest";
import { entrySchema } from "../../core/store/entities/entry.ts";
import { agentSchema, apiTokenSchema, membershipSchema } from "../../core/store/entities/people.ts";
import { ticketSchema } from "../../core/store/entities/ticket.ts";
import { createTableInput, deskTable } from "../../core/store/table.ts";

describe("the one table definition", () => {
  it("is the very object infra gives to sst.aws.Dynamo", async () => {
    const Dynamo = vi.fn(function (this: { args: unknown }, _name: string, args: unknown) {
      this.args = args;
    });
    vi.stubGlobal("sst", { aws: { Dynamo } });
    // Imported by URL: infra files are typechecked against SST's globals by infra/tsconfig.json, not here.
    const { table } = await import(/* @vite-ignore */ new URL("../../infra/table.ts", import.meta.url).href);
    expect(Dynamo).toHaveBeenCalledWith("Table", deskTable);
    expect((table as unknown as { args: unknown }).args).toBe(deskTable);
    vi.unstubAllGlobals();
  });

  it("has every index and key field the entities use, and the local CreateTable matches it", () => {
    const input = createTableInput("desk-test");
    const gsis = new Map(
      input.GlobalSecondaryIndexes.map((g) => [g.IndexName, g.KeySchema.map((k) => k.AttributeName)]),
    );
    for (const schema of [ticketSchema, entrySchema, agentSchema, apiTokenSchema, membershipSchema]) {
      for (const [pattern, index] of Object.entries(schema.indexes) as [
        string,
        { index?: string; pk: { field: string }; sk: { field: string } },
      ][]) {
        if (!index.index) {
          expect([index.pk.field, index.sk.field], pattern).toEqual(["pk", "sk"]);
          continue;
        }
        expect(gsis.get(index.index), `${schema.model.entity}.${pattern}`).toEqual([
          index.pk.field,
          index.sk.field,
        ]);
      }
    }
    expect(input.KeySchema.map((k) => k.AttributeName)).toEqual([
      deskTable.primaryIndex.hashKey,
      deskTable.primaryIndex.rangeKey,
    ]);
    expect(Object.keys(deskTable.globalIndexes)).toEqual([...gsis.keys()]);
  });
});
