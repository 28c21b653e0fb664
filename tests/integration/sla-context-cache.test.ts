import { beforeAll, describe, expect, it } from "vitest";
import { forgetSlaContext, saveHousekeeping, slaContext } from "../../core/sla/policy.ts";
import { dynamo } from "../../core/store/client.ts";
import { startTestDesk } from "../support/desk.ts";

/**
 * The SLA settings' per-process cache (core/sla/policy.ts): a read in flight is shared, but not one begun more
 * than the cache's minute ago (a prefetch frozen with its Lambda container), and a read begun before a settings
 * save answers its caller without being cached.
 */
let batchReads = 0;
beforeAll(async () => {
  await startTestDesk();
  dynamo().middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === "BatchGetItemCommand") batchReads++;
      return next(args);
    },
    { step: "build", name: "slaReadCounter" },
  );
});

describe("the SLA settings' cache", () => {
  it("shares a read in flight, but not one begun over a minute before", async () => {
    forgetSlaContext();
    const t = Date.now();
    batchReads = 0;
    await Promise.all([slaContext(t), slaContext(t + 1_000)]);
    expect(batchReads).toBe(1);

    forgetSlaContext();
    batchReads = 0;
    await Promise.all([slaContext(t), slaContext(t + 61_000)]);
    expect(batchReads).toBe(2);
  });

  it("does not cache a read begun before a save: the next change reads the saved settings", async () => {
    forgetSlaContext();
    const t = Date.now();
    const before = slaContext(t);
    forgetSlaContext(); // what every save does, here while the read is surely still in flight
    await before;
    batchReads = 0;
    await slaContext(t + 1_000);
    expect(batchReads).toBe(1);

    await saveHousekeeping({ csatDelayMinutes: 17 });
    expect((await slaContext(t + 2_000)).housekeeping.csatDelayMinutes).toBe(17);
  });
});
