import { ReceiveMessageCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { beforeAll, describe, expect, it } from "vitest";
import { failureRecord } from "../../core/ops/failure-record.ts";
import { withRetryRound } from "../../core/ops/retry-round.ts";
import { localSqs } from "../../infra/local/queues.ts";
import { retryPolicy } from "../../infra/topology.ts";
import { startTestDesk, type TestDesk } from "../support/desk.ts";

/**
 * A failure whose error message quotes characters SQS refuses in an attribute (a control character from a
 * corrupt payload, half of an emoji cut by the 1,000-character limit) still reaches DeadLetters: refused, it
 * would come back to Retry after every run and never be seen by an admin.
 */
let desk: TestDesk;
beforeAll(async () => {
  desk = await startTestDesk();
});

describe("the retry step's move to DeadLetters", () => {
  it("takes an error message holding control characters and a lone surrogate", async () => {
    const worker = desk.queues.find((q) => q.name === "Acknowledge")!;
    const error = new Error(`Unexpected token '\u0001' in "\u0002…" ${"x".repeat(5)}\ud83d`);
    const record = failureRecord(
      `${worker.functionArn}:$LATEST`,
      withRetryRound({ Records: [] }, retryPolicy.rounds),
      error,
      3,
    );
    await localSqs().send(
      new SendMessageCommand({ QueueUrl: desk.retryUrl, MessageBody: JSON.stringify(record) }),
    );

    expect(await desk.retryFailed()).toMatchObject({ dead: 1 });

    const { Messages = [] } = await localSqs().send(
      new ReceiveMessageCommand({
        QueueUrl: desk.deadLetterUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 0,
        MessageAttributeNames: ["All"],
      }),
    );
    expect(Messages).toHaveLength(1);
    const shown = Messages[0]!.MessageAttributes?.error?.StringValue;
    expect(shown).toContain("Unexpected token '\\u0001' in \"\\u0002…\"");
    expect(shown).toMatch(/\\ud83d$/);
    expect(Messages[0]!.MessageAttributes?.worker?.StringValue).toBe("Acknowledge");
  }, 30_000);
});
