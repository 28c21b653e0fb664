import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

export interface LocalDesk {
  child: ChildProcess;
  baseUrl: string;
  /** The SES emulator's address (its mail viewer and store). */
  mailUrl: string;
  /** Everything the desk printed on stdout so far. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Stops a process `startLocalDesk` started in a process group of its own (`detached`): SIGINT to it, as Ctrl-C
 * would (the desk stops its emulators itself). One still running after `graceMs` is killed with its whole group,
 * so no child of it (DynamoDB Local's Java) outlives it as an orphan.
 */
export async function stopProcessGroup(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGINT");
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
  clearTimeout(timer);
  if (child.exitCode === null) signalGroup(child, "SIGKILL");
}

/** A signal to the process group `child` leads (its pid, negated); nothing when the group is gone. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // ESRCH: no process of the group is left
  }
}

/** Starts the local desk exactly as `npm start` does (`node infra/local/start.ts`), data in a fresh directory. */
export async function startLocalDesk(env: Record<string, string> = {}): Promise<LocalDesk> {
  const dataDir = mkdtempSync(join(tmpdir(), "desk-local-"));
  const port = await freePort();
  const child = spawn(process.execPath, ["infra/local/start.ts"], {
    env: {
      ...process.env,
      PORT: String(port),
      DESK_SMTP_PORT: String(await freePort()),
      DESK_DATA_DIR: dataDir,
      ...env,
    },
    stdio: ["ignore", "pipe", "inherit"],
    // A group of its own, so that `stop` can kill the desk with its emulators' processes if it must.
    detached: true,
  });
  // Out of the test runner's group, the desk no longer hears a Ctrl-C meant for the run. Where the runner exits
  // normally (the e2e suite's main process), this passes it on; a test worker killed by Ctrl-C has no exit event,
  // and there the desk stops itself once its parent is gone (infra/local/start.ts watches it).
  const interruptOnExit = () => signalGroup(child, "SIGINT");
  process.once("exit", interruptOnExit);
  let printed = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    printed += chunk.toString();
  });
  const stop = async () => {
    process.off("exit", interruptOnExit);
    await stopProcessGroup(child);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("the desk did not start within 90 s")), 90_000);
      const started = () => {
        if (!printed.includes("Ctrl-C stops everything")) return;
        clearTimeout(timer);
        child.stdout!.off("data", started);
        resolve();
      };
      child.stdout!.on("data", started);
      child.once("exit", (code) => reject(new Error(`the desk exited with ${code}`)));
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    child,
    baseUrl: `http://localhost:${port}`,
    mailUrl: /Mail viewer\s+(http:\/\/\S+?)\/?\s/.exec(printed)![1]!,
    output: () => printed,
    stop,
  };
}
