import { log } from "../../core/log.ts";
import { objectsInNotification } from "../../core/mail/raw-store.ts";
import { fileOrList } from "../../core/mail/unfiled-retry.ts";
import { retryPolicy } from "../../infra/topology.ts";
import { s3Worker } from "./push.ts";

/** The sweep's last retry round: a message still failing then is listed as unfiled rather than dead-lettered. */
const LAST_ROUND = retryPolicy.rounds;

/**
 * Worker `InboundMail`: S3 notifications of raw messages under inbound/ (from SES, HTTP or local SMTP). Transient
 * failures are retried; in the last retry round a message still failing is listed as unfiled for admins.
 */
export const handler = s3Worker("InboundMail", async (event, { round }) => {
  for (const { key } of objectsInNotification(JSON.stringify(event))) {
    const result = await fileOrList(key, round, LAST_ROUND);
    log.info("inbound mail", { key, ...result });
  }
});
