import { expect, it } from "vitest";
import { startDynamoDb } from "../../infra/local/emulators.ts";
import { eventually } from "./stack.ts";

it("DynamoDB Local crashing again and again: restarted up to the limit, then a clear message to stop", async () => {
  const givenUp: Error[] = [];
  const dynamo = await startDynamoDb(undefined, {
    restartDelayMs: 0,
    maxRestartsPerMinute: 1,
    onGiveUp: (error) => givenUp.push(error),
  });
  try {
    process.kill(dynamo.pid()!, "SIGKILL");
    await eventually(async () => dynamo.restarts() === 1, "the first restart", 30_000, 100);
    process.kill(dynamo.pid()!, "SIGKILL");
    await eventually(async () => givenUp.length === 1, "giving up", 10_000, 100);
    expect(givenUp[0]!.message).toMatch(
      /killed by SIGKILL, 2 times within a minute: not restarting it again/,
    );
    expect(dynamo.restarts()).toBe(1);
  } finally {
    await dynamo.stop();
  }
});
