import { deskTable } from "../core/store/table.ts";

/** The one table, from the definition the store, the local stack and the tests use. */
export const table = new sst.aws.Dynamo("Table", deskTable);
