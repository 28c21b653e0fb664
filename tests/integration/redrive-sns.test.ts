import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { beforeAll, describe, expect, it } from "vitest";
import { localSqs } from "../../infra/local/queues.ts";
import { call, signedInAgent, startTestDesk, submitTicket, type TestDesk } from "../support/desk.ts";
import { acksTo } from "../support/mail.ts";

/**
 * A notification SNS could not deliver to a function lands in DeadLetters as its envelope (the subscription's
 * redrive policy on AWS, infra/events.ts): no failure record, no worker named. Here the envelope the emulated
 * topic delivered stands in for it.
 */
let desk: TestDesk;
beforeAll(async () => {
  desk = await startTestDesk();
});

describe("an undelivered SNS notification in DeadLetters", () => {
  it("is counted under the workers the topic routes it to and redriven to each of them once", async () => {
    const email = "undelivered@example.com";
    const admin = await signedInAgent(desk.app, { role: "admin" });
    await submitTicket(desk.app, { email });
    // The ticket.created notification, as the topic delivered it to Acknowledge, is taken off and dead-lettered.
    const acknowledge = desk.queues.find((q) => q.name === "Acknowledge")!;
    const { Messages = [] } = await localSqs().send(
      new ReceiveMessageCommand({ QueueUrl: acknowledge.url, WaitTimeSeconds: 1, MaxNumberOfMessages: 1 }),
    );
    const envelope = Messages[0]!;
    expect(JSON.parse(envelope.Body!).Type).toBe("Notification");
    await localSqs().send(
      new SendMessageCommand({ QueueUrl: desk.deadLetterUrl, MessageBody: envelope.Body! }),
    );
    await localSqs().send(
      new DeleteMessageCommand({ QueueUrl: acknowledge.url, ReceiptHandle: envelope.ReceiptHandle! }),
    );
    await desk.drain(); // Triage and Search had their own copies
    expect(await acksTo(desk, email)).toHaveLength(0);

    const counts = (await call(desk.app, "GET", "/api/admin/dead-letters", { as: admin.session })).json;
    expect(counts.total).toBe(1);
    expect(counts.queues.find((q: { name: string }) => q.name === "Acknowledge+Triage+Search").count).toBe(1);

    const redrive = (body: unknown) =>
      call(desk.app, "POST", "/api/admin/dead-letters/redrive", { as: admin.session, body });
    // One worker's redrive leaves it: deleting it would lose the other workers' delivery.
    const one = (await redrive({ queue: "Acknowledge" })).json;
    expect(one.results).toEqual([{ name: "Acknowledge", how: "empty", moved: 0 }]);

    const all = (await redrive({})).json.results as { name: string; moved: number }[];
    expect(Object.fromEntries(all.filter((r) => r.moved).map((r) => [r.name, r.moved]))).toEqual({
      Acknowledge: 1,
      Triage: 1,
      Search: 1,
    });
    await desk.drain();
    expect(await acksTo(desk, email)).toHaveLength(1);
    expect((await redrive({})).json.results.every((r: { how: string }) => r.how === "empty")).toBe(true);
  });
});
