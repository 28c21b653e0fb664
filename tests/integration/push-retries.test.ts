import { ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { beforeAll, describe, expect, it } from "vitest";
import { type FailureRecord, parseFailureRecord } from "../../core/ops/failure-record.ts";
import { retryRoundOf } from "../../core/ops/retry-round.ts";
import { resetDynamo } from "../../core/store/client.ts";
import { resetStore } from "../../core/store/index.ts";
import { freePort } from "../../infra/local/ports.ts";
import { drainQueues, localSqs } from "../../infra/local/queues.ts";
import { retryPolicy } from "../../infra/topology.ts";
import { call, signedInAgent, startTestDesk, submitTicket, type TestDesk } from "../support/desk.ts";
import { acksTo } from "../support/mail.ts";

/**
 * The whole failure path on the emulators, through the same code as on AWS: a worker fails (DynamoDB is down),
 * Lambda's three attempts (emulated) put the failure record in Retry, the sweep's retry step re-invokes it round
 * after round (hidden until each is due) and moves it to DeadLetters after the last; the admin's redrive then
 * hands it back and it is handled once.
 */
let desk: TestDesk;
beforeAll(async () => {
  desk = await startTestDesk();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const peek = async (url: string): Promise<FailureRecord[]> => {
  const { Messages = [] } = await localSqs().send(
    new ReceiveMessageCommand({
      QueueUrl: url,
      MaxNumberOfMessages: 10,
      VisibilityTimeout: 0,
      WaitTimeSeconds: 0,
    }),
  );
  return Messages.map((m) => parseFailureRecord(m.Body)!);
};

/** Runs `work` with the table unreachable, as in an outage. */
async function withDynamoDown<T>(work: () => Promise<T>): Promise<T> {
  const endpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = `http://127.0.0.1:${await freePort()}`;
  resetDynamo();
  resetStore();
  try {
    return await work();
  } finally {
    process.env.AWS_ENDPOINT_URL_DYNAMODB = endpoint;
    resetDynamo();
    resetStore();
  }
}

describe("a worker that keeps failing", () => {
  it("is tried 3 times, then in every sweep round, ends in DeadLetters, and a redrive handles it once", async () => {
    const email = "outage-everywhere@example.com";
    const admin = await signedInAgent(desk.app, { role: "admin" });
    await submitTicket(desk.app, { email });
    const acknowledge = desk.queues.filter((q) => q.name === "Acknowledge");

    const record = await withDynamoDown(async () => {
      // Lambda's attempts (retries at once in tests): three invocations, then the failure record in Retry.
      expect(await drainQueues(acknowledge)).toBe(3);
      const [failed, ...others] = await peek(desk.retryUrl);
      expect(others).toEqual([]);
      expect(failed!.requestContext).toMatchObject({
        functionArn: `${acknowledge[0]!.functionArn}:$LATEST`,
        condition: "RetriesExhausted",
        approximateInvokeCount: 3,
      });
      expect(retryRoundOf(failed!.requestPayload)).toBe(0);

      // Seen the moment it failed, round 1 is not due yet: hidden, not re-invoked early (the clock is the
      // record's own timestamp, so this holds however slowly the machine runs).
      expect(await desk.retryFailed(Date.parse(failed!.timestamp))).toEqual({
        reinvoked: 0,
        waiting: 1,
        dead: 0,
      });
      await sleep(1100); // hidden until due: 1 s in tests

      // Round after round: hidden until due, then re-invoked with its round; Lambda's attempts again.
      let rounds = 0;
      for (let i = 0; i < 60 && (await peek(desk.deadLetterUrl)).length === 0; i++) {
        const outcome = await desk.retryFailed();
        rounds += outcome.reinvoked;
        await drainQueues(acknowledge);
        await sleep(400);
      }
      expect(rounds).toBe(retryPolicy.rounds);
      return (await peek(desk.deadLetterUrl))[0]!;
    });
    expect(retryRoundOf(record.requestPayload)).toBe(retryPolicy.rounds);
    expect(await peek(desk.retryUrl)).toEqual([]);
    expect(await acksTo(desk, email)).toHaveLength(0);
    const dead = (await call(desk.app, "GET", "/api/admin/dead-letters", { as: admin.session })).json;
    expect(dead.queues.find((q: { name: string }) => q.name === "Acknowledge").count).toBe(1);

    // The outage is over: the redrive hands it back (round 0 again), and it is handled once, however often.
    const redrive = () =>
      call(desk.app, "POST", "/api/admin/dead-letters/redrive", { as: admin.session, body: {} });
    const first = (await redrive()).json.results;
    expect(first.find((r: { name: string }) => r.name === "Acknowledge")).toEqual({
      name: "Acknowledge",
      how: "invoked",
      moved: 1,
    });
    await desk.drain();
    expect(await acksTo(desk, email)).toHaveLength(1);
    expect((await redrive()).json.results.every((r: { how: string }) => r.how === "empty")).toBe(true);
    await desk.drain();
    expect(await acksTo(desk, email)).toHaveLength(1);
    expect(await peek(desk.retryUrl)).toEqual([]);
    expect(await peek(desk.deadLetterUrl)).toEqual([]);
  }, 90_000);
});
