/**
 * The one table. This object is the single definition of keys, indexes and TTL: infra passes it to
 * `sst.aws.Dynamo`, the local stack and tests turn it into a CreateTable call, and the ElectroDB
 * entities name the same fields. Change it here and everything follows.
 */
export const deskTable = {
  fields: {
    pk: "string",
    sk: "string",
    gsi1pk: "string",
    gsi1sk: "string",
    gsi2pk: "string",
    gsi2sk: "string",
    gsi3pk: "string",
    gsi3sk: "string",
    gsi4pk: "string",
    gsi4sk: "string",
    gsi5pk: "string",
    gsi5sk: "string",
    gsi6pk: "string",
    gsi6sk: "string",
    gsi7pk: "string",
    gsi7sk: "string",
  },
  primaryIndex: { hashKey: "pk", rangeKey: "sk" },
  globalIndexes: {
    /** lookups by a unique value: ticket number, agent email */
    gsi1: { hashKey: "gsi1pk", rangeKey: "gsi1sk" },
    /** lists owned by one value: a requester's tickets, the agent directory, API tokens */
    gsi2: { hashKey: "gsi2pk", rangeKey: "gsi2sk" },
    /** work queues: unassigned per team, assigned per agent (open tickets only) */
    gsi3: { hashKey: "gsi3pk", rangeKey: "gsi3sk" },
    /** tickets by status, sharded */
    gsi4: { hashKey: "gsi4pk", rangeKey: "gsi4sk" },
    /** all open tickets, sharded */
    gsi5: { hashKey: "gsi5pk", rangeKey: "gsi5sk" },
    /**
     * work by due time, sparse and sharded, for the sweep. It only needs to know which ticket is due: projecting
     * just that keeps each of its (frequent) writes at 1 WRU instead of the whole ticket's size.
     */
    gsi6: {
      hashKey: "gsi6pk",
      rangeKey: "gsi6sk",
      projection: ["ticketId", "nextCheckAt", "__edb_e__", "__edb_v__"] as string[],
    },
    /** a team's open tickets, assigned or not */
    gsi7: { hashKey: "gsi7pk", rangeKey: "gsi7sk" },
  },
  ttl: "expiresAt",
} as const;

export type DeskTable = typeof deskTable;
export type IndexName = keyof DeskTable["globalIndexes"];

/** How many partitions a sharded index spreads over (open, status and due indexes). */
export const SHARDS = 4;

/** The CreateTable input for this definition (local stack, tests); on-demand billing as on AWS. */
export function createTableInput(tableName: string) {
  const attributeNames = new Set<string>([deskTable.primaryIndex.hashKey, deskTable.primaryIndex.rangeKey]);
  const globalSecondaryIndexes = Object.entries(deskTable.globalIndexes).map(([name, index]) => {
    attributeNames.add(index.hashKey);
    attributeNames.add(index.rangeKey);
    return {
      IndexName: name,
      KeySchema: [
        { AttributeName: index.hashKey, KeyType: "HASH" as const },
        { AttributeName: index.rangeKey, KeyType: "RANGE" as const },
      ],
      Projection:
        "projection" in index
          ? { ProjectionType: "INCLUDE" as const, NonKeyAttributes: [...index.projection] }
          : { ProjectionType: "ALL" as const },
    };
  });
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST" as const,
    KeySchema: [
      { AttributeName: deskTable.primaryIndex.hashKey, KeyType: "HASH" as const },
      { AttributeName: deskTable.primaryIndex.rangeKey, KeyType: "RANGE" as const },
    ],
    AttributeDefinitions: [...attributeNames].map((name) => ({
      AttributeName: name,
      AttributeType: (deskTable.fields as Record<string, string>)[name] === "number" ? "N" : "S",
    })) as { AttributeName: string; AttributeType: "S" | "N" }[],
    GlobalSecondaryIndexes: globalSecondaryIndexes,
  };
}
