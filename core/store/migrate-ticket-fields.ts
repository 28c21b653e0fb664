import { PutCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { config } from "../config.ts";
import { readSetting, writeSetting } from "../desk/settings.ts";
import { dynamo } from "./client.ts";
import { TICKET_FIELDS } from "./entities/ticket-fields.ts";

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

type Item = Record<string, unknown>;

/** Rewrites one old-form ticket, conditioned on it still being in the old form: true if it was rewritten. */
async function rewrite(item: Item): Promise<boolean> {
  const rewritten = withShortFields(item);
  if (!rewritten) return false;
  const versioned = item.version !== undefined;
  try {
    await dynamo().send(
      new PutCommand({
        TableName: config().tableName,
        Item: rewritten,
        ConditionExpression: versioned
          ? "attribute_exists(#subject) AND #version = :version"
          : "attribute_exists(#subject) AND attribute_not_exists(#version)",
        ExpressionAttributeNames: { "#subject": "subject", "#version": "version" },
        ...(versioned ? { ExpressionAttributeValues: { ":version": item.version } } : {}),
      }),
    );
    return true;
  } catch (error) {
    // Changed or migrated meanwhile: the next pass looks again.
    if ((error as { name?: string }).name !== "ConditionalCheckFailedException") throw error;
    return false;
  }
}

/**
 * One page of the Scan for old-form tickets from `start`: how many it rewrote, how many it found (a ticket that
 * changed meanwhile is found but not rewritten, so the pass is not clean), and where the next page starts.
 */
async function migratePage(start: Item | undefined) {
  const page = await dynamo().send(
    new ScanCommand({
      TableName: config().tableName,
      FilterExpression: "#e = :ticket AND attribute_exists(#subject)",
      ExpressionAttributeNames: { "#e": "__edb_e__", "#subject": "subject" },
      ExpressionAttributeValues: { ":ticket": "ticket" },
      ExclusiveStartKey: start,
    }),
  );
  let rewritten = 0;
  for (const item of page.Items ?? []) if (await rewrite(item)) rewritten++;
  return { rewritten, found: page.Items?.length ?? 0, next: page.LastEvaluatedKey };
}

/**
 * Rewrites every ticket stored with long attribute names (a desk from before the short names), each conditioned
 * on still being in the old form, so running it twice, or while the desk runs, rewrites nothing twice. A Scan:
 * a one-off upgrade step, never on a request path. Returns how many tickets were rewritten.
 */
export async function migrateTicketFields(progress: (done: number) => void = () => {}): Promise<number> {
  let done = 0;
  let start: Item | undefined;
  do {
    const page = await migratePage(start);
    done += page.rewritten;
    if (page.rewritten) progress(done);
    start = page.next;
  } while (start);
  return done;
}

const UPGRADED = "upgrade:ticket-fields";
const Upgrade = z.object({
  done: z.boolean().default(false),
  /** When the sweep first ran this step: functions of the previous version may write old-form tickets a while. */
  startedAt: z.string().optional(),
  /** The current pass: when it began, where its Scan goes on (JSON of the last key), whether it found any. */
  passStartedAt: z.string().optional(),
  cursor: z.string().optional(),
  passFound: z.number().default(0),
});
/** How long the previous version's functions may still run after a deploy (Lambda's longest timeout). */
const SETTLE_MS = 15 * 60_000;
/** The sweep's share for this step: the rest of the sweep must still run within its timeout. */
const BUDGET_MS = 8_000;
let upgraded = false;

/**
 * The sweep's upgrade step: a desk deployed over one from before the short names gets its tickets rewritten by
 * the sweeps after the deploy, with no step for the admin to remember; until then workers retry what they cannot
 * read yet (backoff, nothing lost). Each run scans for at most 8 s and saves where it stopped. The desk is marked
 * done after a whole pass that found nothing and began 15 minutes after the first run (so no function of the
 * previous version can still write an old-form ticket); later runs cost one read per container (none when the sweep passes its settings), then nothing.
 */
export async function upgradeStep(
  now = new Date(),
  settings?: { get(name: string, schema: typeof Upgrade): z.output<typeof Upgrade> },
): Promise<number | undefined> {
  if (upgraded) return undefined;
  // The sweep passes the settings it read for the whole run: a fresh container reads nothing more here.
  const state = settings ? settings.get(UPGRADED, Upgrade) : await readSetting(UPGRADED, Upgrade);
  if (state.done) {
    upgraded = true;
    return undefined;
  }
  const at = now.toISOString();
  state.startedAt ??= at;
  state.passStartedAt ??= at;
  let start = state.cursor ? (JSON.parse(state.cursor) as Item) : undefined;
  let rewritten = 0;
  const until = Date.now() + BUDGET_MS;
  do {
    const page = await migratePage(start);
    rewritten += page.rewritten;
    state.passFound += page.found;
    start = page.next;
  } while (start && Date.now() < until);
  if (start) {
    state.cursor = JSON.stringify(start);
  } else {
    // A whole pass ended: clean, and late enough that nothing old can still be written, or start another one.
    const settled = Date.parse(state.passStartedAt) - Date.parse(state.startedAt) >= SETTLE_MS;
    if (state.passFound === 0 && settled) {
      state.done = true;
      upgraded = true;
    }
    state.cursor = undefined;
    state.passStartedAt = undefined;
    state.passFound = 0;
  }
  await writeSetting(UPGRADED, Upgrade, state);
  return rewritten;
}
