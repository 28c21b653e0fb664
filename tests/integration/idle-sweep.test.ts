import { DateTime } from "luxon";
import { beforeAll, describe, expect, it } from "vitest";
import { OUTBOX_PENDING, outboxRecord, resetEventsClient } from "../../core/events/publish.ts";
import { newId } from "../../core/ids.ts";
import { store } from "../../core/store/index.ts";
import { startMetering, takeMetered } from "../../core/store/meter.ts";
import { seedDefaults } from "../../core/triage/defaults.ts";
import { runSweep } from "../../functions/cron/sweep.ts";
import { signedInAgent, startTestDesk, submitTicket, type TestDesk } from "../support/desk.ts";

/**
 * The sweep runs 43,200 times a month whether or not anything happens: what a run with nothing to do costs is
 * the desk's idle bill (tests/bench/idle-cost.ts prices it). These checks keep that count from growing back,
 * and check that the cheap path still finds the work it skips reading for.
 */
let desk: TestDesk;
// A Wednesday noon on a simulated clock (no weekly summary due), on the quarter-hour.
const wednesday = DateTime.utc().startOf("week").plus({ weeks: 1, days: 2, hours: 12 });
const minute = (n: number) => wednesday.plus({ minutes: n }).toJSDate();

beforeAll(async () => {
  desk = await startTestDesk();
  await seedDefaults();
  await signedInAgent(desk.app, { role: "admin" });
  // A new desk's upgrade step scans for its first 15 minutes, once: past it, as on any deployed desk.
  for (let n = -30; n < -10; n++) await runSweep(minute(n));
  startMetering();
});

describe("the sweep of a desk that receives nothing", () => {
  it("makes at most 5 DynamoDB requests a run, 6 on the quarter-hour (the digests' unmarked check)", async () => {
    const counts: number[] = [];
    for (let n = 0; n < 16; n++) {
      takeMetered();
      await runSweep(minute(n));
      counts.push(takeMetered().length);
    }
    // Settings, one outbox shard, the due index probe, the agent directory, the model's state.
    expect(counts.filter((_, n) => n % 15 !== 0).every((count) => count <= 5)).toBe(true);
    expect(Math.max(counts[0]!, counts[15]!)).toBeLessThanOrEqual(6);
    expect(counts.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(5 * 14 + 6 * 2);
  });

  it("re-publishes an event whose publish failed at the next run, every shard, and then clears the marker", async () => {
    process.env.AWS_ENDPOINT_URL_SNS_SAVED = process.env.AWS_ENDPOINT_URL_SNS;
    process.env.AWS_ENDPOINT_URL_SNS = "http://127.0.0.1:9"; // nothing listens there: the publish fails
    resetEventsClient();
    try {
      await submitTicket(desk.app, { subject: "Sent during an SNS outage" });
    } finally {
      process.env.AWS_ENDPOINT_URL_SNS = process.env.AWS_ENDPOINT_URL_SNS_SAVED;
      resetEventsClient();
    }
    const marker = async () => (await store().entities.setting.get({ name: OUTBOX_PENDING }).go()).data;
    expect(await marker()).not.toBeNull();

    const swept = await runSweep(new Date(Date.now() + 60_000));

    expect(swept.republished).toBeGreaterThanOrEqual(1);
    expect(await marker()).toBeNull();
  });

  it("finds an event left without a marker (a function that died after its commit) within 4 runs", async () => {
    const now = new Date(Date.now() + 120_000);
    const event = {
      type: "ticket.customer_reminder" as const,
      id: newId(new Date(now.getTime() - 60_000)),
      occurredAt: new Date(now.getTime() - 60_000).toISOString(),
      ticketId: "no-such-ticket",
    };
    const record = outboxRecord(event);
    await store().entities.outbox.create(record).go();

    let published = 0;
    for (let n = 0; n < 4; n++)
      published += (await runSweep(new Date(now.getTime() + n * 60_000))).republished ?? 0;

    expect(published).toBe(1);
    const left = await store().entities.outbox.query.byShard({ shard: record.shard }).go();
    expect(left.data.map((item) => item.eventId)).not.toContain(event.id);
  });
});
