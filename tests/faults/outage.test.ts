import { afterAll, expect, it } from "vitest";
import { deadLetterCounts, redriveDeadLetters } from "../../core/ops/dead-letters.ts";
import { resetHealth } from "../../core/ops/health.ts";
import { store } from "../../core/store/index.ts";
import { getTicketWithTimeline } from "../../core/ticket/read.ts";
import { seedDefaults } from "../../core/triage/defaults.ts";
import { call, sentMail } from "../support/desk.ts";
import { eventually, startFaultDesk } from "./stack.ts";

let desk: Awaited<ReturnType<typeof startFaultDesk>> | undefined;
afterAll(() => desk?.stop());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What is still missing for a ticket: its acknowledgement on the timeline, its triage. */
async function missing(id: string) {
  const { entries } = await getTicketWithTimeline(id);
  const acknowledged = entries.some((e) => e.kind === "auto_mail" && e.delivery?.status === "sent");
  const { data: triaged } = await store().entities.idempotency.get({ scope: "triage", idemKey: id }).go();
  return [...(acknowledged ? [] : [`${id}: acknowledgement`]), ...(triaged ? [] : [`${id}: triage`])];
}

it("DynamoDB Local killed under load: every ticket answered 201 is acknowledged and triaged after recovery and redrive", async () => {
  // Restarted 6 s after the kill (plus Java's start): an outage of several seconds, which Lambda's three
  // attempts (1 s and 2 s apart) and then the sweep's retry rounds (every 5 s run, 1, 2, 4, 4… s apart over 7
  // rounds, ~45 s) must ride out.
  desk = await startFaultDesk({ supervision: { restartDelayMs: 6000 }, retryMaxSeconds: 4, leaseSeconds: 5 });
  await seedDefaults();
  desk.startWorkers();
  const { app, emulators } = desk;

  // 100 tickets, one every 150 ms (15 s), the database killed after the 20th (many still in flight), back
  // within about 10 s; health asked every third one meanwhile.
  const submissions: ReturnType<typeof desk.submit>[] = [];
  const health: { status: number; down: string[] }[] = [];
  for (let i = 0; i < 100; i++) {
    if (i === 20) process.kill(emulators.dynamo.pid()!, "SIGKILL");
    submissions.push(desk.submit());
    if (i > 20 && i % 3 === 0) {
      const response = await call(app, "GET", "/api/health");
      health.push({ status: response.status, down: response.json?.down ?? [] });
    }
    await sleep(150);
  }
  const results = await Promise.all(submissions);
  const accepted = results.filter((r) => r.status === 201);
  expect(accepted.length).toBeGreaterThanOrEqual(10);
  expect(results.some((r) => r.status !== 201)).toBe(true); // the outage was real
  expect(health).toContainEqual({ status: 503, down: ["dynamodb"] });
  console.info(`${accepted.length} of ${results.length} tickets accepted around the outage`);

  await eventually(async () => emulators.dynamo.restarts() === 1, "DynamoDB Local to come back", 60_000);
  resetHealth();
  await eventually(async () => (await call(app, "GET", "/api/health")).status === 200, "health 200", 15_000);

  // Recovery: the retries do it; anything that still ran out of rounds is redriven.
  let left: string[] = [];
  await eventually(
    async () => {
      if ((await deadLetterCounts()).some((q) => q.count > 0)) await redriveDeadLetters();
      left = (await Promise.all(accepted.map(({ id }) => missing(id!)))).flat();
      return left.length === 0;
    },
    "every accepted ticket acknowledged and triaged",
    150_000,
    2000,
  ).catch((error) => {
    throw new Error(`${error.message}; still missing: ${left.join(", ")}`);
  });
  expect((await deadLetterCounts()).every((q) => q.count === 0)).toBe(true);

  // At least once, and no flood: one acknowledgement per customer (two at most after a crash mid-send).
  const mails = await sentMail(emulators.endpoints.mail);
  for (const { email } of accepted) {
    const acks = mails.filter((m) => m.destination.to.some((to) => to.includes(email)));
    expect(acks.length, email).toBeGreaterThanOrEqual(1);
    expect(acks.length, email).toBeLessThanOrEqual(2);
  }
});
