import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from "@aws-sdk/client-sqs";
import { beforeAll, describe, expect, it } from "vitest";
import { failureRecord, parseFailureRecord } from "../../core/ops/failure-record.ts";
import { ensureTopology, localSqs } from "../../infra/local/queues.ts";
import { retryPolicy } from "../../infra/topology.ts";
import { call, signedInAgent, startTestDesk, type TestDesk } from "../support/desk.ts";

let desk: TestDesk;
beforeAll(async () => {
  desk = await startTestDesk(); // also points the SDK at the emulators
});

const receiveAll = async (QueueUrl: string) =>
  (
    await localSqs().send(
      new ReceiveMessageCommand({
        QueueUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 0,
        MessageAttributeNames: ["All"],
      }),
    )
  ).Messages ?? [];

describe("a local desk persisted before the workers were pushed", () => {
  it("keeps its old dead letters (now in DeadLetters) and no longer moves messages to the old queues", async () => {
    const sqs = localSqs();
    const prefix = `old${crypto.randomUUID().slice(0, 6)}`;
    // The old shape: `<prefix>-Mail-dlq`, and `<prefix>-Mail` redriving to it after 8 receives.
    const MessageRetentionPeriod = String(14 * 24 * 3600);
    const oldDlq = (
      await sqs.send(
        new CreateQueueCommand({ QueueName: `${prefix}-Mail-dlq`, Attributes: { MessageRetentionPeriod } }),
      )
    ).QueueUrl!;
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: oldDlq, AttributeNames: ["QueueArn"] }),
    );
    await sqs.send(
      new CreateQueueCommand({
        QueueName: `${prefix}-Mail`,
        Attributes: {
          VisibilityTimeout: "10",
          MessageRetentionPeriod,
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes!.QueueArn, maxReceiveCount: 8 }),
        },
      }),
    );
    // And a Retry queue as the first pushed version made it (no redrive to DeadLetters yet).
    await sqs.send(
      new CreateQueueCommand({ QueueName: `${prefix}-Retry`, Attributes: { MessageRetentionPeriod } }),
    );
    const event = JSON.stringify({ type: "ticket.notice", id: "old-one" });
    await sqs.send(new SendMessageCommand({ QueueUrl: oldDlq, MessageBody: event }));

    const topology = await ensureTopology(prefix);
    const mail = topology.queues.find((q) => q.name === "Mail")!;

    const [moved, ...others] = await receiveAll(topology.deadLetterUrl);
    expect(others).toEqual([]);
    expect(moved!.MessageAttributes?.worker?.StringValue).toBe("Mail");
    const record = parseFailureRecord(moved!.Body)!;
    expect(record.requestContext.functionArn).toBe(`${mail.functionArn}:$LATEST`);
    // Handed over as SNS would deliver it: the worker gets the same event when redriven.
    const payload = record.requestPayload as { Records: { Sns: { Message: string } }[] };
    expect(payload.Records[0]!.Sns.Message).toBe(event);

    // The old queue is gone, and the invocation queue no longer redrives anywhere.
    await expect(sqs.send(new GetQueueUrlCommand({ QueueName: `${prefix}-Mail-dlq` }))).rejects.toThrow();
    const after = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: mail.url, AttributeNames: ["RedrivePolicy"] }),
    );
    expect(after.Attributes?.RedrivePolicy).toBeUndefined();

    const retry = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: topology.retryUrl, AttributeNames: ["RedrivePolicy"] }),
    );
    expect(JSON.parse(retry.Attributes!.RedrivePolicy!)).toMatchObject({
      maxReceiveCount: retryPolicy.retryQueueMaxReceives,
    });

    // Starting again finds nothing more to move.
    const again = await ensureTopology(prefix);
    expect(await receiveAll(again.deadLetterUrl)).toHaveLength(1);
  });
});

describe("a failure record the sweep's retry step keeps failing on", () => {
  it("moves to DeadLetters after as many receives, is counted under its worker and redriven", async () => {
    const acknowledge = desk.queues.find((q) => q.name === "Acknowledge")!;
    const record = failureRecord(acknowledge.functionArn, { Records: [] }, new Error("boom"), 3);
    await localSqs().send(
      new SendMessageCommand({ QueueUrl: desk.retryUrl, MessageBody: JSON.stringify(record) }),
    );
    // Each sweep run whose retry step threw received it once (then it came back after the visibility timeout).
    for (let i = 0; i < retryPolicy.retryQueueMaxReceives; i++) {
      expect(await receiveAll(desk.retryUrl)).toHaveLength(1);
    }
    // The next run's receive finds it over the limit: SQS has moved it, without any worker name attached.
    expect(await desk.retryFailed()).toEqual({ reinvoked: 0, waiting: 0, dead: 0 });
    const [dead] = await receiveAll(desk.deadLetterUrl);
    expect(parseFailureRecord(dead!.Body)).toEqual(record);

    const admin = await signedInAgent(desk.app, { role: "admin" });
    const counts = (await call(desk.app, "GET", "/api/admin/dead-letters", { as: admin.session })).json;
    expect(counts.queues.find((q: { name: string }) => q.name === "Acknowledge").count).toBe(1);
    const redrive = await call(desk.app, "POST", "/api/admin/dead-letters/redrive", {
      as: admin.session,
      body: { queue: "Acknowledge" },
    });
    expect(redrive.json.results).toEqual([{ name: "Acknowledge", how: "invoked", moved: 1 }]);
  });
});
