import { email } from "./email.ts";
import { publicUrl } from "./router.ts";
import { deskSecret } from "./secrets.ts";
import { functionDefaults, mailFrom, settings } from "./settings.ts";
import { mailBucket } from "./storage.ts";
import { table } from "./table.ts";
import { filterPolicy, type QueueName, retryPolicy, topology, type WorkerQueue } from "./topology.ts";

const RETENTION_SECONDS = 14 * 24 * 3600;

/** One topic for every desk event; publishers only need this. */
export const events = new sst.aws.SnsTopic(topology.topic);

/**
 * The one queue of dead letters: invocations that failed every round, each naming its worker. 14 days (SQS's
 * maximum, the default is 4) so that they wait for a redrive over a long weekend.
 */
export const deadLetterQueue = new sst.aws.Queue("DeadLetterQueue", {
  transform: { queue: { messageRetentionSeconds: RETENTION_SECONDS } },
});

/**
 * For each topic's subscription of a worker: a notification SNS cannot deliver to the function (it gave up
 * retrying: the function is throttled, deleted, or refuses) goes to DeadLetters as its envelope, which a redrive
 * routes by its `type` (core/ops/sns-envelope.ts). SNS sends it with the topic's identity: see allowTopicsToDeadLetter.
 */
export const undeliveredToDeadLetters = {
  subscription: {
    redrivePolicy: deadLetterQueue.arn.apply((arn: string) => JSON.stringify({ deadLetterTargetArn: arn })),
  },
};

/** The DeadLetters queue's policy: SNS may send there for these topics only (one policy per queue). */
export function allowTopicsToDeadLetter(topicArns: $util.Input<string>[]) {
  new aws.sqs.QueuePolicy("DeadLettersFromTopics", {
    queueUrl: deadLetterQueue.url,
    policy: $util.jsonStringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "sns.amazonaws.com" },
          Action: "sqs:SendMessage",
          Resource: deadLetterQueue.arn,
          Condition: { ArnEquals: { "aws:SourceArn": topicArns } },
        },
      ],
    }),
  });
}

/**
 * Where Lambda puts an invocation that failed its three attempts (the workers' on-failure destination): the
 * sweep re-invokes them from here in rounds (core/ops/retry-failed.ts). Nothing polls it but the sweep;
 * a record received `retryQueueMaxReceives` times (normally about twice) is one the retry step keeps failing on,
 * so SQS moves it to DeadLetters (the alarm) instead of it coming back every minute for 14 days.
 */
export const retryQueue = new sst.aws.Queue("Retry", {
  visibilityTimeout: "60 seconds",
  dlq: { queue: deadLetterQueue.arn, retry: retryPolicy.retryQueueMaxReceives },
  transform: { queue: { messageRetentionSeconds: RETENTION_SECONDS } },
});

/**
 * What each worker is linked to (its IAM rights and `Resource.*`): only what its code can reach, which
 * tests/infra/deploy.test.ts derives from each handler's imports. The table and the secret: every worker.
 */
const workerLinks: Record<QueueName, ("events" | "email" | "mailBucket")[]> = {
  Mail: ["events", "email", "mailBucket"],
  // events: an acknowledgement's timeline line that cannot be written is handed to Mail (core/mail/sent-record.ts).
  Acknowledge: ["events", "email", "mailBucket"],
  Triage: ["events"],
  Search: [],
  Reports: ["events"],
  InboundMail: ["events", "email", "mailBucket"],
  MailFeedback: [],
};
const linkables = { events, email, mailBucket };

/**
 * Each worker: a function invoked asynchronously (nothing polls), with Lambda's retries and the Retry queue as
 * its on-failure destination. Event workers are subscribed to the topic with their filter; InboundMail and
 * MailFeedback are invoked by the bucket and by SES's feedback topic (infra/mail.ts).
 */
export const workers = Object.fromEntries(
  (Object.entries(topology.queues) as [QueueName, WorkerQueue][]).map(([name, definition]) => {
    const fn = new sst.aws.Function(`${name}Worker`, {
      ...functionDefaults,
      handler: definition.handler,
      timeout: `${definition.timeoutSeconds} seconds`,
      ...(definition.memoryMB ? { memory: `${definition.memoryMB} MB` as const } : {}),
      link: [table, deskSecret, ...workerLinks[name].map((link) => linkables[link])],
      environment: { DESK_MAIL_FROM: mailFrom, DESK_NAME: settings.deskName, DESK_PUBLIC_URL: publicUrl },
      // Lambda delivers the on-failure record with the function's own role.
      permissions: [{ actions: ["sqs:SendMessage"], resources: [retryQueue.arn] }],
    });
    new aws.lambda.FunctionEventInvokeConfig(`${name}InvokeConfig`, {
      functionName: fn.name,
      maximumRetryAttempts: retryPolicy.lambdaRetries,
      maximumEventAgeInSeconds: retryPolicy.maxEventAgeSeconds,
      destinationConfig: { onFailure: { destination: retryQueue.arn } },
    });
    if (definition.events.length > 0) {
      events.subscribe(name, fn.arn, {
        filter: JSON.parse(filterPolicy(definition)),
        transform: undeliveredToDeadLetters,
      });
    }
    return [name, fn];
  }),
) as Record<QueueName, sst.aws.Function>;
