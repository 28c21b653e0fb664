import { createServer } from "node:net";

/** A port that was free a moment ago on 127.0.0.1 (for children that cannot bind port 0 themselves). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });
}

/**
 * Resolves once `check` succeeds, retrying every 100 ms for up to `timeoutMs`; a check still waiting for an
 * answer at the deadline (a process that took the connection and froze) fails too.
 */
export async function waitFor(
  check: () => Promise<unknown>,
  what: string,
  timeoutMs = 30_000,
  /** Aborted (with its reason) when waiting longer is pointless: the process to wait for exited. */
  abandon?: AbortSignal,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    abandon?.throwIfAborted();
    let timer: NodeJS.Timeout | undefined;
    try {
      const attempt = check();
      attempt.catch(() => {});
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error("no answer")), Math.max(0, deadline - Date.now()));
      });
      await Promise.race([attempt, late]);
      return;
    } catch (error) {
      if (Date.now() >= deadline) throw new Error(`${what} did not start in ${timeoutMs} ms: ${error}`);
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      clearTimeout(timer);
    }
  }
}
