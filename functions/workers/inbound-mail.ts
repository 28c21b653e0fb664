import { fileInboundMail } from "../../core/mail/inbound.ts";
import { objectsInNotification } from "../../core/mail/raw-store.ts";
import { fileAfterRepeatedFailure } from "../../core/mail/unfiled-retry.ts";
import { sqsWorker } from "./batch.ts";

/** The InboundMail queue's maxReceiveCount (infra/topology.ts): the last attempt before the dead-letter queue. */
const LAST_ATTEMPT = 5;

/**
 * Queue `InboundMail`: S3 notifications of raw messages under inbound/ (from SES, HTTP or local SMTP).
 * Transient failures are retried; a message still failing on its last attempt goes to the admins' unfiled
 * list with the error instead of dying in the dead-letter queue (when even that write fails, the store is
 * down: the dead-letter queue keeps it for the redrive).
 */
export const handler = sqsWorker(async (record) => {
  const attempt = Number(record.attributes?.ApproximateReceiveCount ?? 1);
  for (const { key } of objectsInNotification(record.body)) {
    try {
      const result = await fileInboundMail(key);
      console.log(JSON.stringify({ msg: "inbound mail", key, ...result }));
    } catch (error) {
      if (attempt < LAST_ATTEMPT) throw error;
      const result = await fileAfterRepeatedFailure(key, error);
      console.warn(JSON.stringify({ msg: "inbound mail", key, ...result }));
    }
  }
});
