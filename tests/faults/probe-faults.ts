import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { config } from "../../core/config.ts";
import { dynamo } from "../../core/store/client.ts";
import { readCounts } from "../../core/ticket/counts.ts";

/**
 * SES as the desk reaches it: a loopback relay to the emulator at `emulator` that, while `down`, reads each send
 * and then drops its connection without an answer (an endpoint gone mid-request), noting the subject it carried;
 * and for `loseAnswers`, passes the send on to SES and then drops the connection before the answer.
 */
export async function startSesGate(emulator: string) {
  const state = {
    down: false,
    dropped: [] as string[],
    /** Sends whose subject has `marker`: taken by SES, their answers lost for `ms` from the first one. */
    lost: undefined as { marker: string; ms: number; until?: number } | undefined,
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", async () => {
      const body = Buffer.concat(chunks);
      const raw = Buffer.from(new URLSearchParams(body.toString()).get("RawMessage.Data") ?? "", "base64");
      const subject = /^Subject: (.*)$/m.exec(raw.toString())?.[1] ?? "";
      if (state.down) {
        state.dropped.push(subject);
        req.socket.destroy();
        return;
      }
      const { lost } = state;
      if (lost && subject.includes(lost.marker)) lost.until ??= Date.now() + lost.ms;
      const lose = Boolean(lost?.until && subject.includes(lost.marker) && Date.now() < lost.until);
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(([k]) => !["host", "content-length", "connection"].includes(k)),
      ) as Record<string, string>;
      const answer = await fetch(`${emulator}${req.url}`, {
        method: req.method,
        headers,
        body: req.method === "GET" ? undefined : body,
      }).catch(() => undefined);
      if (!answer || lose) return req.socket.destroy();
      res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "text/xml" });
      res.end(Buffer.from(await answer.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** SES unreachable from now on (open connections included), or back. */
    setDown(down: boolean) {
      state.down = down;
      if (down) server.closeIdleConnections();
    },
    /** Subjects of the sends dropped while down. */
    dropped: () => state.dropped,
    loseAnswers(marker: string, ms: number) {
      state.lost = { marker, ms };
    },
    stop: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Runs `action` while the answer to every ticket transaction that mentions `marker` is lost on its way back:
 * DynamoDB commits it, and the desk sees a reset connection (after the SDK's own retries, which sit after this
 * step) — a failure that says nothing about what was written.
 */
export async function withLostAnswer<T>(marker: string, action: () => Promise<T>): Promise<T> {
  const name = `lostAnswer-${marker}`;
  dynamo().middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName === "TransactWriteItemsCommand" && JSON.stringify(args.input).includes(marker))
        throw Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
      return result;
    },
    { step: "initialize", name, override: true },
  );
  try {
    return await action();
  } finally {
    dynamo().middlewareStack.remove(name);
  }
}

/** Keys of the files stored for timeline entries in the desk's bucket. */
export async function storedAttachments(): Promise<string[]> {
  const s3 = new S3Client({ forcePathStyle: true });
  const { Contents = [] } = await s3.send(
    new ListObjectsV2Command({ Bucket: config().mailBucket, Prefix: "attachments/" }),
  );
  return Contents.map((o) => o.Key!);
}

/** The bytes the desk counts as stored in its bucket (the cost report's figure). */
export const storedBytes = async () => (await readCounts(["storage:bytes"]))["storage:bytes"] ?? 0;
