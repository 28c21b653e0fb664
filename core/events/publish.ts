import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { config } from "../config.ts";
import { shardOf } from "../ids.ts";
import { log } from "../log.ts";
import { store } from "../store/index.ts";
import { SHARDS } from "../store/table.ts";
import { DeskEvent } from "./schema.ts";

let sns: SNSClient | undefined;
const snsClient = () => (sns ??= new SNSClient({}));

/** Tests point the SDK elsewhere between calls; the next publish builds a fresh client. */
export function resetEventsClient(): void {
  sns = undefined;
}

/** The outbox item to write in the same transaction as the change that caused `event`. */
export function outboxRecord(event: DeskEvent) {
  return {
    shard: shardOf(event.id),
    eventId: event.id,
    createdAt: event.occurredAt,
    event: JSON.stringify(event),
  };
}

async function publishOne(event: DeskEvent): Promise<void> {
  await snsClient().send(
    new PublishCommand({
      TopicArn: config().eventsTopicArn,
      Message: JSON.stringify(event),
      MessageAttributes: { type: { DataType: "String", StringValue: event.type } },
    }),
  );
  const record = outboxRecord(event);
  await store()
    .entities.outbox.delete({ shard: record.shard, createdAt: record.createdAt, eventId: record.eventId })
    .go();
}

/**
 * Publishes events whose change is already stored. A failure is logged, not thrown: the caller's write
 * succeeded, and the outbox item stays until the sweep (`republishPending`) gets it out.
 */
export async function publishStored(events: DeskEvent[]): Promise<void> {
  await Promise.all(
    events.map((event) =>
      publishOne(event).catch((error: unknown) => {
        log.warn("event publish deferred to sweep", { eventId: event.id, error: String(error) });
      }),
    ),
  );
}

/**
 * Re-publishes outbox events older than `minAgeSeconds` (younger ones may still be in flight). Bounded: at most
 * `maxPerShard` a run per shard, oldest first; what is left waits for the next run.
 */
export async function republishPending(now = new Date(), minAgeSeconds = 30, maxPerShard = 100) {
  const before = new Date(now.getTime() - minAgeSeconds * 1000).toISOString();
  let published = 0;
  let failed = 0;
  for (let shard = 0; shard < SHARDS; shard++) {
    const { data } = await store()
      .entities.outbox.query.byShard({ shard })
      .lt({ createdAt: before })
      .go({ limit: maxPerShard });
    for (const item of data) {
      const event = DeskEvent.parse(JSON.parse(item.event));
      try {
        await publishOne(event);
        published++;
      } catch (error) {
        failed++;
        log.error("event republish failed", { eventId: event.id, error: String(error) });
      }
    }
  }
  return { published, failed };
}
