import { beforeAll, describe, expect, it } from "vitest";
import { lambdaHandlers } from "../../infra/bundling.ts";
import { filterPolicy, type QueueName, retryPolicy, topology } from "../../infra/topology.ts";
import { type DeployGraph, deployGraph } from "./deploy-graph.ts";
import { linksUsedBy } from "./handler-links.ts";

/**
 * The deploy, without AWS: the SST program (sst.config.ts → infra/) runs under Pulumi's runtime mocks with SST's
 * own components (tests/infra/deploy-graph.ts), and these checks read the resources it would create.
 */
let graph: DeployGraph;
type Resource = DeployGraph["resources"][number];
const ofType = (type: string) => graph.resources.filter((r) => r.type === type);
const named = (type: string, name: string): Resource => {
  const found = ofType(type).find((r) => r.name === name);
  if (!found) throw new Error(`no ${type} named ${name}`);
  return found;
};
const queueNames = Object.keys(topology.queues) as QueueName[];

/**
 * An input Pulumi marked secret, unwrapped: a policy naming a function that holds a secret link (the Trainer,
 * linked to the sweep) is itself a secret output under the mocks.
 */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
// biome-ignore lint/suspicious/noExplicitAny: a mock's input, read as JSON
const revealed = (value: unknown): any =>
  value && typeof value === "object" && SECRET_SIG in value
    ? revealed((value as unknown as { value: unknown }).value)
    : Array.isArray(value)
      ? value.map(revealed)
      : value;

/**
 * Links a handler's bundle reaches through a module but never uses at run time (module-level reachability
 * over-approximates). Listed exactly: any other link a handler's code reaches without holding it fails here
 * rather than as AccessDenied on AWS; a real use through these paths needs the link added in infra/.
 */
const unreachableUses: Record<string, string[]> = {
  // The API imports core/sla/vendor.ts to record hand-offs; mailing the vendor (SES) is the Mail worker's.
  [lambdaHandlers.api]: ["Email"],
  // The sweep imports eventEntry from core/ticket/change.ts, whose agent replies store attachments (S3).
  [lambdaHandlers.sweep]: ["MailBucket"],
};

beforeAll(async () => {
  graph = await deployGraph();
}, 90_000);

describe("the deploy under Pulumi mocks", () => {
  it("gives every worker a queue, a dead-letter queue after the retry budget, and a batch trigger", () => {
    for (const name of queueNames) {
      const definition = topology.queues[name];
      const dlq = named("aws:sqs/queue:Queue", `${name}DlqQueue`);
      const queue = named("aws:sqs/queue:Queue", `${name}QueueQueue`);
      expect(queue.inputs.visibilityTimeoutSeconds, name).toBe(definition.timeoutSeconds * 6);
      expect(JSON.parse(queue.inputs.redrivePolicy), name).toEqual({
        deadLetterTargetArn: expect.stringContaining(dlq.inputs.name),
        maxReceiveCount: retryPolicy.maxReceiveCount,
      });
      // Dead letters wait 14 days for a redrive.
      expect(dlq.inputs.messageRetentionSeconds).toBe(14 * 24 * 3600);
      const triggers = ofType("aws:lambda/eventSourceMapping:EventSourceMapping").filter((r) =>
        String(r.inputs.eventSourceArn).endsWith(queue.inputs.name),
      );
      expect(triggers, name).toHaveLength(1);
      expect(triggers[0]!.inputs).toMatchObject({
        batchSize: definition.batchSize,
        functionResponseTypes: ["ReportBatchItemFailures"],
      });
      const build = graph.builds.find((b) => String(b.functionID).startsWith(`${name}QueueSubscriber`));
      expect(build?.handler, name).toBe(definition.handler);
    }
  });

  it("subscribes each event worker to the topic with its filter, and nothing else to it", () => {
    const subscriptions = ofType("aws:sns/topicSubscription:TopicSubscription");
    const events = named("aws:sns/topic:Topic", "EventsTopic");
    const onEvents = subscriptions.filter((s) =>
      s.inputs.topic.endsWith(events.inputs.name ?? "EventsTopic-mock"),
    );
    const eventWorkers = queueNames.filter((name) => topology.queues[name].events.length > 0);
    expect(onEvents).toHaveLength(eventWorkers.length);
    for (const name of eventWorkers) {
      const subscription = named(
        "aws:sns/topicSubscription:TopicSubscription",
        `EventsSubscriber${name}Subscription`,
      );
      const queue = named("aws:sqs/queue:Queue", `${name}QueueQueue`);
      expect(subscription.inputs).toMatchObject({ protocol: "sqs", rawMessageDelivery: true });
      expect(subscription.inputs.endpoint).toContain(queue.inputs.name);
      expect(JSON.parse(subscription.inputs.filterPolicy)).toEqual(
        JSON.parse(filterPolicy(topology.queues[name])),
      );
    }
  });

  it("alarms on every dead-letter queue, to the alarms topic", () => {
    const alarms = ofType("aws:cloudwatch/metricAlarm:MetricAlarm");
    expect(alarms).toHaveLength(queueNames.length);
    for (const name of queueNames) {
      const alarm = named("aws:cloudwatch/metricAlarm:MetricAlarm", `${name}DeadLetters`);
      const dlq = named("aws:sqs/queue:Queue", `${name}DlqQueue`);
      expect(alarm.inputs).toMatchObject({
        namespace: "AWS/SQS",
        metricName: "ApproximateNumberOfMessagesVisible",
        dimensions: { QueueName: dlq.inputs.name },
        threshold: 0,
        comparisonOperator: "GreaterThanThreshold",
      });
      expect(alarm.inputs.alarmActions[0]).toContain("AlarmsTopic");
    }
  });

  it("links each function to what its code can use and no more, bundled from its handler", async () => {
    const links = Object.fromEntries(
      graph.builds.map((b) => [String(b.handler), Object.keys(b.links as object).sort()]),
    );
    // Every Lambda infra declares is built, and nothing else.
    expect(Object.keys(links).sort()).toEqual(Object.values(lambdaHandlers).sort());
    for (const handler of Object.values(lambdaHandlers)) {
      const used = await linksUsedBy(handler);
      // No more: every link (an IAM grant) is read somewhere in the handler's code.
      expect(
        links[handler]!.filter((link) => !used.includes(link)),
        `${handler} holds unused links`,
      ).toEqual([]);
      // Nothing missing, but for modules a bundle reaches that never run in that function.
      const missing = used.filter((link) => !links[handler]!.includes(link));
      expect(missing, `${handler} lacks links its code reads`).toEqual(unreachableUses[handler] ?? []);
    }
    // No link leaks into a function's plain environment besides SST's own app marker (links travel encrypted).
    for (const fn of ofType("aws:lambda/function:Function")) {
      const variables = Object.keys(fn.inputs.environment?.variables ?? {});
      expect(
        variables.filter((v) => v.startsWith("SST_RESOURCE_") && v !== "SST_RESOURCE_App"),
        fn.name,
      ).toEqual([]);
      expect(fn.inputs).toMatchObject({ runtime: "nodejs24.x", architectures: ["arm64"] });
    }
  });

  it("grants each function's role the services of its links and, for a worker, its own queue only", () => {
    // What each link grants (SST's link permissions); secrets grant nothing: they travel in the bundle, encrypted.
    const serviceOf: Record<string, string> = {
      Table: "dynamodb",
      Events: "sns",
      MailBucket: "s3",
      Email: "ses",
      DeadLetters: "sqs",
      Trainer: "lambda",
    };
    for (const build of graph.builds) {
      const role = named("aws:iam/role:Role", `${build.functionID}Role`);
      const statements = JSON.parse(revealed(role.inputs.inlinePolicies)[0].policy).Statement as {
        actions: string[];
        resources: string[];
      }[];
      const services = new Set(statements.flatMap((s) => s.actions.map((action) => action.split(":")[0])));
      const worker = queueNames.find((name) => String(build.functionID).startsWith(`${name}QueueSubscriber`));
      const expected = new Set(Object.keys(build.links).flatMap((link) => serviceOf[link] ?? []));
      if (worker) expected.add("sqs");
      expect([...services].sort(), String(build.functionID)).toEqual([...expected].sort());
      for (const statement of statements) {
        if (worker && statement.actions.some((action) => action.startsWith("sqs:"))) {
          const own = named("aws:sqs/queue:Queue", `${worker}QueueQueue`).inputs.name;
          expect(statement.resources, worker).toEqual([expect.stringContaining(own)]);
        }
        // Scoped to resources, except SES's send actions, which SST's Email link grants on any identity.
        if (!statement.actions.every((action) => action.startsWith("ses:Send"))) {
          expect(statement.resources, String(build.functionID)).not.toContain("*");
        }
      }
    }
  });

  it("creates the one table with the store's indexes", async () => {
    const { deskTable } = await import("../../core/store/table.ts");
    const [table, ...others] = ofType("aws:dynamodb/table:Table");
    expect(others).toHaveLength(0);
    expect(table!.inputs).toMatchObject({ hashKey: "pk", rangeKey: "sk", billingMode: "PAY_PER_REQUEST" });
    expect(table!.inputs.ttl).toEqual({ attributeName: "expiresAt", enabled: true });
    const indexes = table!.inputs.globalSecondaryIndexes as {
      name: string;
      hashKey: string;
      rangeKey: string;
    }[];
    expect(indexes.map((i) => i.name).sort()).toEqual(Object.keys(deskTable.globalIndexes).sort());
    for (const index of indexes) {
      const declared = deskTable.globalIndexes[index.name as keyof typeof deskTable.globalIndexes];
      expect(index).toMatchObject({ hashKey: declared.hashKey, rangeKey: declared.rangeKey });
    }
  });

  it("stores inbound mail in the bucket and notifies the InboundMail queue; SES feedback reaches MailFeedback", () => {
    const rule = named("aws:ses/receiptRule:ReceiptRule", "InboundToBucket");
    const bucket = named("aws:s3/bucket:Bucket", "MailBucketBucket");
    expect(rule.inputs).toMatchObject({ enabled: true, scanEnabled: true });
    expect(rule.inputs.s3Actions).toEqual([
      { bucketName: bucket.inputs.bucket, objectKeyPrefix: topology.mailBucket.inboundPrefix, position: 1 },
    ]);
    expect(ofType("aws:ses/activeReceiptRuleSet:ActiveReceiptRuleSet")).toHaveLength(1);
    const [notification] = ofType("aws:s3/bucketNotification:BucketNotification");
    const inbound = named("aws:sqs/queue:Queue", `${topology.mailBucket.notifies}QueueQueue`);
    expect(notification!.inputs.bucket).toBe(bucket.inputs.bucket);
    expect(notification!.inputs.queues).toEqual([
      expect.objectContaining({
        events: ["s3:ObjectCreated:*"],
        filterPrefix: topology.mailBucket.inboundPrefix,
        queueArn: expect.stringContaining(inbound.inputs.name),
      }),
    ]);
    const feedback = ofType("aws:ses/identityNotificationTopic:IdentityNotificationTopic");
    expect(feedback.map((f) => f.inputs.notificationType).sort()).toEqual(["Bounce", "Complaint"]);
  });

  it("runs the sweep every minute", () => {
    const [rule, ...others] = ofType("aws:cloudwatch/eventRule:EventRule");
    expect(others).toHaveLength(0);
    expect(rule!.inputs).toMatchObject({ scheduleExpression: "rate(1 minute)", state: "ENABLED" });
    const target = ofType("aws:cloudwatch/eventTarget:EventTarget")[0]!;
    expect(target.inputs.rule).toBe(rule!.inputs.name);
    expect(JSON.stringify(target.inputs.arn)).toContain("Sweep");
  });
});
