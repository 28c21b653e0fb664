import { deadLetterQueue, retryQueue, workers } from "./events.ts";
import { settings } from "./settings.ts";

const workerList = Object.entries(workers).map(([name, fn]) => ({ name, fn }));

/**
 * The Retry and DeadLetters queues and each worker's function, linked to the sweep (its retry rounds:
 * core/ops/retry-failed.ts) and to the API (counts for admins, redrive), and readable in `sst shell` for
 * `npm run redrive` (core/ops/dead-letters.ts). Invoking is granted on the workers only.
 */
export const deadLetters = new sst.Linkable("DeadLetters", {
  properties: {
    retryUrl: retryQueue.url,
    deadLetterUrl: deadLetterQueue.url,
    workers: workerList.map(({ name, fn }) => ({ name, functionName: fn.name })),
  },
  include: [
    sst.aws.permission({
      actions: [
        "sqs:GetQueueAttributes",
        "sqs:ReceiveMessage",
        "sqs:DeleteMessage",
        "sqs:ChangeMessageVisibility",
        "sqs:SendMessage",
      ],
      resources: [retryQueue.arn, deadLetterQueue.arn],
    }),
    sst.aws.permission({
      actions: ["lambda:InvokeFunction"],
      resources: workerList.map(({ fn }) => fn.arn),
    }),
  ],
});

/**
 * The one alarm, on the one DeadLetters queue (CloudWatch bills each alarm metric, $0.10 a month: most of an idle
 * desk's bill), and its topic mailed to DESK_ALARM_EMAIL (confirm the subscription mail once). Only when that is
 * set: an alarm nobody receives is paid for nothing, and admins see dead letters in the app anyway (the banner,
 * Admin → Dead letters). Any dead letter at all is worth a look; the admin screen says which worker's (then
 * `npm run redrive` once the cause is gone).
 */
export const alarms = settings.alarmEmail ? new sst.aws.SnsTopic("Alarms") : undefined;
if (alarms && settings.alarmEmail) {
  new aws.sns.TopicSubscription("AlarmMail", {
    topic: alarms.arn,
    protocol: "email",
    endpoint: settings.alarmEmail,
  });
  new aws.cloudwatch.MetricAlarm("DeadLettersAlarm", {
    alarmDescription:
      "Events failed every retry and wait in the DeadLetters queue: see the admin screen, fix the cause, then npm run redrive",
    namespace: "AWS/SQS",
    metricName: "ApproximateNumberOfMessagesVisible",
    dimensions: { QueueName: deadLetterQueue.nodes.queue.name },
    statistic: "Maximum",
    period: 300,
    evaluationPeriods: 1,
    threshold: 0,
    comparisonOperator: "GreaterThanThreshold",
    treatMissingData: "notBreaching",
    alarmActions: [alarms.arn],
    okActions: [alarms.arn],
  });
}
