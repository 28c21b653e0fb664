import { afterEach, beforeAll, expect, it, vi } from "vitest";
import { z } from "zod";
import { writeSetting } from "../../core/desk/settings.ts";
import { OUTBOX_PENDING, outboxRecord } from "../../core/events/publish.ts";
import { newId, shardOf } from "../../core/ids.ts";
import { alertAloneOrDigest, DIGEST_PENDING } from "../../core/sla/digest.ts";
import { forgetSlaContext } from "../../core/sla/policy.ts";
import { SweepSettings } from "../../core/sla/sweep-settings.ts";
import { store } from "../../core/store/index.ts";
import { SHARDS } from "../../core/store/table.ts";
import { seedDefaults } from "../../core/triage/defaults.ts";
import { runSweep } from "../../functions/cron/sweep.ts";
import { signedInAgent, startTestDesk, type TestDesk } from "../support/desk.ts";
import { mailsTo } from "../support/mail.ts";

/**
 * The sweep's markers and its tolerance of bad stored data, run whole (runSweep) against the emulators: a marker
 * is cleared only once its work is done and only if nobody set it again; one bad item never stops the other duties.
 */
let desk: TestDesk;
let admin: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  await seedDefaults();
  admin = await signedInAgent(desk.app, { role: "admin" });
});
afterEach(() => vi.restoreAllMocks());

const later = (minutes: number) => new Date(Date.now() + minutes * 60_000);
const setting = async (name: string) =>
  (await store().entities.setting.get({ name }).go({ consistent: true })).data;
const digestsToAdmin = async () =>
  (await mailsTo(desk, admin.email)).filter((m) => /tickets need someone/.test(m.subject));
/** One alert kept for the admin's digest (the hour's alerts alone are used up first), which sets the marker. */
async function digestAlert(n: number) {
  const agentId = admin.agent.agentId;
  for (let i = 0; ; i++) {
    const eventId = newId();
    const alone = await alertAloneOrDigest(agentId, {
      eventId,
      ticketId: `t-${n}-${i}`,
      number: 100 * n + i,
      subject: `Fault ${n}`,
    });
    if (!alone) return;
  }
}
/** An outbox item as a change stores it, old enough for the sweep to re-publish. */
async function storedEvent(at: Date, shard?: number) {
  for (;;) {
    const id = newId(at);
    if (shard !== undefined && shardOf(id) !== shard) continue;
    const record = outboxRecord({
      type: "ticket.customer_reminder",
      id,
      occurredAt: at.toISOString(),
      ticketId: "no-such-ticket",
    });
    await store().entities.outbox.create(record).go();
    return record;
  }
}
const outboxIds = async () =>
  (
    await Promise.all(
      [...Array(SHARDS).keys()].map((shard) => store().entities.outbox.query.byShard({ shard }).go()),
    )
  ).flatMap((page) => page.data.map((item) => item.eventId));

it("sends the waiting digest and then clears its marker; a marker set again during the run stays", async () => {
  await digestAlert(1);
  expect(await setting(DIGEST_PENDING)).not.toBeNull();
  // Past any writer's time from marker to item: the run clears what it read.
  const first = await runSweep(later(20));
  expect(first.digests).toBe(1);
  expect(await digestsToAdmin()).toHaveLength(1);
  expect(await setting(DIGEST_PENDING)).toBeNull();

  // Another alert is digested; then, after the next run read its settings, yet another writer sets the marker.
  await digestAlert(2);
  const read = SweepSettings.read;
  let rewritten: string | undefined;
  vi.spyOn(SweepSettings, "read").mockImplementationOnce(async () => {
    const snapshot = await read.call(SweepSettings);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await writeSetting(DIGEST_PENDING, z.object({}), {});
    rewritten = (await setting(DIGEST_PENDING))?.updatedAt;
    return snapshot;
  });
  const second = await runSweep(later(40));
  expect(second.digests).toBe(1);
  expect(await digestsToAdmin()).toHaveLength(2);
  expect((await setting(DIGEST_PENDING))?.updatedAt).toBe(rewritten);

  // The next run (with nothing left) clears it.
  await runSweep(later(60));
  expect(await setting(DIGEST_PENDING)).toBeNull();
});

it("re-publishes the rest of the outbox past an unreadable item, dead-letters that one, and clears the marker", async () => {
  const at = new Date(Date.now() - 120_000);
  const good = await storedEvent(at);
  const bad = await storedEvent(at);
  await store()
    .entities.outbox.put({ ...bad, event: "{not json" })
    .go();
  await writeSetting(OUTBOX_PENDING, z.object({}), {});
  const errors = vi.spyOn(console, "error");

  const swept = await runSweep(later(2));

  expect(swept.republished).toBe(1);
  expect(swept.failed).toBe(0);
  // Moved to DeadLetters for an admin to see (tests/integration/outbox-dead-letters.test.ts), and said so.
  const lines = errors.mock.calls.map((args) => String(args[0]));
  expect(
    lines.some((line) => line.includes("unreadable outbox item dead-lettered") && line.includes(bad.eventId)),
  ).toBe(true);
  const left = await outboxIds();
  expect(left).not.toContain(bad.eventId);
  expect(left).not.toContain(good.eventId);
  expect(await setting(OUTBOX_PENDING)).toBeNull();
});

it("still re-publishes, mails digests and answers when a stored SLA setting fails today's schema", async () => {
  const policies = await setting("sla-policies");
  await store()
    .entities.setting.put({
      name: "sla-policies",
      value: { normal: { firstResponseMinutes: "soon" } },
      updatedAt: new Date().toISOString(),
    })
    .go();
  forgetSlaContext();
  try {
    const good = await storedEvent(new Date(Date.now() - 120_000));
    await writeSetting(OUTBOX_PENDING, z.object({}), {});
    await digestAlert(3);
    const errors = vi.spyOn(console, "error");

    const swept = await runSweep(later(80));

    expect(swept.republished).toBe(1);
    expect(await outboxIds()).not.toContain(good.eventId);
    expect(swept.digests).toBe(1);
    const lines = errors.mock.calls.map((args) => String(args[0]));
    expect(lines.filter((line) => line.includes("SLA settings unreadable"))).toHaveLength(1);
  } finally {
    if (policies) await store().entities.setting.put(policies).go();
    else await store().entities.setting.delete({ name: "sla-policies" }).go();
    forgetSlaContext();
  }
});
