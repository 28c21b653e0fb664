import { email } from "./email.ts";
import { allowTopicsToDeadLetter, events, undeliveredToDeadLetters, workers } from "./events.ts";
import { settings } from "./settings.ts";
import { mailBucket } from "./storage.ts";
import { topology } from "./topology.ts";

/**
 * Inbound mail: SES receives for the desk's domain, scans it (spam and virus verdicts end up as headers) and
 * stores the raw message in the bucket under inbound/ — the Lambda action never sees bodies and SNS stops at
 * 150 KB. The bucket invokes the InboundMail worker (asynchronously: Lambda's retries, then the Retry queue),
 * which files the message.
 * An account has one active receipt rule set per region: this deploy makes its own set the active one.
 */
const ruleSet = new aws.ses.ReceiptRuleSet("InboundRuleSet", {
  ruleSetName: `${$app.name}-${$app.stage}-inbound`,
});

new aws.ses.ReceiptRule(
  "InboundToBucket",
  {
    name: "store-raw",
    ruleSetName: ruleSet.ruleSetName,
    enabled: true,
    scanEnabled: true,
    recipients: [settings.mailDomain],
    s3Actions: [
      { bucketName: mailBucket.name, objectKeyPrefix: topology.mailBucket.inboundPrefix, position: 1 },
    ],
  },
  { dependsOn: [mailBucket] },
);

new aws.ses.ActiveReceiptRuleSet("InboundActiveRuleSet", { ruleSetName: ruleSet.ruleSetName });

mailBucket.notify({
  notifications: [
    {
      name: "InboundMail",
      function: workers[topology.mailBucket.notifies].arn,
      events: ["s3:ObjectCreated:*"],
      filterPrefix: topology.mailBucket.inboundPrefix,
    },
  ],
});

/** Bounces and complaints about mail the desk sent: SES → SNS → the MailFeedback worker. */
const feedback = new sst.aws.SnsTopic("MailFeedbackTopic");
feedback.subscribe("MailFeedback", workers.MailFeedback.arn, { transform: undeliveredToDeadLetters });
// Both topics' undeliverable notifications go to DeadLetters (infra/events.ts).
allowTopicsToDeadLetter([events.arn, feedback.arn]);
for (const notificationType of ["Bounce", "Complaint"]) {
  new aws.ses.IdentityNotificationTopic(`Mail${notificationType}Notifications`, {
    identity: email.sender,
    notificationType,
    topicArn: feedback.arn,
    includeOriginalHeaders: false,
  });
}
