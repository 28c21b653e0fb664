/**
 * Queue counters ride on each change's `ticket.facts` event and are added by the Reports worker under the event's
 * claim (core/report/stats.ts). Many events move the same busy counter at once: DynamoDB cancels one of two
 * simultaneous transactions on an item, and the worker must retry that itself rather than lose or delay the move.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { newId } from "../../core/ids.ts";
import { applyEvent } from "../../core/report/stats.ts";
import { deskChangeMarker } from "../../core/ticket/changes.ts";
import { readCounts } from "../../core/ticket/counts.ts";
import { call, startTestDesk, type TestDesk } from "../support/desk.ts";

let desk: TestDesk;
beforeAll(async () => {
  desk = await startTestDesk();
});

describe("queue counters from facts events", () => {
  it("counts 12 simultaneous events on one counter exactly once each, and moves the desk's change marker", async () => {
    const created = await call(desk.app, "POST", "/api/tickets", {
      body: { name: "Ann", email: "ann@example.com", subject: "Counters", message: "Hello" },
    });
    expect(created.status, created.text).toBe(201);
    const ticketId = created.json.id as string;
    const name = `status:probe-${Date.now()}`;
    const markerBefore = await deskChangeMarker();
    const events = Array.from({ length: 12 }, () => ({
      type: "ticket.facts" as const,
      id: newId(),
      occurredAt: new Date().toISOString(),
      ticketId,
      facts: [],
      counts: [{ name, delta: 1 }],
    }));
    const outcomes = await Promise.all(events.map((event) => applyEvent(event)));
    expect(outcomes).toEqual(events.map(() => "counted"));
    expect((await readCounts([name]))[name]).toBe(12);
    // A redelivery moves nothing twice.
    expect(await applyEvent(events[0]!)).toBe("duplicate");
    expect((await readCounts([name]))[name]).toBe(12);
    expect(await deskChangeMarker()).toBeGreaterThanOrEqual(markerBefore + 12);
  });
});
