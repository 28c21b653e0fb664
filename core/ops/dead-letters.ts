import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
} from "@aws-sdk/client-sqs";
import { Resource } from "sst";
import type { QueueName } from "../../infra/topology.ts";
import { DeskError } from "../error.ts";
import { isOutboxLetter, OUTBOX_WORKER, restoreOutboxLetter } from "../events/unreadable-outbox.ts";
import { failureOf, functionNameOf, parseFailureRecord } from "./failure-record.ts";
import { invokeAsync } from "./lambda.ts";
import { withRetryRound } from "./retry-round.ts";
import { parseSnsEnvelope, type SnsEnvelope, snsEventOf, workersForEnvelope } from "./sns-envelope.ts";
import { sqs } from "./sqs.ts";

export interface DeadLetterCount {
  /** The worker whose invocations failed every round ("unsampled": past the peek's sample). */
  name: string;
  count: number;
  /** Age in seconds of its oldest dead letter seen (null when none was seen). */
  oldestAgeSeconds: number | null;
  /** Why the newest dead letter seen failed, as it was recorded (null when none says). */
  reason: string | null;
}

/** The workers, in infra's order (linked as `DeadLetters`, with the Retry and DeadLetters queues). */
export const deadLetterWorkers = () => Resource.DeadLetters.workers;

/** Messages a peek looks at, at most (admins look rarely; the alarm is the fast path). */
const PEEK_RECEIVES = 5;

/**
 * How many dead letters wait, per worker: the queue's total (SQS's approximate figure, visible + in flight),
 * split by worker from a peek at up to 50 messages without hiding them (visibility 0). Dead letters past the
 * sample are counted in an "unsampled" row, so the rows always add up to the total.
 */
export async function deadLetterCounts(now = Date.now(), signal?: AbortSignal): Promise<DeadLetterCount[]> {
  const { deadLetterUrl } = Resource.DeadLetters;
  const { Attributes = {} } = await sqs().send(
    new GetQueueAttributesCommand({
      QueueUrl: deadLetterUrl,
      AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    }),
    { abortSignal: signal },
  );
  const total =
    Number(Attributes.ApproximateNumberOfMessages ?? 0) +
    Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
  const rows = new Map<string, DeadLetterCount>(
    deadLetterWorkers().map((w) => [
      w.name,
      { name: w.name, count: 0, oldestAgeSeconds: null, reason: null },
    ]),
  );
  const sampled = total ? await peek(deadLetterUrl, signal) : [];
  const newest = new Map<string, number>();
  for (const message of sampled) {
    const name = workerNameOf(message);
    const row = rows.get(name) ?? { name, count: 0, oldestAgeSeconds: null, reason: null };
    const sent = Number(message.Attributes?.SentTimestamp);
    const age = Number.isFinite(sent) ? Math.max(0, Math.round((now - sent) / 1000)) : null;
    row.count++;
    // The newest letter's reason: what an admin fixing the cause wants to know first.
    const reason = reasonOf(message);
    if (reason && (row.reason === null || age === null || age <= (newest.get(name) ?? Infinity))) {
      row.reason = reason;
      if (age !== null) newest.set(name, age);
    }
    if (age !== null) row.oldestAgeSeconds = Math.max(row.oldestAgeSeconds ?? 0, age);
    rows.set(name, row);
  }
  if (total > sampled.length) {
    rows.set("unsampled", {
      name: "unsampled",
      count: total - sampled.length,
      oldestAgeSeconds: null,
      reason: null,
    });
  }
  return [...rows.values()];
}

/**
 * SQS has no "list": short receives with visibility 0 sample the queue without hiding anything (AWS answers
 * from a subset of its servers, so repeated receives see more); stops when a receive shows nothing new.
 */
async function peek(queueUrl: string, signal?: AbortSignal): Promise<Message[]> {
  const seen = new Map<string, Message>();
  for (let i = 0; i < PEEK_RECEIVES; i++) {
    const { Messages = [] } = await sqs().send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 0,
        WaitTimeSeconds: 0,
        MessageSystemAttributeNames: ["SentTimestamp"],
        MessageAttributeNames: ["worker", "error"],
      }),
      { abortSignal: signal },
    );
    const fresh = Messages.filter((m) => !seen.has(m.MessageId!));
    if (fresh.length === 0) break;
    for (const m of fresh) seen.set(m.MessageId!, m);
  }
  return [...seen.values()];
}

/** Why a dead letter failed: the error the sweep recorded with it, else the one its Lambda record holds. */
function reasonOf(message: Message): string | null {
  const recorded = message.MessageAttributes?.error?.StringValue;
  if (recorded) return recorded;
  const record = parseFailureRecord(message.Body);
  return (record && failureOf(record)) || null;
}

/**
 * The worker a dead letter names (set by the sweep's retry step), else the one its record names (SQS moved it
 * from Retry), else those the topic would deliver it to (SNS could not: "Mail+Search" when several).
 */
function workerNameOf(message: Message): string {
  const named = message.MessageAttributes?.worker?.StringValue;
  if (named) return named;
  const envelope = parseSnsEnvelope(message.Body);
  if (envelope) return workersForEnvelope(envelope).join("+") || "unknown";
  const record = parseFailureRecord(message.Body);
  const fn = record && functionNameOf(record.requestContext.functionArn);
  return deadLetterWorkers().find((w) => w.functionName === fn)?.name ?? "unknown";
}

export interface RedriveResult {
  name: string;
  /** `invoked`: each dead letter was handed to its worker again (asynchronously); `empty`: none waited. */
  how: "invoked" | "empty";
  moved: number;
}

export interface RedriveOutcome {
  results: RedriveResult[];
  /** The call stopped at its limit, having moved some, with dead letters still waiting: call again. */
  remaining: boolean;
}

/**
 * Hands dead letters (of one worker, or all) back to their worker: an asynchronous invocation with the payload
 * it failed on, its retry rounds starting again, and the dead letter deleted only once Lambda accepted the
 * invocation. Running it twice is harmless: the workers handle an event once however often it comes.
 * Bounded (it runs inside an API request): at most `maxMessages` looked at and `maxMs` spent, `remaining` then
 * says to call again. A short receive may answer empty while messages wait (SQS samples a subset of its
 * servers), so it stops only after a second, long-polled (1 s) empty receive. Dead letters it cannot hand back
 * (an unknown function) stay where they are, as do unreadable outbox items today's code still cannot read (those
 * it can read go back into the outbox: core/events/unreadable-outbox.ts).
 */
export async function redriveDeadLetters(
  only?: string,
  limits = { maxMessages: 500, maxMs: 8_000 },
): Promise<RedriveOutcome> {
  const workers = deadLetterWorkers().filter((w) => !only || w.name === only);
  const outbox = !only || only === OUTBOX_WORKER;
  if (workers.length === 0 && !outbox)
    throw new DeskError("validation", "unknown_queue", `No worker named ${only}`);
  const { deadLetterUrl } = Resource.DeadLetters;
  const moved = new Map(workers.map((w) => [w.name, 0]));
  if (outbox) moved.set(OUTBOX_WORKER, 0);
  const skipped: Message[] = [];
  const seen = new Set<string>();
  const started = Date.now();
  let remaining = false;
  let emptyReads = 0;
  try {
    while (emptyReads < 2) {
      if (seen.size >= limits.maxMessages || Date.now() - started >= limits.maxMs) {
        // Only when this call moved some: if all it reached are letters it must leave (unreadable outbox items,
        // unknown functions), calling again finds the same, and `npm run redrive` would call forever.
        remaining = [...moved.values()].some((n) => n > 0);
        break;
      }
      const { Messages = [] } = await sqs().send(
        new ReceiveMessageCommand({
          QueueUrl: deadLetterUrl,
          MaxNumberOfMessages: 10,
          VisibilityTimeout: 60,
          WaitTimeSeconds: emptyReads,
          MessageAttributeNames: ["worker"],
        }),
      );
      const fresh = Messages.filter((m) => !seen.has(m.MessageId!));
      if (fresh.length === 0) {
        emptyReads++;
        continue;
      }
      emptyReads = 0;
      for (const message of fresh) {
        seen.add(message.MessageId!);
        // An outbox item no code could read: back into the outbox if today's code reads it, else left here.
        if (isOutboxLetter(message)) {
          if (outbox && (await restoreOutboxLetter(message.Body))) {
            await sqs().send(
              new DeleteMessageCommand({ QueueUrl: deadLetterUrl, ReceiptHandle: message.ReceiptHandle }),
            );
            moved.set(OUTBOX_WORKER, (moved.get(OUTBOX_WORKER) ?? 0) + 1);
          } else skipped.push(message);
          continue;
        }
        const envelope = parseSnsEnvelope(message.Body);
        if (envelope) {
          const targets = envelopeTargets(envelope, only);
          if (!targets) {
            skipped.push(message);
            continue;
          }
          for (const target of targets) await invokeAsync(target.functionName, snsEventOf(envelope));
          await sqs().send(
            new DeleteMessageCommand({ QueueUrl: deadLetterUrl, ReceiptHandle: message.ReceiptHandle }),
          );
          for (const target of targets) moved.set(target.name, (moved.get(target.name) ?? 0) + 1);
          continue;
        }
        const record = parseFailureRecord(message.Body);
        const worker = workers.find((w) => w.name === workerNameOf(message));
        if (!record || !worker) {
          skipped.push(message);
          continue;
        }
        await invokeAsync(worker.functionName, withRetryRound(record.requestPayload as object, 0));
        await sqs().send(
          new DeleteMessageCommand({ QueueUrl: deadLetterUrl, ReceiptHandle: message.ReceiptHandle }),
        );
        moved.set(worker.name, (moved.get(worker.name) ?? 0) + 1);
      }
    }
  } finally {
    await showAgain(deadLetterUrl, skipped);
  }
  // The outbox row only when it says something (a redrive of it, or letters handed back): workers come first.
  const names = [
    ...workers.map((w) => w.name),
    ...(only === OUTBOX_WORKER || moved.get(OUTBOX_WORKER) ? [OUTBOX_WORKER] : []),
  ];
  const results = names.map((name): RedriveResult => {
    const count = moved.get(name) ?? 0;
    return { name, how: count ? "invoked" : "empty", moved: count };
  });
  return { results, remaining };
}

/**
 * The workers to hand an undelivered notification to, or null to leave it: none known, or a redrive of one
 * worker while the notification is also another's (deleting it would lose theirs; a redrive of all takes it).
 */
function envelopeTargets(envelope: SnsEnvelope, only?: string) {
  const names = workersForEnvelope(envelope);
  const targets = deadLetterWorkers().filter((w) => names.includes(w.name as QueueName));
  if (targets.length === 0 || targets.length !== names.length) return null;
  if (only && (targets.length !== 1 || targets[0]!.name !== only)) return null;
  return targets;
}

/** The dead letters a redrive looked at and left (another worker's, unreadable): visible again at once. */
async function showAgain(queueUrl: string, messages: Message[]) {
  for (let i = 0; i < messages.length; i += 10) {
    await sqs()
      .send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: queueUrl,
          Entries: messages.slice(i, i + 10).map((m, j) => ({
            Id: String(j),
            ReceiptHandle: m.ReceiptHandle!,
            VisibilityTimeout: 0,
          })),
        }),
      )
      .catch(() => undefined); // they show again after the receive's visibility timeout anyway
  }
}
