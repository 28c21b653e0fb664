import { performance } from "node:perf_hooks";
import { DateTime } from "luxon";
import { batchWrite, counterItem } from "../../core/report/counters.ts";
import { store } from "../../core/store/index.ts";
import { takeMetered } from "../../core/store/meter.ts";
import type { DeskApp as App } from "../../functions/api/app.ts";
import { CATEGORIES, dayOf, generator, packedDay, TEAMS } from "./spread.ts";

/**
 * Two years of daily counters, as a busy desk would have them (tests/bench/spread.ts: 15–30 active priority ×
 * channel × tier cells a day, 3–12 metrics each, 20 agents, 5 teams, 8 categories), in the packed layout
 * (core/report/counters.ts), as the Reports worker sums them.
 */
export async function seedCounters(to = DateTime.now()) {
  const random = generator(7);
  const items = [];
  for (let d = to.minus({ days: 730 }); d <= to; d = d.plus({ days: 1 }))
    for (const { target, metrics } of packedDay(dayOf(random)))
      items.push(counterItem(d.toISODate()!, target, metrics));
  await batchWrite(items.map((Item) => ({ PutRequest: { Item } })));
  // Two customer comments a day (the comments report reads at most 1,000, newest first).
  const comments = [];
  for (let d = to.minus({ days: 730 }); d <= to; d = d.plus({ days: 1 }))
    for (const n of [1, 2]) {
      const day = d.toISODate()!;
      comments.push({
        month: day.slice(0, 7),
        day,
        ticketId: `BENCH${day}${n}`,
        number: n,
        rating: n === 1 ? ("good" as const) : ("bad" as const),
        comment: "Quick answer, but the fix did not last the week — thanks for following up anyway.",
        ratedAt: `${day}T12:00:00.000Z`,
        agent: "unassigned",
        team: TEAMS[n]!,
        category: CATEGORIES[n]!,
        priority: "normal",
        channel: "web",
        tier: "L1",
      });
    }
  await store().entities.feedback.put(comments).go({ concurrency: 8 });
  return items.length;
}

/** A report read through the API for a range ending today: latency (median of 5) and what DynamoDB billed. */
export async function measureReport(app: App, cookie: string, name: string, days: number, groupBy: string) {
  const to = DateTime.now().toISODate()!;
  const from = DateTime.now()
    .minus({ days: days - 1 })
    .toISODate()!;
  const times: number[] = [];
  let units = 0;
  let requests = 0;
  let rows = 0;
  for (let i = 0; i < 5; i++) {
    takeMetered();
    const started = performance.now();
    const response = await app.request(`/api/reports/${name}?from=${from}&to=${to}&groupBy=${groupBy}`, {
      headers: { cookie },
    });
    const body = (await response.json()) as { rows: unknown[] };
    times.push(performance.now() - started);
    const calls = takeMetered();
    units = calls.reduce((s, c) => s + c.readUnits, 0);
    requests = calls.length;
    rows = body.rows.length;
  }
  times.sort((a, b) => a - b);
  return { name, days, groupBy, rows, requests, readUnits: +units.toFixed(1), ms: +times[2]!.toFixed(1) };
}
