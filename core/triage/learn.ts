import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { listCategories } from "../agent/directory.ts";
import { sha256 } from "../auth/crypto.ts";
import { config } from "../config.ts";
import { DeskError } from "../error.ts";
import { dynamo } from "../store/client.ts";
import { store } from "../store/index.ts";
import { getTicketWithTimeline } from "../ticket/read.ts";
import { Model, train } from "./classifier.ts";
import { type TriageSettings, triageSettings } from "./settings.ts";

/** DynamoDB items hold 400 KB at most; the encoded model is split into parts this size. */
const CHUNK_BYTES = 300_000;
const DAY_S = 86_400;

/** What the classifier reads of a ticket: its subject and the customer's first message. */
export const ticketText = (subject: string, body: string) => `${subject}\n${body}`.slice(0, 8000);

/**
 * Keeps what an agent said a ticket is about as a training example (one per ticket: the latest word wins, so a
 * redelivered event changes nothing), and marks the examples as changed so the sweep retrains.
 */
export async function recordExample(input: {
  ticketId: string;
  category: string;
  source: "corrected" | "confirmed";
  agentId?: string;
  at: string;
}) {
  const { ticket, entries } = await getTicketWithTimeline(input.ticketId);
  const first = entries.find((e) => e.kind === "customer_message");
  const text = ticketText(ticket.subject, first?.body ?? "");
  await saveExamples([{ ...input, text }], input.at);
}

/** Stores labelled examples (recorded from agents, or imported by an admin) and marks them as changed. */
export async function saveExamples(
  examples: {
    ticketId: string;
    text: string;
    category: string;
    source: "corrected" | "confirmed" | "imported";
    agentId?: string;
    at: string;
  }[],
  at: string,
) {
  // One item per ticket: the last of several examples for the same ticket (or the same imported text) wins.
  const unique = [...new Map(examples.map((e) => [e.ticketId, e])).values()];
  if (unique.length === 0) return 0;
  const { unprocessed } = await store().entities.example.put(unique).go();
  if (unprocessed.length) throw new Error(`${unprocessed.length} examples were not written; retry`);
  await store().entities.modelState.put({ examplesChangedAt: at }).go();
  return unique.length;
}

/** Trains a new model on every stored example whose category still exists, and makes it the one in use. */
export async function trainModel(now = new Date()) {
  const [{ data: state }, { data: head }] = await Promise.all([
    store().entities.modelState.get({}).go({ consistent: true }),
    store().entities.modelHead.get({}).go({ consistent: true }),
  ]);
  const categories = new Set((await listCategories()).map((c) => c.id));
  const { data: examples } = await store().entities.example.query.byTicket({}).go({ pages: "all" });
  const rows = examples
    .filter((e) => categories.has(e.category))
    .map((e) => ({ text: e.text, label: e.category }));
  const perCategory: Record<string, number> = {};
  for (const row of rows) perCategory[row.label] = (perCategory[row.label] ?? 0) + 1;
  if (Object.keys(perCategory).length < 2) return { trained: false as const, examples: rows.length };

  const started = performance.now();
  const bytes = Buffer.from(train(rows).encode());
  const trainMs = Math.round(performance.now() - started);
  const version = (head?.version ?? 0) + 1;
  const chunks = Math.ceil(bytes.length / CHUNK_BYTES);
  const { unprocessed } = await store()
    .entities.modelChunk.put(
      Array.from({ length: chunks }, (_, index) => ({
        version,
        index,
        data: bytes.subarray(index * CHUNK_BYTES, (index + 1) * CHUNK_BYTES),
      })),
    )
    .go();
  if (unprocessed.length) throw new Error("Model parts were not all written; the next sweep retries");
  const expire = (old: { version: number; chunks: number }) =>
    Promise.all(
      Array.from({ length: old.chunks }, (_, index) =>
        store()
          .entities.modelChunk.patch({ version: old.version, index })
          .set({ expiresAt: Math.floor(now.getTime() / 1000) + DAY_S })
          .go()
          .catch(() => undefined),
      ),
    );
  try {
    await store()
      .entities.modelHead.put({
        version,
        chunks,
        bytes: bytes.length,
        examples: rows.length,
        perCategory,
        trainedAt: now.toISOString(),
        trainMs,
        examplesAt: state?.examplesChangedAt ?? now.toISOString(),
      })
      .where((attr, { eq, notExists }) => (head ? eq(attr.version, head.version) : notExists(attr.version)))
      .go();
  } catch (error) {
    // Another run trained at the same time and won: its model is in use, ours goes.
    if (!String(error).includes("conditional request failed")) throw error;
    await expire({ version, chunks });
    return { trained: false as const, examples: rows.length };
  }
  // Workers that loaded the previous version keep it until they see the new head; its parts expire in a day.
  if (head) await expire(head);
  return { trained: true as const, version, examples: rows.length, bytes: bytes.length, trainMs };
}

/**
 * Retrains when agents labelled tickets since the last model, at most every `retrainMinutes`. The sweep calls it
 * every minute: the model's state and head share the `MODEL` partition, so one Query (0.5 read unit) reads both,
 * and the sweep passes the triage settings it is reading meanwhile.
 */
export async function trainIfDue(
  now = new Date(),
  settings?: Promise<Pick<TriageSettings, "retrainMinutes"> | undefined>,
  run: (now: Date, head?: { trainedAt: string }) => Promise<string> = async (at) =>
    (await trainModel(at)).trained ? "trained" : "not_trained",
) {
  const { Items = [] } = await dynamo().send(
    new QueryCommand({
      TableName: config().tableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": "MODEL" },
    }),
  );
  const state = Items.find((i) => i.__edb_e__ === "modelState") as { examplesChangedAt: string } | undefined;
  const head = Items.find((i) => i.__edb_e__ === "modelHead") as
    | { examplesAt: string; trainedAt: string }
    | undefined;
  if (!state) return "no_examples";
  if (head && head.examplesAt >= state.examplesChangedAt) return "up_to_date";
  const { retrainMinutes } = (await settings) ?? (await triageSettings());
  if (head && now.getTime() - Date.parse(head.trainedAt) < retrainMinutes * 60_000) return "later";
  // The head goes along: a training handed off earlier has finished once the head is newer than its request.
  return run(now, head);
}

let cached: { version: number; model: Model } | undefined;

/** The model in use and how much it has learned, or null before the first training; cached per version. */
export async function currentModel(
  headRead?: Promise<ModelHead | null>,
): Promise<{ model: Model; version: number; examples: number } | null> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const head = attempt === 0 && headRead ? await headRead : await readModelHead();
    if (!head) return null;
    if (cached?.version !== head.version) {
      const { data: parts } = await store()
        .entities.modelChunk.query.byVersion({ version: head.version })
        .go({ pages: "all" });
      // Replaced (and expired) between reading the head and its parts: read the new head.
      if (parts.length !== head.chunks) continue;
      parts.sort((a, b) => a.index - b.index);
      const bytes = Buffer.concat(parts.map((p) => Buffer.from(p.data as Uint8Array)));
      cached = { version: head.version, model: Model.decode(bytes) };
    }
    return { model: cached.model, version: head.version, examples: head.examples };
  }
  return null;
}

/** The model's head item (0.5 RRU): triage reads it beside its other first reads and loads the parts only when it
 * chooses a category (`currentModel(head)`). */
export const readModelHead = async () => (await store().entities.modelHead.get({}).go()).data;
type ModelHead = NonNullable<Awaited<ReturnType<typeof readModelHead>>>;

/** What the model knows, for admins. */
export async function modelStatus() {
  const [{ data: head }, { data: state }, settings] = await Promise.all([
    store().entities.modelHead.get({}).go(),
    store().entities.modelState.get({}).go(),
    triageSettings(),
  ]);
  return {
    version: head?.version ?? null,
    examples: head?.examples ?? 0,
    perCategory: (head?.perCategory as Record<string, number> | undefined) ?? {},
    bytes: head?.bytes ?? 0,
    trainedAt: head?.trainedAt ?? null,
    trainMs: head?.trainMs ?? null,
    examplesChangedAt: state?.examplesChangedAt ?? null,
    /** Whether the model decides categories (else keyword rules do). */
    active: (head?.examples ?? 0) >= settings.minExamples,
    minExamples: settings.minExamples,
    minConfidence: settings.minConfidence,
  };
}

export const ExamplesImport = z.object({
  examples: z
    .array(z.object({ text: z.string().trim().min(3).max(8000), category: z.string().min(1).max(40) }))
    .min(1)
    .max(1000),
});

/**
 * Labelled tickets an admin brings (say, last year's tickets from the old desk), so the model can take over
 * sooner. Each text is one example however often it is imported (`imported` counts distinct texts). Unknown categories are refused, all or none.
 */
export async function importExamples(
  input: z.infer<typeof ExamplesImport>,
  agentId: string,
  now = new Date(),
) {
  const known = new Set((await listCategories()).map((c) => c.id));
  const fields: Record<string, string> = {};
  input.examples.forEach((e, i) => {
    // The first 20 are enough to see what is wrong.
    if (!known.has(e.category) && Object.keys(fields).length < 20)
      fields[`examples.${i}.category`] = `No category "${e.category}"`;
  });
  if (Object.keys(fields).length)
    throw new DeskError("validation", "validation", "Some examples name unknown categories", { fields });
  const at = now.toISOString();
  const imported = await saveExamples(
    input.examples.map((e) => ({
      ticketId: `import-${sha256(e.text)}`,
      text: e.text,
      category: e.category,
      source: "imported" as const,
      agentId,
      at,
    })),
    at,
  );
  return { imported };
}
