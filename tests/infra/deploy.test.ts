import { beforeAll, describe, expect, it } from "vitest";
import { lambdaHandlers } from "../../infra/bundling.ts";
import { securityHeadersInjection } from "../../infra/security-headers.ts";
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
};

beforeAll(async () => {
  // The default settings: no DESK_ALARM_EMAIL (whatever this shell has).
  graph = await deployGraph({ DESK_ALARM_EMAIL: undefined });
}, 90_000);

const workerFunction = (name: string) => named("aws:lambda/function:Function", `${name}WorkerFunction`);
const retryQueue = () => named("aws:sqs/queue:Queue", "RetryQueue");
const deadLetterQueue = () => named("aws:sqs/queue:Queue", "DeadLetterQueueQueue");

describe("the deploy under Pulumi mocks", () => {
  it("gives every worker a function invoked asynchronously: Lambda's retries, then the one Retry queue", () => {
    // The workers' configs, and the Trainer's (no retry: the sweep asks again), nothing else.
    const configs = ofType("aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig");
    expect(configs.map((c) => c.name).sort()).toEqual(
      [...queueNames.map((name) => `${name}InvokeConfig`), "TrainerEventInvokeConfig"].sort(),
    );
    for (const name of queueNames) {
      const fn = workerFunction(name);
      expect(fn.inputs.timeout, name).toBe(topology.queues[name].timeoutSeconds);
      // The default 256 MB, or the worker's own (InboundMail reads messages of up to 40 MB).
      expect(fn.inputs.memorySize, name).toBe(
        (topology.queues[name] as { memoryMB?: number }).memoryMB ?? 256,
      );
      const config = named(
        "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
        `${name}InvokeConfig`,
      );
      expect(config.inputs, name).toEqual({
        functionName: fn.inputs.name,
        maximumRetryAttempts: retryPolicy.lambdaRetries,
        maximumEventAgeInSeconds: retryPolicy.maxEventAgeSeconds,
        destinationConfig: { onFailure: { destination: expect.stringContaining(retryQueue().inputs.name) } },
      });
      const build = graph.builds.find((b) => b.functionID === `${name}Worker`);
      expect(build?.handler, name).toBe(topology.queues[name].handler);
    }
    // Nothing polls: no event source mapping at all (no idle receives), and only two queues.
    expect(ofType("aws:lambda/eventSourceMapping:EventSourceMapping")).toEqual([]);
    expect(
      ofType("aws:sqs/queue:Queue")
        .map((q) => q.name)
        .sort(),
    ).toEqual(["DeadLetterQueueQueue", "RetryQueue"]);
    // Records and dead letters wait 14 days (a long weekend, and a redrive).
    expect(retryQueue().inputs.messageRetentionSeconds).toBe(14 * 24 * 3600);
    expect(deadLetterQueue().inputs.messageRetentionSeconds).toBe(14 * 24 * 3600);
    // A record the sweep's retry step keeps failing on moves to DeadLetters (normally received about twice).
    expect(JSON.parse(retryQueue().inputs.redrivePolicy)).toEqual({
      deadLetterTargetArn: expect.stringContaining(deadLetterQueue().inputs.name),
      maxReceiveCount: retryPolicy.retryQueueMaxReceives,
    });
  });

  it("subscribes each event worker's function to the topic with its filter, and nothing else to it", () => {
    const subscriptions = ofType("aws:sns/topicSubscription:TopicSubscription");
    const events = named("aws:sns/topic:Topic", "EventsTopic");
    const onEvents = subscriptions.filter((s) => s.inputs.topic.endsWith(events.inputs.name));
    const eventWorkers = queueNames.filter((name) => topology.queues[name].events.length > 0);
    expect(onEvents).toHaveLength(eventWorkers.length);
    for (const name of eventWorkers) {
      const subscription = named(
        "aws:sns/topicSubscription:TopicSubscription",
        `EventsSubscriber${name}Subscription`,
      );
      expect(subscription.inputs.protocol).toBe("lambda");
      expect(subscription.inputs.endpoint).toContain(workerFunction(name).inputs.name);
      expect(JSON.parse(subscription.inputs.filterPolicy)).toEqual(
        JSON.parse(filterPolicy(topology.queues[name])),
      );
      // What SNS cannot deliver to it goes to DeadLetters.
      expect(JSON.parse(subscription.inputs.redrivePolicy), name).toEqual({
        deadLetterTargetArn: expect.stringContaining(deadLetterQueue().inputs.name),
      });
      // SNS may invoke it.
      const permission = named("aws:lambda/permission:Permission", `EventsSubscriber${name}Permission`);
      expect(permission.inputs).toMatchObject({
        action: "lambda:InvokeFunction",
        principal: "sns.amazonaws.com",
      });
    }
  });

  it("lets both topics (events, SES feedback) send what they cannot deliver to DeadLetters, and nothing else", () => {
    const feedback = named(
      "aws:sns/topicSubscription:TopicSubscription",
      "MailFeedbackTopicSubscriberMailFeedbackSubscription",
    );
    expect(JSON.parse(feedback.inputs.redrivePolicy)).toEqual({
      deadLetterTargetArn: expect.stringContaining(deadLetterQueue().inputs.name),
    });
    const [policy, ...others] = ofType("aws:sqs/queuePolicy:QueuePolicy");
    expect(others).toEqual([]);
    expect(policy!.inputs.queueUrl).toContain(deadLetterQueue().inputs.name);
    const [statement, ...more] = JSON.parse(policy!.inputs.policy).Statement;
    expect(more).toEqual([]);
    expect(statement).toMatchObject({
      Effect: "Allow",
      Principal: { Service: "sns.amazonaws.com" },
      Action: "sqs:SendMessage",
    });
    expect(statement.Resource).toContain(deadLetterQueue().inputs.name);
    const sources = statement.Condition.ArnEquals["aws:SourceArn"] as string[];
    expect(sources).toHaveLength(2);
    expect(sources.some((arn) => arn.includes("MailFeedbackTopic"))).toBe(true);
  });

  it("has no alarm and no alarms topic unless DESK_ALARM_EMAIL says where to send it", () => {
    expect(ofType("aws:cloudwatch/metricAlarm:MetricAlarm")).toEqual([]);
    expect(ofType("aws:sns/topic:Topic").map((t) => t.name)).not.toContain("AlarmsTopic");
  });

  it("with DESK_ALARM_EMAIL: alarms on the one DeadLetters queue and on the API's errors, to the topic mailed there", async () => {
    const withEmail = await deployGraph({ DESK_ALARM_EMAIL: "ops@example.com" });
    const of = (type: string) => withEmail.resources.filter((r) => r.type === type);
    const alarmsDeployed = of("aws:cloudwatch/metricAlarm:MetricAlarm");
    expect(alarmsDeployed.map((a) => a.name).sort()).toEqual(["ApiErrorsAlarm", "DeadLettersAlarm"]);
    const alarm = alarmsDeployed.find((a) => a.name === "DeadLettersAlarm");
    const apiErrors = alarmsDeployed.find((a) => a.name === "ApiErrorsAlarm")!;
    const api = of("aws:lambda/function:Function").find((f) => f.name === "ApiFunction")!;
    expect(apiErrors.inputs).toMatchObject({
      namespace: "AWS/Lambda",
      metricName: "Url5xxCount",
      dimensions: { FunctionName: api.inputs.name },
      statistic: "Sum",
      comparisonOperator: "GreaterThanOrEqualToThreshold",
    });
    expect(apiErrors.inputs.alarmActions[0]).toContain("AlarmsTopic");
    const queue = of("aws:sqs/queue:Queue").find((q) => q.name === "DeadLetterQueueQueue")!;
    expect(alarm!.inputs).toMatchObject({
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: queue.inputs.name },
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
    });
    expect(alarm!.inputs.alarmActions[0]).toContain("AlarmsTopic");
    const [mail, ...more] = of("aws:sns/topicSubscription:TopicSubscription").filter(
      (s) => s.name === "AlarmMail",
    );
    expect(more).toHaveLength(0);
    expect(mail!.inputs).toMatchObject({ protocol: "email", endpoint: "ops@example.com" });
    expect(mail!.inputs.topic).toContain("AlarmsTopic");
  }, 90_000);

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

  it("grants each function's role the services of its links and, for a worker, sending to Retry only", () => {
    // What each link grants (SST's link permissions); secrets grant nothing: they travel in the bundle, encrypted.
    const serviceOf: Record<string, string[]> = {
      Table: ["dynamodb"],
      Events: ["sns"],
      MailBucket: ["s3"],
      Email: ["ses"],
      DeadLetters: ["sqs", "lambda"],
      Trainer: ["lambda"],
    };
    const statementsOf = (functionID: string) =>
      JSON.parse(revealed(named("aws:iam/role:Role", `${functionID}Role`).inputs.inlinePolicies)[0].policy)
        .Statement as {
        actions: string[];
        resources: string[];
      }[];
    for (const build of graph.builds) {
      const statements = statementsOf(String(build.functionID));
      const services = new Set(statements.flatMap((s) => s.actions.map((action) => action.split(":")[0])));
      const worker = queueNames.find((name) => build.functionID === `${name}Worker`);
      const expected = new Set(Object.keys(build.links).flatMap((link) => serviceOf[link] ?? []));
      if (worker) expected.add("sqs");
      expect([...services].sort(), String(build.functionID)).toEqual([...expected].sort());
      for (const statement of statements) {
        if (worker && statement.actions.some((action) => action.startsWith("sqs:"))) {
          // Lambda delivers the on-failure record with the function's role: that, and nothing else of SQS.
          expect(statement, worker).toMatchObject({
            actions: ["sqs:SendMessage"],
            resources: [expect.stringContaining(retryQueue().inputs.name)],
          });
        }
        // Scoped to resources, except SES's send actions, which SST's Email link grants on any identity.
        if (!statement.actions.every((action) => action.startsWith("ses:Send"))) {
          expect(statement.resources, String(build.functionID)).not.toContain("*");
        }
      }
    }
    // The sweep (its retry rounds) and the API (redrive): the two queues, and invoking the workers only.
    const workerNames = queueNames.map((name) => workerFunction(name).inputs.name).sort();
    for (const functionID of ["SweepHandler", "Api"]) {
      const statements = statementsOf(functionID);
      // The sweep may also start the Trainer (its own link); every other invoke right is on the workers.
      const trainerName = named("aws:lambda/function:Function", "TrainerFunction").inputs.name;
      const invoke = statements.filter(
        (s) =>
          s.actions.some((a) => a.startsWith("lambda:")) &&
          !s.resources.every((arn) => arn.split(":").pop() === trainerName),
      );
      expect(invoke, functionID).toHaveLength(1);
      expect(invoke[0]!.actions).toEqual(["lambda:InvokeFunction"]);
      expect(invoke[0]!.resources.map((arn) => arn.split(":").pop()).sort()).toEqual(workerNames);
      const queues = statements.filter((s) => s.actions.some((a) => a.startsWith("sqs:")));
      expect(
        queues.flatMap((s) => s.resources.map((arn) => arn.split(":").pop())).sort(),
        functionID,
      ).toEqual([retryQueue().inputs.name, deadLetterQueue().inputs.name].sort());
      expect(queues.flatMap((s) => s.actions).sort()).toEqual([
        "sqs:ChangeMessageVisibility",
        "sqs:DeleteMessage",
        "sqs:GetQueueAttributes",
        "sqs:ReceiveMessage",
        "sqs:SendMessage",
      ]);
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

  it("stores inbound mail in the bucket, which invokes the InboundMail worker; SES feedback invokes MailFeedback", () => {
    const rule = named("aws:ses/receiptRule:ReceiptRule", "InboundToBucket");
    const bucket = named("aws:s3/bucket:Bucket", "MailBucketBucket");
    expect(rule.inputs).toMatchObject({ enabled: true, scanEnabled: true });
    expect(rule.inputs.s3Actions).toEqual([
      { bucketName: bucket.inputs.bucket, objectKeyPrefix: topology.mailBucket.inboundPrefix, position: 1 },
    ]);
    expect(ofType("aws:ses/activeReceiptRuleSet:ActiveReceiptRuleSet")).toHaveLength(1);
    const [notification] = ofType("aws:s3/bucketNotification:BucketNotification");
    const inbound = workerFunction(topology.mailBucket.notifies);
    expect(notification!.inputs.bucket).toBe(bucket.inputs.bucket);
    expect(notification!.inputs.queues).toEqual([]);
    expect(notification!.inputs.lambdaFunctions).toEqual([
      expect.objectContaining({
        events: ["s3:ObjectCreated:*"],
        filterPrefix: topology.mailBucket.inboundPrefix,
        lambdaFunctionArn: expect.stringContaining(inbound.inputs.name),
      }),
    ]);
    const s3Permission = ofType("aws:lambda/permission:Permission").find(
      (p) => p.inputs.principal === "s3.amazonaws.com",
    );
    expect(s3Permission?.inputs.function).toContain(inbound.inputs.name);
    const feedback = ofType("aws:ses/identityNotificationTopic:IdentityNotificationTopic");
    expect(feedback.map((f) => f.inputs.notificationType).sort()).toEqual(["Bounce", "Complaint"]);
    const feedbackTopic = named("aws:sns/topic:Topic", "MailFeedbackTopicTopic");
    for (const f of feedback) expect(f.inputs.topicArn).toContain(feedbackTopic.inputs.name);
    const toFeedback = named(
      "aws:sns/topicSubscription:TopicSubscription",
      "MailFeedbackTopicSubscriberMailFeedbackSubscription",
    );
    expect(toFeedback.inputs).toMatchObject({
      protocol: "lambda",
      topic: expect.stringContaining(feedbackTopic.inputs.name),
    });
    expect(toFeedback.inputs.endpoint).toContain(workerFunction("MailFeedback").inputs.name);
  });

  it("stamps every request the router forwards with the viewer's address and the router's key", () => {
    const request = ofType("aws:cloudfront/function:Function").find((f) =>
      String(f.inputs.code).includes("x-desk-viewer-ip"),
    );
    expect(request?.inputs.code).toContain('event.request.headers["x-desk-edge"] = { value: "');
    expect(String(request?.inputs.code)).toMatch(
      /async function handler\(event\) \{\s*event\.request\.headers\["x-desk-viewer-ip"\]/,
    );
  });

  it("adds the security headers to every answer the router serves", () => {
    const [response, ...others] = ofType("aws:cloudfront/function:Function").filter((f) =>
      String(f.inputs.code).includes("event.response"),
    );
    expect(others).toEqual([]);
    expect(response!.inputs.code).toContain(securityHeadersInjection);
    const distribution = ofType("aws:cloudfront/distribution:Distribution");
    expect(distribution).toHaveLength(1);
    expect(JSON.stringify(distribution[0]!.inputs.defaultCacheBehavior.functionAssociations)).toContain(
      "viewer-response",
    );
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
