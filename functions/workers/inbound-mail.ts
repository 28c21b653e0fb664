import { log } from "../../core/log.ts";
import { fileInboundMail } from "../../core/mail/inbound.ts";
import { objectsInNotification } from "../../core/mail/raw-store.ts";
import { sqsWorker } from "./batch.ts";

/** Queue `InboundMail`: S3 notifications of raw messages under inbound/ (from SES, HTTP or local SMTP). */
export const handler = sqsWorker(async (record) => {
  for (const { key } of objectsInNotification(record.body)) {
    const result = await fileInboundMail(key);
    log.info("inbound mail", { key, ...result });
  }
});
