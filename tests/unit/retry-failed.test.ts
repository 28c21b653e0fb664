import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { failureRecord } from "../../core/ops/failure-record.ts";
import { resetLambda } from "../../core/ops/lambda.ts";
import { retryFailed } from "../../core/ops/retry-failed.ts";
import { RETRY_ROUND_FIELD } from "../../core/ops/retry-round.ts";
import { resetSqs } from "../../core/ops/sqs.ts";
import { retryPolicy } from "../../infra/topology.ts";

/** Call shapes of the sweep's retry step against mocked SQS and Lambda (the emulators run the full path). */
const sqs = mockClient(SQSClient);
const lambda = mockClient(LambdaClient);
const links = {
  retryUrl: "https://sqs.local/1/desk-Retry",
  deadLetterUrl: "https://sqs.local/1/desk-DeadLetters",
  workers: [{ name: "Acknowledge", functionName: "desk-prod-AcknowledgeWorkerFunction-abc" }],
};
const arn = `arn:aws:lambda:eu-west-1:123456789012:function:${links.workers[0]!.functionName}`;
const event = { Records: [{ EventSource: "aws:sns", Sns: { Message: '{"type":"ticket.created"}' } }] };
const failedAt = new Date("2026-01-01T10:00:00Z");

function inRetryQueue(payload: unknown, body?: string) {
  const record = failureRecord(arn, payload, new Error("Throttled"), 3, failedAt);
  sqs
    .on(ReceiveMessageCommand)
    .resolvesOnce({
      Messages: [{ MessageId: "m1", ReceiptHandle: "h1", Body: body ?? JSON.stringify(record) }],
    })
    .resolves({ Messages: [] });
}

beforeEach(() => {
  process.env.SST_RESOURCE_DeadLetters = JSON.stringify(links);
  delete process.env.DESK_RETRY_BASE_S;
  delete process.env.DESK_RETRY_MAX_S;
  resetSqs();
  resetLambda();
});
afterEach(() => {
  sqs.reset();
  lambda.reset();
});

describe("retryFailed", () => {
  it("costs one short receive when nothing failed", async () => {
    sqs.on(ReceiveMessageCommand).resolves({ Messages: [] });
    expect(await retryFailed(failedAt.getTime())).toEqual({ reinvoked: 0, waiting: 0, dead: 0 });
    expect(sqs.calls()).toHaveLength(1);
    expect(sqs.commandCalls(ReceiveMessageCommand)[0]!.args[0].input).toMatchObject({
      QueueUrl: links.retryUrl,
      WaitTimeSeconds: 0,
      MaxNumberOfMessages: 10,
    });
    expect(lambda.calls()).toHaveLength(0);
  });

  it("hides a record until its round is due", async () => {
    inRetryQueue(event);
    const now = failedAt.getTime() + 20_000;
    expect(await retryFailed(now)).toEqual({ reinvoked: 0, waiting: 1, dead: 0 });
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand)[0]!.args[0].input).toEqual({
      QueueUrl: links.retryUrl,
      ReceiptHandle: "h1",
      VisibilityTimeout: 40, // round 1 is due 60 s after the failure
    });
    expect(lambda.calls()).toHaveLength(0);
    expect(sqs.commandCalls(DeleteMessageCommand)).toHaveLength(0);
  });

  it("re-invokes the worker asynchronously with the round in the payload, then deletes the record", async () => {
    inRetryQueue({ ...event, [RETRY_ROUND_FIELD]: 2 });
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    const now = failedAt.getTime() + 240_000; // round 3: 240 s after the failure
    expect(await retryFailed(now)).toEqual({ reinvoked: 1, waiting: 0, dead: 0 });
    const invoke = lambda.commandCalls(InvokeCommand)[0]!.args[0].input;
    expect(invoke).toMatchObject({ FunctionName: links.workers[0]!.functionName, InvocationType: "Event" });
    expect(JSON.parse(new TextDecoder().decode(invoke.Payload as Uint8Array))).toEqual({
      ...event,
      [RETRY_ROUND_FIELD]: 3,
    });
    expect(sqs.commandCalls(DeleteMessageCommand)[0]!.args[0].input).toEqual({
      QueueUrl: links.retryUrl,
      ReceiptHandle: "h1",
    });
  });

  it("keeps the record when Lambda refuses the invocation", async () => {
    inRetryQueue(event);
    lambda.on(InvokeCommand).rejects(new Error("TooManyRequestsException"));
    expect(await retryFailed(failedAt.getTime() + 3600_000)).toEqual({ reinvoked: 0, waiting: 0, dead: 0 });
    expect(sqs.commandCalls(DeleteMessageCommand)).toHaveLength(0);
  });

  it("moves a record out of rounds to DeadLetters, naming the worker and the error, then deletes it", async () => {
    inRetryQueue({ ...event, [RETRY_ROUND_FIELD]: retryPolicy.rounds });
    expect(await retryFailed(failedAt.getTime())).toEqual({ reinvoked: 0, waiting: 0, dead: 1 });
    const sent = sqs.commandCalls(SendMessageCommand)[0]!.args[0].input;
    expect(sent.QueueUrl).toBe(links.deadLetterUrl);
    expect(JSON.parse(sent.MessageBody!).requestPayload[RETRY_ROUND_FIELD]).toBe(retryPolicy.rounds);
    expect(sent.MessageAttributes).toEqual({
      worker: { DataType: "String", StringValue: "Acknowledge" },
      error: { DataType: "String", StringValue: "RetriesExhausted — Error: Throttled" },
    });
    expect(lambda.calls()).toHaveLength(0);
    expect(sqs.commandCalls(DeleteMessageCommand)).toHaveLength(1);
  });

  it("dead-letters what is not a failure record of a known worker, never drops it", async () => {
    inRetryQueue(event, "not json");
    expect(await retryFailed(failedAt.getTime())).toEqual({ reinvoked: 0, waiting: 0, dead: 1 });
    const sent = sqs.commandCalls(SendMessageCommand)[0]!.args[0].input;
    expect(sent.MessageBody).toBe("not json");
    expect(sent.MessageAttributes?.worker?.StringValue).toBe("unknown");
  });

  it("stops at its bound", async () => {
    sqs.on(ReceiveMessageCommand).resolves({
      Messages: Array.from({ length: 10 }, (_, i) => ({
        MessageId: `m${i}`,
        ReceiptHandle: `h${i}`,
        Body: "x",
      })),
    });
    await retryFailed(failedAt.getTime(), { maxMessages: 30, maxMs: 10_000 });
    expect(sqs.commandCalls(ReceiveMessageCommand)).toHaveLength(3);
  });
});
