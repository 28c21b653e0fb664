import { PublishBatchCommand, PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import * as z from "zod";
import { config } from "../config.ts";
import { writeSetting } from "../desk/settings.ts";
import { shardOf } from "../ids.ts";
import { log } from "../log.ts";
import { store } from "../store/index.ts";
import type { DeskEvent } from "./schema.ts";

let sns: SNSClient | undefined;
const snsClient = () => (sns ??= new SNSClient({}));

/** Tests point the SDK elsewhere between calls; the next publish builds a fresh client. */
export function resetEventsClient(): void {
  sns = undefined;
}

/**
 * The outbox item to write in the same transaction as the change that caused `events`: one item for all of a
 * change's events (each transactional item costs 2 write units, and its delete one more), keyed by the first.
 */
export function outboxRecord(events: DeskEvent | DeskEvent[]) {
  const list = [events].flat();
  const first = list[0]!;
  return {
    shard: shardOf(first.id),
    eventId: first.id,
    createdAt: first.occurredAt,
    event: JSON.stringify(list.length === 1 ? first : list),
  };
}

const message = (event: DeskEvent) => ({
  Message: JSON.stringify(event),
  MessageAttributes: { type: { DataType: "String", StringValue: event.type } },
});

/** Publishes a change's events (one request for up to 10), then deletes their outbox item. */
export async function publishGroup(events: DeskEvent[]): Promise<void> {
  if (events.length === 1) {
    await publishEvent(events[0]!);
  } else {
    for (let i = 0; i < events.length; i += 10) {
      const { Failed = [] } = await snsClient().send(
        new PublishBatchCommand({
          TopicArn: config().eventsTopicArn,
          PublishBatchRequestEntries: events
            .slice(i, i + 10)
            .map((event, n) => ({ Id: String(n), ...message(event) })),
        }),
      );
      // The item stays for the sweep: the ones that went out go again, which every consumer recognises.
      if (Failed.length)
        throw new Error(`SNS refused ${Failed.length} events: ${Failed[0]?.Message ?? Failed[0]?.Code}`);
    }
  }
  const record = outboxRecord(events);
  await store()
    .entities.outbox.delete({ shard: record.shard, createdAt: record.createdAt, eventId: record.eventId })
    .go();
}

/**
 * Publishes events whose change is already stored. A failure is logged, not thrown: the caller's write
 * succeeded, and the outbox item stays until the sweep (core/events/republish.ts) gets it out.
 */
export async function publishStored(events: DeskEvent[]): Promise<void> {
  if (events.length === 0) return;
  await publishGroup(events).catch(async (error: unknown) => {
    log.warn("event publish deferred to sweep", { eventId: events[0]!.id, error: String(error) });
    // Tells the sweep to read every outbox shard from its next run (see republishStep).
    await writeSetting(OUTBOX_PENDING, Marker, {}).catch((markError: unknown) =>
      log.warn("outbox marker not written", { error: String(markError) }),
    );
  });
}

/**
 * Publishes one event; a failure is thrown. Alone, for an event no stored change backs (a sign-in link asked for),
 * which no outbox item could bring out later: the caller answers the failure (the customer asks again) rather
 * than drop it.
 */
export async function publishEvent(event: DeskEvent): Promise<void> {
  await snsClient().send(new PublishCommand({ TopicArn: config().eventsTopicArn, ...message(event) }));
}

/** The desk-wide marker a failed publish leaves, in the settings the sweep reads anyway (one Query a run). */
export const OUTBOX_PENDING = "outbox-pending";
const Marker = z.object({});
