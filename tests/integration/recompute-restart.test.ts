import { beforeAll, expect, it } from "vitest";
import { z as zod } from "zod";
import { writeSetting } from "../../core/desk/settings.ts";
import { defaultBusinessHours } from "../../core/sla/calendar.ts";
import { saveBusinessHours, slaContextFrom } from "../../core/sla/policy.ts";
import { recomputeStep, requestRecompute, saveJobPosition } from "../../core/sla/recompute.ts";
import { SweepSettings } from "../../core/sla/sweep-settings.ts";
import { store } from "../../core/store/index.ts";
import { SHARDS } from "../../core/store/table.ts";
import { seedDefaults } from "../../core/triage/defaults.ts";
import { startTestDesk, submitTicket, type TestDesk } from "../support/desk.ts";

/**
 * The sweep reads every setting once at the start of its run and recomputes deadlines tens of seconds later: an
 * admin who changes the calendar and restarts the recomputation in between must not be undone by that step.
 */
let desk: TestDesk;
/** The job's shape (its schema is private to recompute.ts). */
const z = () => zod.object({ pending: zod.boolean(), shard: zod.number(), cursor: zod.string().nullable() });
const job = async () =>
  (await store().entities.setting.get({ name: "sla-recompute" }).go({ consistent: true })).data;

beforeAll(async () => {
  desk = await startTestDesk();
  await seedDefaults();
  for (let n = 0; n < 3; n++) await submitTicket(desk.app, { subject: `Open ticket ${n}` });
});

it("starts over from the admin's restart, with the calendar as stored now, not as the run's snapshot had it", async () => {
  const now = new Date();
  // A job in its last shard when the sweep read its settings (and built its SLA context from them).
  await writeSetting("sla-recompute", z(), { pending: true, shard: SHARDS - 1, cursor: null });
  const snapshot = await SweepSettings.read();
  // Meanwhile the admin opens the desk around the clock (in the API function) and the job restarts at shard 0.
  await saveBusinessHours({ ...defaultBusinessHours("UTC"), alwaysOpen: true });
  await requestRecompute();
  slaContextFrom(snapshot, now.getTime()); // the sweep process still holds the snapshot's context

  expect(await recomputeStep(now, 200, snapshot)).toBe(3);
  expect((await job())?.value).toEqual({ pending: false, shard: SHARDS, cursor: null });
  // Every deadline now follows the new calendar: nothing is left to rewrite.
  await requestRecompute();
  expect(await recomputeStep(now, 200, await SweepSettings.read())).toBe(0);
});

it("does not write its position over a restart that came after it read the job", async () => {
  await writeSetting("sla-recompute", z(), { pending: true, shard: 2, cursor: null });
  const read = (await job())!.updatedAt;
  await new Promise((resolve) => setTimeout(resolve, 5));
  await requestRecompute();

  expect(await saveJobPosition(read, { pending: false, shard: SHARDS, cursor: null })).toBe(false);
  expect((await job())?.value).toEqual({ pending: true, shard: 0, cursor: null });
  // Unchanged since read: saved.
  expect(await saveJobPosition((await job())!.updatedAt, { pending: true, shard: 1, cursor: null })).toBe(
    true,
  );
  expect((await job())?.value).toEqual({ pending: true, shard: 1, cursor: null });
});
