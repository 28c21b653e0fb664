import { PutCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { z } from "zod";
import { config } from "../config.ts";
import { readSetting, writeSetting } from "../desk/settings.ts";
import { dynamo } from "./client.ts";
import { TICKET_FIELDS } from "./entities/ticket.ts";

/**
 * One ticket item as stored before its attributes had short names (`subject`, `requesterEmail`…), rewritten
 * under the names ElectroDB now reads (`su`, `re`…); null when it is already in the new form.
 */
export function withShortFields(item: Record<string, unknown>): Record<string, unknown> | null {
  if (item.__edb_e__ !== "ticket" || !("subject" in item)) return null;
  return Object.fromEntries(
    Object.entries(item).map(([name, value]) => [TICKET_FIELDS[name] ?? name, value]),
  );
}

/**
 * Rewrites every ticket stored with long attribute names (a desk from before the short names), each conditioned
 * on still being in the old form, so running it twice, or while the desk runs, rewrites nothing twice. A Scan:
 * a one-off upgrade step, never on a request path. Returns how many tickets were rewritten.
 */
export async function migrateTicketFields(progress: (done: number) => void = () => {}): Promise<number> {
  let done = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new ScanCommand({
        TableName: config().tableName,
        FilterExpression: "#e = :ticket AND attribute_exists(#subject)",
        ExpressionAttributeNames: { "#e": "__edb_e__", "#subject": "subject" },
        ExpressionAttributeValues: { ":ticket": "ticket" },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      const rewritten = withShortFields(item);
      if (!rewritten) continue;
      try {
        await dynamo().send(
          new PutCommand({
            TableName: config().tableName,
            Item: rewritten,
            ConditionExpression: "attribute_exists(#subject) AND #version = :version",
            ExpressionAttributeNames: { "#subject": "subject", "#version": "version" },
            ExpressionAttributeValues: { ":version": item.version },
          }),
        );
        progress(++done);
      } catch (error) {
        // Changed or migrated meanwhile (only new code writes the new form): nothing to do.
        if ((error as { name?: string }).name !== "ConditionalCheckFailedException") throw error;
      }
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return done;
}

const UPGRADED = "upgrade:ticket-fields";
const Upgraded = z.object({ done: z.boolean().default(false) });
let upgraded = false;

/**
 * The sweep's upgrade step: a desk deployed over one from before the short names gets its tickets rewritten by
 * the first sweep after the deploy (within a minute), with no step for the admin to remember; until then workers
 * retry what they cannot read yet (backoff, nothing lost). Once a pass finds nothing left, a desk setting says so
 * and later runs cost one cached read per container. A fresh desk is marked done on its first run.
 */
export async function upgradeStep(): Promise<number | undefined> {
  if (upgraded) return undefined;
  if ((await readSetting(UPGRADED, Upgraded)).done) {
    upgraded = true;
    return undefined;
  }
  const rewritten = await migrateTicketFields();
  if (rewritten === 0) {
    await writeSetting(UPGRADED, Upgraded, { done: true });
    upgraded = true;
  }
  return rewritten;
}
