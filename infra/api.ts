import { lambdaHandlers } from "./bundling.ts";
import { alarms, deadLetters } from "./dead-letters.ts";
import { events } from "./events.ts";
import { publicUrl, router } from "./router.ts";
import { deskSecret, inboundSecret } from "./secrets.ts";
import { functionDefaults, mailFrom, settings } from "./settings.ts";
import { mailBucket } from "./storage.ts";
import { table } from "./table.ts";

export { router };

export const api = new sst.aws.Function("Api", {
  ...functionDefaults,
  handler: lambdaHandlers.api,
  timeout: "20 seconds",
  link: [table, events, deskSecret, inboundSecret, mailBucket, deadLetters],
  url: { router: { instance: router, path: "/api" }, cors: false },
  environment: {
    DESK_PUBLIC_URL: publicUrl,
    DESK_MAIL_FROM: mailFrom,
    DESK_NAME: settings.deskName,
    DESK_TRUST_PROXY: "1",
  },
});

/**
 * With DESK_ALARM_EMAIL: the API answering errors (5xx: a bug, or AWS refusing its calls: 503 `unavailable`) three
 * times or more in five minutes mails the Alarms topic, like a dead letter does ($0.10 a month more). A 500 is logged
 * with its cause; the alarm says when to look.
 */
if (alarms)
  new aws.cloudwatch.MetricAlarm("ApiErrorsAlarm", {
    alarmDescription: "The API answered errors (5xx): see the API function's logs for the cause",
    namespace: "AWS/Lambda",
    metricName: "Url5xxCount",
    dimensions: { FunctionName: api.name },
    statistic: "Sum",
    period: 300,
    evaluationPeriods: 1,
    threshold: 3,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    treatMissingData: "notBreaching",
    alarmActions: [alarms.arn],
    okActions: [alarms.arn],
  });

// The public help center and the satisfaction links are pages the same function renders.
for (const path of ["/help", "/fr/help", "/csat"]) router.route(path, api.url);

export const web = new sst.aws.StaticSite("Web", {
  path: "web/form",
  router: { instance: router },
});

/**
 * The agent app at /app (Vite builds it on deploy; any unknown path falls back to its index.html). Not named
 * "App": SST reserves that name (its link `Resource.App` is the app itself) and refuses to deploy it.
 */
export const agentApp = new sst.aws.StaticSite("AgentApp", {
  path: "web/app",
  build: { command: "npx vite build", output: "dist" },
  router: { instance: router, path: "/app" },
});
