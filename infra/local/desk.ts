import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { resetConfig } from "../../core/config.ts";
import { resetLambda } from "../../core/ops/lambda.ts";
import { resetSqs } from "../../core/ops/sqs.ts";
import { resetDynamo } from "../../core/store/client.ts";
import { resetStore } from "../../core/store/index.ts";
import {
  ensureTable,
  localCredentials,
  type Supervision,
  startDynamoDb,
  startMail,
  startQueues,
} from "./emulators.ts";
import { ensureTopology, type LocalQueue } from "./queues.ts";

export interface Endpoints {
  dynamodb: string;
  queues: string;
  /** Lambda's Invoke API for asynchronous invocations (infra/local/lambda-endpoint.ts). */
  lambda: string;
  mail: string;
}

/**
 * DynamoDB Local, fauxqs (SQS + SNS, and Lambda's asynchronous Invoke beside it) and the SES emulator; persisted under `dataDir` when given. DynamoDB
 * Local is restarted when it crashes (`supervision` says how, and what to do when it keeps crashing).
 */
export async function startEmulators(dataDir?: string, supervision?: Supervision) {
  const [dynamo, queues, mail] = await Promise.all([
    startDynamoDb(dataDir && join(dataDir, "dynamodb"), supervision),
    startQueues(dataDir && join(dataDir, "queues")),
    startMail(),
  ]);
  const endpoints: Endpoints = {
    dynamodb: dynamo.endpoint,
    queues: queues.endpoint,
    lambda: queues.lambdaEndpoint,
    mail: mail.endpoint,
  };
  return {
    endpoints,
    dynamo,
    stop: async () => {
      await Promise.allSettled([dynamo.stop(), queues.stop(), mail.stop()]);
    },
  };
}

/** A secret from the environment, or one generated on first start and kept in the data directory. */
export function localSecret(dataDir?: string, name = "secret", variable = "DESK_SECRET"): string {
  if (process.env[variable]) return process.env[variable]!;
  if (!dataDir) return randomBytes(32).toString("base64url");
  const file = join(dataDir, name);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  return readFileSync(file, "utf8").trim();
}

/**
 * Points this process's AWS SDK clients at the emulators (the SDK's own AWS_ENDPOINT_URL_* variables), links
 * the resources the way SST does (SST_RESOURCE_*), and creates table, topic and queues from their one
 * definition. The code that runs afterwards is the code that runs on Lambda.
 */
export async function provisionDesk(options: {
  endpoints: Endpoints;
  tableName: string;
  prefix: string;
  secret: string;
  /** Bearer secret for POST /api/inbound/email; derived from `secret` when not given. */
  inboundSecret?: string;
  /**
   * Seconds before the sweep's first retry round of a failed invocation (60 on AWS; doubles each round, see
   * retryPolicy), as DESK_RETRY_BASE_S. The name dates from the SQS-polled workers.
   */
  visibilityTimeoutSeconds: number;
}): Promise<{
  queues: LocalQueue[];
  topicArn: string;
  bucket: string;
  retryUrl: string;
  deadLetterUrl: string;
}> {
  const { endpoints } = options;
  Object.assign(process.env, {
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_SQS: endpoints.queues,
    AWS_ENDPOINT_URL_SNS: endpoints.queues,
    AWS_ENDPOINT_URL_SES: endpoints.mail,
    AWS_ENDPOINT_URL_LAMBDA: endpoints.lambda,
    AWS_ENDPOINT_URL_S3: endpoints.queues,
  });
  // The sweep's retry rounds start this far apart (core/ops/retry-round.ts).
  process.env.DESK_RETRY_BASE_S = String(options.visibilityTimeoutSeconds);
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  await ensureTable(endpoints.dynamodb, options.tableName);
  const { topicArn, queues, bucket, retryUrl, deadLetterUrl } = await ensureTopology(options.prefix);
  Object.assign(process.env, {
    SST_RESOURCE_Table: JSON.stringify({ name: options.tableName }),
    SST_RESOURCE_Events: JSON.stringify({ arn: topicArn }),
    SST_RESOURCE_MailBucket: JSON.stringify({ name: bucket }),
    SST_RESOURCE_DeadLetters: JSON.stringify({
      retryUrl,
      deadLetterUrl,
      workers: queues.map((q) => ({ name: q.name, functionName: q.functionName })),
    }),
    SST_RESOURCE_DeskSecret: JSON.stringify({ value: options.secret }),
    SST_RESOURCE_InboundSecret: JSON.stringify({
      value: options.inboundSecret ?? `${options.secret}-inbound`,
    }),
  });
  resetConfig();
  resetDynamo();
  resetStore();
  resetSqs();
  resetLambda();
  return { queues, topicArn, bucket, retryUrl, deadLetterUrl };
}
