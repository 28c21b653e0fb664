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
  });
  let printed = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    printed += chunk.toString();
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGINT");
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 15_000)))]);
      clearTimeout(timer);
      if (child.exitCode === null) child.kill("SIGKILL");
    }
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
