import { log } from "../../core/log.ts";
import { handleSesFeedback } from "../../core/mail/feedback.ts";
import { snsWorker } from "./push.ts";

/** Worker `MailFeedback`: SES bounce and complaint notifications; stops automatic mail to those addresses. */
export const handler = snsWorker("MailFeedback", async (message) => {
  const suppressed = await handleSesFeedback(message);
  if (suppressed.length) log.info("addresses suppressed", { suppressed });
});
