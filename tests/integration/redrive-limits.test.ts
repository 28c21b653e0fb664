import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { beforeAll, describe, expect, it } from "vitest";
import { deadLetterOutboxItem } from "../../core/events/unreadable-outbox.ts";
import { newId } from "../../core/ids.ts";
import { redriveDeadLetters } from "../../core/ops/dead-letters.ts";
import { failureRecord } from "../../core/ops/failure-record.ts";
import { localSqs } from "../../infra/local/queues.ts";
import { call, signedInAgent, startTestDesk, type TestDesk } from "../support/desk.ts";

let desk: TestDesk;
beforeAll(async () => {
  desk = await startTestDesk();
});

async function deadLetters(n: number) {
  const search = desk.queues.find((q) => q.name === "Search")!;
  for (let i = 0; i < n; i++) {
    const record = failureRecord(search.functionArn, { Records: [] }, new Error("down"), 3);
    await localSqs().send(
      new SendMessageCommand({ QueueUrl: desk.deadLetterUrl, MessageBody: JSON.stringify(record) }),
    );
  }
}

const movedBy = (results: { name: string; moved: number }[]) =>
  results.find((r) => r.name === "Search")!.moved;

describe("a redrive inside one request", () => {
  it("stops at its limit, says more remain, and the next call takes the rest", async () => {
    await deadLetters(12);
    const first = await redriveDeadLetters(undefined, { maxMessages: 10, maxMs: 8_000 });
    expect(first.remaining).toBe(true);
    expect(movedBy(first.results)).toBe(10);
    const second = await redriveDeadLetters(undefined, { maxMessages: 10, maxMs: 8_000 });
    expect(second).toMatchObject({ remaining: false });
    expect(movedBy(second.results)).toBe(2);
    await desk.drain();
  });

  it("answers the admin screen with `remaining` (false when it took everything)", async () => {
    await deadLetters(3);
    const admin = await signedInAgent(desk.app, { role: "admin" });
    const response = await call(desk.app, "POST", "/api/admin/dead-letters/redrive", {
      as: admin.session,
      body: {},
    });
    expect(response.status).toBe(200);
    expect(response.json.remaining).toBe(false);
    expect(movedBy(response.json.results)).toBe(3);
  });

  it("says nothing remains when all it reached at its limit are letters it must leave", async () => {
    // Unreadable outbox items stay dead letters until the code reads them: calling again cannot move them, and
    // `npm run redrive`, which calls again while `remaining`, would never stop.
    for (let i = 0; i < 3; i++) {
      const at = new Date().toISOString();
      await deadLetterOutboxItem(
        { shard: 0, eventId: newId(), createdAt: at, event: '{"type":"ticket.cre' },
        new Error("corrupt"),
      );
    }
    const outcome = await redriveDeadLetters(undefined, { maxMessages: 2, maxMs: 8_000 });
    expect(outcome.results.find((r) => r.name === "outbox")).toBeUndefined();
    expect(outcome.remaining).toBe(false);
  });
});
