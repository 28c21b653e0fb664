import { createServer } from "node:net";
import { ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { expect, it } from "vitest";
import { localDynamoClient, startDynamoDb } from "../../infra/local/emulators.ts";
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

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

it("a restarted DynamoDB Local that hangs while starting: killed before the next one, which comes back alone", async () => {
  const givenUp: Error[] = [];
  const dynamo = await startDynamoDb(undefined, {
    restartDelayMs: 0,
    startTimeoutMs: 20_000,
    onGiveUp: (error) => givenUp.push(error),
  });
  let hung = 0;
  try {
    const first = dynamo.pid()!;
    process.kill(first, "SIGKILL");
    // The restarted Java, frozen before it answers: a start slower than the timeout.
    await eventually(
      async () => {
        const pid = dynamo.pid()!;
        if (pid === first) return false;
        hung = pid;
        process.kill(hung, "SIGSTOP");
        return true;
      },
      "the restart",
      10_000,
      10,
    );
    await eventually(async () => dynamo.restarts() === 1, "the next restart", 90_000, 200);
    expect(dynamo.pid()).not.toBe(hung);
    expect(alive(hung)).toBe(false);
    await localDynamoClient(dynamo.endpoint).send(new ListTablesCommand({}));
    expect(givenUp).toEqual([]);
  } finally {
    if (hung && alive(hung)) process.kill(hung, "SIGKILL");
    await dynamo.stop();
  }
});

it("a restart that exits (its port still taken) is one failure, and the next restart comes back", async () => {
  const givenUp: Error[] = [];
  const dynamo = await startDynamoDb(undefined, {
    restartDelayMs: 1500,
    maxRestartsPerMinute: 2,
    onGiveUp: (error) => givenUp.push(error),
  });
  // Takes the port, and drops the connections the supervisor's checks open meanwhile (or close would wait on them).
  const holder = createServer((socket) => socket.destroy());
  try {
    const first = dynamo.pid()!;
    process.kill(first, "SIGKILL");
    await eventually(async () => !alive(first), "the crash", 10_000, 10);
    await new Promise<void>((resolve) =>
      holder.listen(Number(new URL(dynamo.endpoint).port), "127.0.0.1", resolve),
    );
    let refused = 0;
    await eventually(
      async () => {
        refused = dynamo.pid()!;
        return refused !== first && !alive(refused);
      },
      "the restart that cannot bind",
      30_000,
      10,
    );
    await new Promise((resolve) => holder.close(resolve));
    await eventually(async () => dynamo.restarts() === 1, "the next restart", 60_000, 200);
    // Recovered once: no second recovery of that failure comes later (after the start timeout) to start another.
    const back = dynamo.pid();
    await new Promise((r) => setTimeout(r, 35_000));
    expect(dynamo.pid()).toBe(back);
    expect(dynamo.restarts()).toBe(1);
    await localDynamoClient(dynamo.endpoint).send(new ListTablesCommand({}));
    expect(givenUp).toEqual([]);
  } finally {
    holder.close();
    await dynamo.stop();
  }
});

it("restarts that never start (the port held for good): three in a row, then a clear message to stop", async () => {
  const givenUp: Error[] = [];
  // The port is taken before the first restart binds it (1.5 s after the crash).
  const dynamo = await startDynamoDb(undefined, {
    restartDelayMs: 1500,
    maxRestartsPerMinute: 10,
    onGiveUp: (error) => givenUp.push(error),
  });
  const holder = createServer((socket) => socket.destroy());
  try {
    const first = dynamo.pid()!;
    process.kill(first, "SIGKILL");
    await eventually(async () => !alive(first), "the crash", 10_000, 10);
    await new Promise<void>((resolve) =>
      holder.listen(Number(new URL(dynamo.endpoint).port), "127.0.0.1", resolve),
    );
    await eventually(async () => givenUp.length === 1, "giving up", 120_000, 200);
    expect(givenUp[0]!.message).toMatch(/3 restarts in a row: not restarting it again/);
    expect(dynamo.restarts()).toBe(0);
  } finally {
    holder.close();
    await dynamo.stop();
  }
});
