import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { stopProcessGroup } from "../support/local-desk.ts";

/**
 * The local desk's stop (tests/support/local-desk.ts), on stand-ins for the desk: a process that starts a child
 * of its own (the desk's DynamoDB Local Java) and prints its pid. A desk that does not stop on SIGINT is killed
 * with its whole process group, so that child does not outlive it.
 */
const started: number[] = [];
afterEach(() => {
  for (const pid of started.splice(0)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // gone already
    }
  }
});

/** Running (a zombie, dead but not yet reaped, is not). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

/** A stand-in desk spawned as startLocalDesk spawns the desk, and its child's pid once it has started it. */
async function standInDesk(onSigint: "ignore" | "exit"): Promise<{ desk: ChildProcess; childPid: number }> {
  const script = `
    const { spawn } = require("node:child_process");
    const child = spawn(process.execPath, ["-e", "process.on('SIGINT', () => {}); setInterval(() => {}, 1000)"], {
      stdio: "ignore",
    });
    process.on("SIGINT", () => { ${onSigint === "exit" ? "child.kill('SIGTERM'); process.exit(0);" : ""} });
    console.log(child.pid);
    setInterval(() => {}, 1000);
  `;
  const desk = spawn(process.execPath, ["-e", script], {
    stdio: ["ignore", "pipe", "inherit"],
    detached: true,
  });
  started.push(desk.pid!);
  const line = await new Promise<string>((resolve) =>
    desk.stdout!.once("data", (chunk: Buffer) => resolve(String(chunk))),
  );
  const childPid = Number.parseInt(line, 10);
  started.push(childPid);
  return { desk, childPid };
}

describe("stopping the local desk", () => {
  it("kills the whole process group of a desk that ignores SIGINT: its child does not survive it", async () => {
    const { desk, childPid } = await standInDesk("ignore");
    expect(alive(childPid)).toBe(true);

    await stopProcessGroup(desk, 200);

    await vi.waitFor(() => expect(alive(desk.pid!)).toBe(false), { timeout: 10_000, interval: 50 });
    await vi.waitFor(() => expect(alive(childPid)).toBe(false), { timeout: 10_000, interval: 50 });
  });

  it("lets a desk that stops on SIGINT stop itself", async () => {
    const { desk, childPid } = await standInDesk("exit");

    await stopProcessGroup(desk, 10_000);

    expect(desk.exitCode).toBe(0);
    expect(desk.signalCode).toBeNull();
    await vi.waitFor(() => expect(alive(childPid)).toBe(false), { timeout: 10_000, interval: 50 });
  });
});
