import { spawn } from "node:child_process";
import { createServer, type Socket } from "node:net";
import { afterAll, expect, it } from "vitest";
import { store } from "../../core/store/index.ts";
import { getTicketWithTimeline } from "../../core/ticket/read.ts";
import { sentMail } from "../support/desk.ts";
import { eventually, startFaultDesk } from "./stack.ts";

let desk: Awaited<ReturnType<typeof startFaultDesk>> | undefined;
const sockets = new Set<Socket>();
/** An "SES" that accepts connections and never answers: a send in flight when the process dies. */
const blackHole = createServer((socket) => {
  sockets.add(socket);
  socket.on("error", () => {});
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  blackHole.close();
  await desk?.stop();
});

const claimState = async (id: string) =>
  (await store().entities.idempotency.get({ scope: "ack", idemKey: id }).go({ consistent: true })).data
    ?.state;

it("a worker killed (SIGKILL) between claiming and sending: no acknowledgement lost once the lease expires", async () => {
  const leaseSeconds = 4;
  desk = await startFaultDesk({ retryMaxSeconds: 2, leaseSeconds });
  const tickets: { id: string; entryId: string; email: string }[] = [];
  for (let i = 0; i < 8; i++) {
    const { status, id, email } = await desk.submit();
    expect(status).toBe(201);
    const { entries } = await getTicketWithTimeline(id!);
    tickets.push({ id: id!, entryId: entries[0]!.entryId, email });
  }

  // The crashing worker: the desk's own code in another process, whose SES never answers.
  await new Promise<void>((resolve) => blackHole.listen(0, "127.0.0.1", resolve));
  const port = (blackHole.address() as { port: number }).port;
  const child = spawn(
    process.execPath,
    [new URL("./crash-worker.ts", import.meta.url).pathname, JSON.stringify(tickets)],
    {
      env: { ...process.env, AWS_ENDPOINT_URL_SES: `http://127.0.0.1:${port}` },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  try {
    await eventually(
      async () => (await Promise.all(tickets.map((t) => claimState(t.id)))).every((s) => s === "leased"),
      `every acknowledgement claimed by the worker that will crash (${stderr})`,
      30_000,
      200,
    );
    await eventually(async () => sockets.size > 0, "its sends in flight", 10_000, 100);
  } finally {
    child.kill("SIGKILL");
  }
  await exited;
  expect(await sentMail(desk.emulators.endpoints.mail)).toHaveLength(0);

  // The real workers now get the ticket.created events: the leases hold them back, then expire, and the
  // acknowledgements go out, each once.
  desk.startWorkers();
  await eventually(
    async () => (await Promise.all(tickets.map((t) => claimState(t.id)))).every((s) => s === "sent"),
    "every acknowledgement sent after the lease",
    60_000,
  );
  const mails = await sentMail(desk.emulators.endpoints.mail);
  for (const { id, email } of tickets) {
    expect(mails.filter((m) => m.destination.to.some((to) => to.includes(email)))).toHaveLength(1);
    const { entries } = await getTicketWithTimeline(id);
    const ack = entries.find((e) => e.kind === "auto_mail");
    expect(ack?.delivery?.status).toBe("sent");
    expect(ack?.body).toContain("was never confirmed"); // what is known: an earlier attempt may have gone out
  }
});
