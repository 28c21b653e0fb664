import { suppress } from "./suppression.ts";

interface SesNotification {
  notificationType?: string;
  eventType?: string;
  bounce?: {
    bounceType?: string;
    bounceSubType?: string;
    bouncedRecipients?: { emailAddress?: string; diagnosticCode?: string }[];
  };
  complaint?: { complainedRecipients?: { emailAddress?: string }[]; complaintFeedbackType?: string };
}

/**
 * An SES bounce or complaint notification (from SNS, raw or enveloped): permanent bounces and complaints
 * mark the address undeliverable; transient bounces change nothing. Returns the addresses it suppressed.
 */
export async function handleSesFeedback(body: string, now = new Date()): Promise<string[]> {
  let message = JSON.parse(body) as SesNotification & { Type?: string; Message?: string };
  if (message.Type === "Notification" && message.Message) message = JSON.parse(message.Message);
  const type = message.notificationType ?? message.eventType;
  const suppressed: string[] = [];
  if (type === "Bounce" && message.bounce?.bounceType === "Permanent") {
    for (const r of message.bounce.bouncedRecipients ?? []) {
      if (!r.emailAddress) continue;
      await suppress(
        r.emailAddress,
        "bounce",
        r.diagnosticCode ?? message.bounce.bounceSubType ?? "permanent bounce",
        now,
        message.bounce.bounceSubType,
      );
      suppressed.push(r.emailAddress.toLowerCase());
    }
  }
  if (type === "Complaint") {
    for (const r of message.complaint?.complainedRecipients ?? []) {
      if (!r.emailAddress) continue;
      await suppress(
        r.emailAddress,
        "complaint",
        message.complaint?.complaintFeedbackType ?? "complaint",
        now,
        message.complaint?.complaintFeedbackType,
      );
      suppressed.push(r.emailAddress.toLowerCase());
    }
  }
  return suppressed;
}
