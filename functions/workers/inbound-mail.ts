import { log } from "../../core/log.ts";
import { objectsInNotification } from "../../core/mail/raw-store.ts";
import { fileOrList } from "../../core/mail/unfiled-retry.ts";
import { topology } from "../../infra/topology.ts";
import { sqsWorker } from "./batch.ts";

/** The last attempt before the dead-letter queue (the queue's own setting, so the two cannot drift). */
const LAST_ATTEMPT = topology.queues.InboundMail.maxReceiveCount;

/**
 * Queue `InboundMail`: S3 notifications of raw messages under inbound/ (from SES, HTTP or local SMTP). Transient
 * failures are retried; on the last attempt a message still failing is listed as unfiled for admins.
 */
export const handler = sqsWorker(async (record) => {
  const attempt = Number(record.attributes?.ApproximateReceiveCount ?? 1);
  for (const { key } of objectsInNotification(record.body)) {
    const result = await fileOrList(key, attempt, LAST_ATTEMPT);
    log.info("inbound mail", { key, ...result });
  }
});
