import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

export const ADMIN = { email: "admin@desk.localhost", password: "e2e admin password" };
export const INBOUND = "e2e-inbound-secret-0123456789";
/** The desk's signing secret, so a test can make the links the desk mails (a survey's). */
export const SECRET = "e2e-desk-secret-0123456789abcdef";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    /** The SES emulator's store (everything the desk sent). */
    mailUrl: string;
  }
}

let child: ChildProcess | undefined;
let dataDir = "";

/** Starts the local desk exactly as `npm start` does (the app is built by `npm run test:e2e` first). */
export async function setup(project: TestProject) {
  dataDir = mkdtempSync(join(tmpdir(), "desk-e2e-"));
  const port = await freePort();
  child = spawn(process.execPath, ["infra/local/start.ts"], {
    env: {
      ...process.env,
      PORT: String(port),
      DESK_SMTP_PORT: String(await freePort()),
      DESK_DATA_DIR: dataDir,
      DESK_ADMIN_EMAIL: ADMIN.email,
      DESK_ADMIN_PASSWORD: ADMIN.password,
      DESK_INBOUND_SECRET: INBOUND,
      DESK_SECRET: SECRET,
      DESK_LOCAL_VISIBILITY_S: "2",
      // Every browser test submits the web form from 127.0.0.1: one desk serves them all, so the per-IP limit
      // (20 an hour) is raised here; the limit itself is tested in tests/integration/login-limits and intake.
      DESK_LIMIT_SUBMISSIONS_PER_IP: "2000/3600",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let banner = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the desk did not start within 90 s")), 90_000);
    child!.stdout!.on("data", (chunk: Buffer) => {
      banner += chunk.toString();
      if (banner.includes("Ctrl-C stops everything")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child!.once("exit", (code) => reject(new Error(`the desk exited with ${code}`)));
  });
  child.stdout!.resume();
  project.provide("baseUrl", `http://localhost:${port}`);
  project.provide("mailUrl", /Mail viewer\s+(http:\/\/\S+?)\/?\s/.exec(banner)![1]!);
}

export async function teardown() {
  if (child?.exitCode === null) {
    const exited = new Promise((resolve) => child!.once("exit", resolve));
    child.kill("SIGINT");
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 15_000)))]);
    clearTimeout(timer);
    if (child.exitCode === null) child.kill("SIGKILL");
  }
  rmSync(dataDir, { recursive: true, force: true });
}
