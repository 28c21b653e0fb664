import { log } from "../../core/log.ts";
import { handleSesFeedback } from "../../core/mail/feedback.ts";
import { sqsWorker } from "./batch.ts";

/** Queue `MailFeedback`: SES bounce and complaint notifications; stops automatic mail to those addresses. */
export const handler = sqsWorker(async (record) => {
  const suppressed = await handleSesFeedback(record.body);
  if (suppressed.length) log.info("addresses suppressed", { suppressed });
});
