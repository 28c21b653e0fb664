import { randomUUID } from "node:crypto";
import { ReceiveMessageCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import type { SNSEvent } from "aws-lambda";
import { inject } from "vitest";
import { createAgent } from "../../core/agent/agent.ts";
import { createTeam } from "../../core/agent/directory.ts";
import { retryFailed } from "../../core/ops/retry-failed.ts";
import { createApp } from "../../functions/api/app.ts";
import { provisionDesk } from "../../infra/local/desk.ts";
import { drainQueues, type LocalQueue, localSqs, snsEvents } from "../../infra/local/queues.ts";

export const TEST_SECRET = "test-secret-0123456789abcdef";

/**
 * A fresh desk for one test file: its own table, topic and queues on the shared emulators, and the API app.
 * Nothing here can reach anything but the emulators started for this run.
 */
export async function startTestDesk() {
  const endpoints = inject("endpoints");
  const id = randomUUID().slice(0, 8);
  // Lambda's two retries of a failed invocation come at once, and the sweep's rounds 1 s apart (no exponential
  // backoff) so that tests of retries and dead letters stay short; tests/unit/retry.test.ts covers the backoff.
  process.env.DESK_LOCAL_LAMBDA_RETRY_S ??= "0,0";
  process.env.DESK_RETRY_MAX_S ??= "1";
  const { queues, topicArn, retryUrl, deadLetterUrl } = await provisionDesk({
    endpoints,
    tableName: `desk-test-${id}`,
    prefix: `t${id}`,
    secret: TEST_SECRET,
    visibilityTimeoutSeconds: 1,
  });
  const app = createApp();
  return {
    app,
    queues,
    topicArn,
    retryUrl,
    deadLetterUrl,
    endpoints,
    drain: () => drainQueues(queues as LocalQueue[]),
    /** The sweep's retry step (core/ops/retry-failed.ts): failed invocations re-invoked or dead-lettered. */
    retryFailed: (now?: number) => retryFailed(now),
  };
}
export type TestDesk = Awaited<ReturnType<typeof startTestDesk>>;

type App = TestDesk["app"];

export interface Session {
  cookie: string;
  csrf: string;
}

/** An agent's change to a ticket as the app makes it: the current ETag first, then PATCH with If-Match. */
export async function patchTicket(app: App, as: Session, id: string, body: Record<string, unknown>) {
  const etag = (await call(app, "GET", `/api/tickets/${id}`, { as })).headers.get("etag")!;
  return call(app, "PATCH", `/api/tickets/${id}`, { as, headers: { "if-match": etag }, body });
}

/** A request with JSON in and out; `as` signs it with an agent's session (cookie + CSRF header). */
export async function call(
  app: App,
  method: string,
  path: string,
  options: { body?: unknown; as?: Session; headers?: Record<string, string>; ip?: string } = {},
) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined) headers["content-type"] ??= "application/json";
  if (options.as) {
    headers.cookie = options.as.cookie;
    headers["x-csrf-token"] ??= options.as.csrf;
  }
  const env = { incoming: { socket: { remoteAddress: options.ip ?? "203.0.113.1" } } };
  const response = await app.request(
    path,
    {
      method,
      headers,
      body:
        options.body === undefined
          ? undefined
          : typeof options.body === "string"
            ? options.body
            : JSON.stringify(options.body),
    },
    env,
  );
  const text = await response.text();
  // biome-ignore lint/suspicious/noExplicitAny: test responses are asserted field by field
  const json: any =
    text && response.headers.get("content-type")?.includes("json") ? JSON.parse(text) : undefined;
  return { status: response.status, headers: response.headers, json, text };
}

export async function login(app: App, email: string, password: string): Promise<Session> {
  const response = await call(app, "POST", "/api/auth/login", { body: { email, password } });
  if (response.status !== 200) throw new Error(`login failed: ${response.status} ${response.text}`);
  const cookie = response.headers.get("set-cookie")!.split(";")[0]!;
  return { cookie, csrf: response.json.csrfToken };
}

let agentCount = 0;

/** An agent (or admin) signed in, with the given teams created if needed. */
export async function signedInAgent(
  app: App,
  options: { role?: "admin" | "agent"; teams?: string[]; name?: string } = {},
) {
  for (const team of options.teams ?? []) await createTeam({ id: team, name: team }).catch(() => {});
  const email = `agent${++agentCount}-${randomUUID().slice(0, 6)}@desk.test`;
  const password = "correct horse battery";
  const agent = await createAgent({
    email,
    name: options.name ?? `Agent ${agentCount}`,
    password,
    role: options.role ?? "agent",
    teams: options.teams ?? [],
  });
  return { agent, email, password, session: await login(app, email, password) };
}

let submissions = 0;

/** A ticket submitted through the public form endpoint, from its own address and IP (no rate limit hit). */
export async function submitTicket(app: App, overrides: Record<string, unknown> = {}) {
  submissions++;
  const response = await call(app, "POST", "/api/tickets", {
    body: {
      name: "Casey Customer",
      email: `customer${submissions}@example.com`,
      subject: `Problem ${submissions}`,
      message: "Something is broken.",
      ...overrides,
    },
    ip: `198.51.100.${submissions % 250}`,
  });
  if (response.status !== 201) throw new Error(`submit failed: ${response.status} ${response.text}`);
  return response.json as { id: string; number: number; portalToken: string };
}

/** What the SES emulator captured. */
export async function sentMail(endpoint: string) {
  const response = await fetch(`${endpoint}/store`);
  const store = (await response.json()) as {
    emails: { messageId: string; subject: string; destination: { to: string[] }; body: { text: string } }[];
  };
  return store.emails;
}

/**
 * Delivers a poison message to one worker as its source would (an SNS notification; for InboundMail the body
 * as queued, S3's event) and runs the invocations and the sweep's retry rounds until it reaches DeadLetters:
 * Lambda's three attempts, then each round (1 s apart in tests). The dead letters' bodies (Lambda's failure
 * records), as the messages they were delivered with, or [] after 30 s.
 */
export async function poisonReachesDlq(desk: TestDesk, queueName: string, message = "{poison") {
  const queue = desk.queues.find((q) => q.name === queueName)!;
  const body =
    queueName === "InboundMail"
      ? message
      : JSON.stringify({
          Type: "Notification",
          MessageId: randomUUID(),
          TopicArn: desk.topicArn,
          Message: message,
        });
  await localSqs().send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: body }));
  const deadline = Date.now() + 30_000;
  let dead: string[] = [];
  while (Date.now() < deadline && dead.length === 0) {
    await desk.drain();
    await desk.retryFailed();
    await new Promise((r) => setTimeout(r, 300));
    const { Messages = [] } = await localSqs().send(
      new ReceiveMessageCommand({ QueueUrl: desk.deadLetterUrl, WaitTimeSeconds: 0, VisibilityTimeout: 0 }),
    );
    dead = Messages.map((m) => deadLetterMessage(m.Body ?? ""));
  }
  return dead;
}

/**
 * Invokes a pushed worker once per message, concurrently, as SNS delivers them (one event per invocation); the
 * indexes of the messages whose invocation failed (and that Lambda would retry).
 */
export async function failedInvocations(
  handler: (event: SNSEvent) => Promise<unknown>,
  messages: string[],
): Promise<number[]> {
  const results = await Promise.allSettled(snsEvents(messages).map((event) => handler(event)));
  return results.flatMap((result, i) => (result.status === "rejected" ? [i] : []));
}

/** What a dead letter (Lambda's failure record) was delivered with: the SNS message, or the payload as JSON. */
export function deadLetterMessage(body: string): string {
  const payload = (JSON.parse(body) as { requestPayload?: { Records?: { Sns?: { Message?: string } }[] } })
    .requestPayload;
  return payload?.Records?.[0]?.Sns?.Message ?? JSON.stringify(payload);
}
