import { afterEach, describe, expect, it, vi } from "vitest";
import { recordAfterSend } from "../../core/after-send.ts";

afterEach(() => {
  delete process.env.DESK_AFTER_SEND_BUDGET_MS;
  vi.restoreAllMocks();
});

describe("recordAfterSend", () => {
  it("keeps trying through a short outage", async () => {
    let calls = 0;
    const write = async () => {
      if (++calls < 4) throw new Error("ECONNREFUSED");
    };
    expect(await recordAfterSend("timeline entry", write)).toBe(true);
    expect(calls).toBe(4);
  });

  it("gives up within its budget and logs instead of throwing (throwing would send the mail again)", async () => {
    process.env.DESK_AFTER_SEND_BUDGET_MS = "500";
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const started = Date.now();
    expect(
      await recordAfterSend("timeline entry", async () => {
        throw new Error("ECONNREFUSED");
      }),
    ).toBe(false);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(logged.mock.calls[0]?.[0]).toContain("mail sent, timeline entry not recorded");
  });
});
