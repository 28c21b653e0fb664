import { expect } from "vitest";
import { monthItems } from "../../core/report/counters.ts";
import { drainQueues, type LocalQueue } from "../../infra/local/queues.ts";
import type { TestDesk } from "./desk.ts";

/** Every ticket report counter item of a month (yyyy-MM), keyed by its sort key, metrics only. */
export async function reportCounterItems(month: string) {
  const items = await monthItems(month);
  return Object.fromEntries(
    items
      .filter((item) => !String(item.sk).startsWith("kb#"))
      .map((item) => {
        const { pk: _pk, sk, ...rest } = item as Record<string, unknown>;
        return [sk as string, rest];
      })
      .sort(([a], [b]) => String(a).localeCompare(String(b))),
  );
}

/** Runs the Reports worker alone on what is queued: it counts under the ticket as the last change left it. */
export async function drainReports(desk: TestDesk) {
  const reports = (desk.queues as LocalQueue[]).filter((queue) => queue.name === "Reports");
  expect(reports).toHaveLength(1);
  await drainQueues(reports);
}
