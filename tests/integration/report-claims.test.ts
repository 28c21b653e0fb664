import { beforeAll, describe, expect, it } from "vitest";
import { newId } from "../../core/ids.ts";
import { applyEvent, claimExpiresAt } from "../../core/report/stats.ts";
import { store } from "../../core/store/index.ts";
import { startTestDesk, submitTicket, type TestDesk } from "../support/desk.ts";

let desk: TestDesk;
beforeAll(async () => {
  desk = await startTestDesk();
});

const DAY = 86_400;

describe("report claims", () => {
  it("last 30 days from when they are written, even for an event that happened long before", () => {
    const now = Date.parse("2026-03-01T00:00:00.000Z");
    expect(claimExpiresAt("2026-01-01T00:00:00.000Z", now)).toBe(now / 1000 + 30 * DAY);
    expect(claimExpiresAt("2026-02-28T00:00:00.000Z", now)).toBe(now / 1000 + 30 * DAY);
    // An event dated after the worker's clock (a skew) keeps its claim 30 days past its own time.
    expect(claimExpiresAt("2026-03-02T00:00:00.000Z", now)).toBe(now / 1000 + 31 * DAY);
  });

  it("of an event the outbox publishes 40 days late are not expired when written, and count it once", async () => {
    const { id: ticketId } = await submitTicket(desk.app);
    await desk.drain();
    const occurredAt = new Date(Date.now() - 40 * DAY * 1000).toISOString();
    const event = {
      type: "ticket.facts" as const,
      id: newId(),
      occurredAt,
      ticketId,
      facts: [{ metric: "created" as const }],
    };
    const before = Math.floor(Date.now() / 1000);
    expect(await applyEvent(event)).toBe("counted");
    const { data: claim } = await store()
      .entities.idempotency.get({ scope: "report", idemKey: event.id })
      .go();
    expect(claim?.expiresAt).toBeGreaterThanOrEqual(before + 30 * DAY);
    expect(claim?.expiresAt).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 30 * DAY);
    expect(await applyEvent(event)).toBe("duplicate");
  });
});
