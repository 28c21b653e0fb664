import { email } from "./email.ts";
import { publicUrl } from "./router.ts";
import { deskSecret } from "./secrets.ts";
import { functionDefaults, mailFrom, settings } from "./settings.ts";
import { mailBucket } from "./storage.ts";
import { table } from "./table.ts";
import { filterPolicy, type QueueName, topology, type WorkerQueue } from "./topology.ts";

const RETENTION_SECONDS = 14 * 24 * 3600;

/** One topic for every desk event; publishers only need this. */
export const events = new sst.aws.SnsTopic(topology.topic);

/**
 * What each worker is linked to (its IAM rights and `Resource.*`): only what its code can reach, which
 * tests/infra/deploy.test.ts derives from each handler's imports. The table and the secret: every worker.
 */
const workerLinks: Record<QueueName, ("events" | "email" | "mailBucket")[]> = {
  Mail: ["events", "email", "mailBucket"],
  Acknowledge: ["email", "mailBucket"],
  Triage: ["events", "mailBucket"],
  Search: [],
  Reports: ["events"],
  InboundMail: ["events", "email", "mailBucket"],
  MailFeedback: [],
};
const linkables = { events, email, mailBucket };

/**
 * Each worker: its queue (visibility 6× the function timeout), a DLQ, a function, and for event workers a
 * filtered raw subscription to the topic (the others are fed by S3 and SES: infra/mail.ts).
 */
export const workerQueues = Object.fromEntries(
  (Object.entries(topology.queues) as [QueueName, WorkerQueue][]).map(([name, definition]) => {
    // A message's retention counts from its first enqueue, in the DLQ too: keep both 14 days (SQS's maximum,
    // the default is 4) so that dead letters wait for a redrive over a long weekend.
    const retention = { queue: { messageRetentionSeconds: RETENTION_SECONDS } };
    const dlq = new sst.aws.Queue(`${name}Dlq`, { visibilityTimeout: "5 minutes", transform: retention });
    const visibilitySeconds = definition.timeoutSeconds * 6;
    const queue = new sst.aws.Queue(`${name}Queue`, {
      visibilityTimeout: `${visibilitySeconds} seconds`,
      dlq: { queue: dlq.arn, retry: definition.maxReceiveCount },
      transform: retention,
    });
    if (definition.events.length > 0) {
      events.subscribeQueue(name, queue.arn, {
        filter: JSON.parse(filterPolicy(definition)),
        transform: { subscription: { rawMessageDelivery: true } },
      });
    }
    queue.subscribe(
      {
        ...functionDefaults,
        handler: definition.handler,
        timeout: `${definition.timeoutSeconds} seconds`,
        link: [table, deskSecret, ...workerLinks[name].map((link) => linkables[link])],
        environment: {
          DESK_MAIL_FROM: mailFrom,
          DESK_NAME: settings.deskName,
          DESK_PUBLIC_URL: publicUrl,
          // Failed records back off from the queue's visibility (functions/workers/retry.ts).
          DESK_RETRY_BASE_S: String(visibilitySeconds),
        },
        permissions: [
          { actions: ["sqs:ChangeMessageVisibility", "sqs:GetQueueUrl"], resources: [queue.arn] },
        ],
      },
      { batch: { size: definition.batchSize, partialResponses: true } },
    );
    return [name, { queue, dlq }];
  }),
);
