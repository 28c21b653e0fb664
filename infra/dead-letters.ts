import { workerQueues } from "./events.ts";
import { settings } from "./settings.ts";

const queues = Object.entries(workerQueues).map(([name, { queue, dlq }]) => ({ name, queue, dlq }));

/**
 * Every worker queue's DLQ and source, linked to the API (counts for admins, redrive) and readable in
 * `sst shell` for `npm run redrive`: core/ops/dead-letters.ts.
 */
export const deadLetters = new sst.Linkable("DeadLetters", {
  properties: {
    queues: queues.map(({ name, queue, dlq }) => ({
      name,
      dlqUrl: dlq.url,
      dlqArn: dlq.arn,
      sourceUrl: queue.url,
      sourceArn: queue.arn,
    })),
  },
  include: [
    sst.aws.permission({
      actions: [
        "sqs:GetQueueAttributes",
        "sqs:ReceiveMessage",
        "sqs:DeleteMessage",
        "sqs:StartMessageMoveTask",
        "sqs:ListMessageMoveTasks",
      ],
      resources: queues.map(({ dlq }) => dlq.arn),
    }),
    // A move task sends to the source queue with the caller's rights; the health check reads an attribute.
    sst.aws.permission({
      actions: ["sqs:SendMessage", "sqs:GetQueueAttributes"],
      resources: queues.map(({ queue }) => queue.arn),
    }),
  ],
});

/** Where alarms go: a topic, mailed to DESK_ALARM_EMAIL when set (confirm the subscription mail once). */
export const alarms = new sst.aws.SnsTopic("Alarms");
if (settings.alarmEmail) {
  new aws.sns.TopicSubscription("AlarmMail", {
    topic: alarms.arn,
    protocol: "email",
    endpoint: settings.alarmEmail,
  });
}

/** One alarm per DLQ: any dead letter at all is worth a look (and `npm run redrive` once the cause is gone). */
for (const { name, dlq } of queues) {
  new aws.cloudwatch.MetricAlarm(`${name}DeadLetters`, {
    alarmDescription: `${name} events failed every retry and wait in their dead-letter queue: fix the cause, then npm run redrive`,
    namespace: "AWS/SQS",
    metricName: "ApproximateNumberOfMessagesVisible",
    dimensions: { QueueName: dlq.nodes.queue.name },
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
