import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { beforeAll, describe, expect, it } from "vitest";
import { failureRecord } from "../../core/ops/failure-record.ts";
import { resetHealth } from "../../core/ops/health.ts";
import { resetDynamo } from "../../core/store/client.ts";
import { freePort } from "../../infra/local/ports.ts";
import { localSqs, snsEvent } from "../../infra/local/queues.ts";
import {
  call,
  poisonReachesDlq,
  signedInAgent,
  startTestDesk,
  submitTicket,
  type TestDesk,
} from "../support/desk.ts";
import { acksTo } from "../support/mail.ts";

let desk: TestDesk;
let admin: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  admin = await signedInAgent(desk.app, { role: "admin" });
});

const queue = (name: string) => desk.queues.find((q) => q.name === name)!;
const deadLetters = async () =>
  (await call(desk.app, "GET", "/api/admin/dead-letters", { as: admin.session })).json;
const redrive = (body?: unknown) =>
  call(desk.app, "POST", "/api/admin/dead-letters/redrive", { as: admin.session, body: body ?? {} });

/** A dead letter as the sweep's last round leaves it: Lambda's failure record, naming its worker. */
async function deadLetter(worker: string, payload: unknown) {
  const record = failureRecord(queue(worker).functionArn, payload, new Error("DynamoDB was down"), 3);
  await localSqs().send(
    new SendMessageCommand({
      QueueUrl: desk.deadLetterUrl,
      MessageBody: JSON.stringify(record),
      MessageAttributes: { worker: { DataType: "String", StringValue: worker } },
    }),
  );
}

/** Takes the ticket.created event off the Acknowledge worker's invocations and dead-letters it instead. */
async function deadLetterAcknowledgement() {
  const { Messages = [] } = await localSqs().send(
    new ReceiveMessageCommand({
      QueueUrl: queue("Acknowledge").url,
      WaitTimeSeconds: 1,
      MaxNumberOfMessages: 1,
    }),
  );
  const message = Messages[0]!;
  const payload = snsEvent(JSON.parse(message.Body!));
  await deadLetter("Acknowledge", payload);
  await localSqs().send(
    new DeleteMessageCommand({ QueueUrl: queue("Acknowledge").url, ReceiptHandle: message.ReceiptHandle! }),
  );
  return payload;
}

describe("dead letters", () => {
  it("are counted per worker, for admins only", async () => {
    const dead = await poisonReachesDlq(desk, "Mail");
    expect(dead).toEqual(["{poison"]);
    const body = await deadLetters();
    expect(body.total).toBe(1);
    const mail = body.queues.find((q: { name: string }) => q.name === "Mail");
    expect(mail.count).toBe(1);
    expect(mail.oldestAgeSeconds).toBeGreaterThanOrEqual(0);
    // One row per worker (nothing past the peek's sample here), adding up to the total.
    expect(body.queues.map((q: { name: string }) => q.name).sort()).toEqual(
      desk.queues.map((q) => q.name).sort(),
    );

    const agent = await signedInAgent(desk.app);
    expect((await call(desk.app, "GET", "/api/admin/dead-letters", { as: agent.session })).status).toBe(403);
    expect(
      (await call(desk.app, "POST", "/api/admin/dead-letters/redrive", { as: agent.session, body: {} }))
        .status,
    ).toBe(403);
    expect((await call(desk.app, "GET", "/api/admin/dead-letters")).status).toBe(401);
    // The admins' health detail carries the same count; agents and strangers do not see it.
    const detail = await call(desk.app, "GET", "/api/health/detail", { as: admin.session });
    expect(detail.status).toBe(200);
    expect(detail.json.deadLetters.total).toBe(1);
    expect((await call(desk.app, "GET", "/api/health/detail", { as: agent.session })).status).toBe(403);
    expect((await call(desk.app, "GET", "/api/health/detail")).status).toBe(401);
    // Leave the poison where it is for this file's other tests to step around: redrive one worker at a time.
  });

  it("redriven, a dead acknowledgement is sent once, however often it is redriven", async () => {
    const email = "dead-letter@example.com";
    await submitTicket(desk.app, { email });
    const payload = await deadLetterAcknowledgement();
    await desk.drain();
    expect(await acksTo(desk, email)).toHaveLength(0);
    const waiting = (await deadLetters()).queues.find((q: { name: string }) => q.name === "Acknowledge");
    expect(waiting.count).toBe(1);
    expect(waiting.oldestAgeSeconds).toBeGreaterThanOrEqual(0);
    expect(waiting.oldestAgeSeconds).toBeLessThan(60);

    const first = await redrive({ queue: "Acknowledge" });
    expect(first.status).toBe(200);
    expect(first.json.results).toEqual([{ name: "Acknowledge", how: "invoked", moved: 1 }]);
    await desk.drain();
    expect(await acksTo(desk, email)).toHaveLength(1);
    // The Mail worker's dead letter, looked at and skipped, is still there and visible at once.
    const after = await deadLetters();
    expect(after.total).toBe(1);
    expect(after.queues.find((q: { name: string }) => q.name === "Mail").count).toBe(1);

    // The same event dead-lettered again (a copy left by a crash mid-redrive) changes nothing.
    await deadLetter("Acknowledge", payload);
    expect((await redrive({ queue: "Acknowledge" })).json.results[0].moved).toBe(1);
    await desk.drain();
    expect(await acksTo(desk, email)).toHaveLength(1);
    expect((await redrive({ queue: "Acknowledge" })).json.results).toEqual([
      { name: "Acknowledge", how: "empty", moved: 0 },
    ]);
  });

  it("refuses a worker that does not exist", async () => {
    const response = await redrive({ queue: "Nope" });
    expect(response.status).toBe(400);
    expect(response.json.error.code).toBe("unknown_queue");
  });
});

describe("health", () => {
  it("answers 200 with every dependency up", async () => {
    resetHealth();
    const response = await call(desk.app, "GET", "/api/health");
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ ok: true, dependencies: { dynamodb: "up", sqs: "up" }, down: [] });
  });

  it("answers 503 naming DynamoDB when it does not answer, quickly", async () => {
    const endpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB;
    process.env.AWS_ENDPOINT_URL_DYNAMODB = `http://127.0.0.1:${await freePort()}`;
    resetDynamo();
    resetHealth();
    try {
      const started = Date.now();
      const response = await call(desk.app, "GET", "/api/health");
      expect(response.status).toBe(503);
      expect(response.json).toMatchObject({ ok: false, down: ["dynamodb"], dependencies: { sqs: "up" } });
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      process.env.AWS_ENDPOINT_URL_DYNAMODB = endpoint;
      resetDynamo();
      resetHealth();
    }
    expect((await call(desk.app, "GET", "/api/health")).status).toBe(200);
  });
});
