import { beforeAll, describe, expect, it } from "vitest";
import { monthItems } from "../../core/report/counters.ts";
import { applyEvent } from "../../core/report/stats.ts";
import { store } from "../../core/store/index.ts";
import { readCounts } from "../../core/ticket/counts.ts";
import { dayIn, noonZone } from "../support/clock.ts";
import {
  call,
  patchTicket,
  signedInAgent,
  startTestDesk,
  submitTicket,
  type TestDesk,
} from "../support/desk.ts";

/** About noon in the desk's zone, so no desk midnight falls while the file runs. */
const ZONE = noonZone();
const today = () => dayIn(ZONE);

let desk: TestDesk;
let admin: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  admin = await signedInAgent(desk.app, { role: "admin" });
  await call(desk.app, "PUT", "/api/admin/business-hours", {
    as: admin.session,
    body: { timezone: ZONE, alwaysOpen: true },
  });
});

const report = async (name: string, groupBy = "all") =>
  (
    await call(desk.app, "GET", `/api/reports/${name}?from=${today()}&to=${today()}&groupBy=${groupBy}`, {
      as: admin.session,
    })
  ).json.rows as Record<string, number | string | null>[];

/**
 * Counters as the previous version wrote them (entity `stat`, one item per metric per key of every dimension):
 * `n` tickets created today on the web at normal priority, L1, unassigned in team `none`, each first answered
 * within 15 business minutes (bucket 1), and the knowledge base's counters of the day.
 */
async function firstLayout(n: number) {
  const day = today();
  const keys = {
    all: "all",
    agent: "unassigned",
    team: "none",
    category: "none",
    priority: "normal",
    channel: "web",
    tier: "L1",
  };
  const items = Object.entries(keys).flatMap(([dim, key]) =>
    ["created", "first_response", "first_response_b1"].map((metric) => ({
      month: day.slice(0, 7),
      day,
      dim,
      key,
      metric,
      count: n,
    })),
  );
  items.push({ month: day.slice(0, 7), day, dim: "kb", key: "all", metric: "deflections", count: 4 });
  await store().entities.stat.put(items).go();
}

describe("report counters written before the packed layout", () => {
  it("count with the new ones in every report, and the rebuild replaces them with the packed layout", async () => {
    await firstLayout(2);
    // A ticket the new version counts: created on the web, answered, solved.
    const { id } = await submitTicket(desk.app);
    await call(desk.app, "POST", `/api/tickets/${id}/replies`, {
      as: admin.session,
      body: { body: "Done." },
    });
    await patchTicket(desk.app, admin.session, id, { status: "solved" });
    await desk.drain();

    const volume = await report("volume");
    expect(volume).toHaveLength(1);
    expect(volume[0]).toMatchObject({ key: "all", created: 3, solved: 1 });
    // Both layouts, for a dimension now kept in cells and for one still kept per key.
    expect((await report("volume", "channel")).find((r) => r.key === "web")).toMatchObject({ created: 3 });
    expect((await report("volume", "priority")).find((r) => r.key === "normal")).toMatchObject({
      created: 3,
    });
    expect((await report("volume", "team")).find((r) => r.key === "none")).toMatchObject({ created: 3 });
    const times = (await report("response-times")).find((r) => r.date === today())!;
    expect(times.firstResponses).toBe(3);
    const kb = (await report("deflection")).find((r) => r.date === today())!;
    expect(kb).toMatchObject({ deflections: 4, ticketsCreated: 3 });

    // An event the previous version had already counted (its claim is the same) is not counted again.
    const event = {
      type: "ticket.facts" as const,
      id: "01UPGRADECLAIMEDBEFORE0000",
      occurredAt: new Date().toISOString(),
      ticketId: id,
      facts: [{ metric: "created" as const }],
    };
    await store()
      .entities.idempotency.create({
        scope: "report",
        idemKey: event.id,
        fingerprint: "",
        ticketId: id,
        number: 1,
        createdAt: event.occurredAt,
      })
      .go();
    expect(await applyEvent(event)).toBe("duplicate");
    expect((await report("volume"))[0]).toMatchObject({ created: 3 });

    // The rebuild counts the tickets themselves: the first layout's ticket counters go (no ticket backs them
    // here), the knowledge base's stay, and what it writes is packed.
    const { rebuildReports } = await import("../../core/report/rebuild.ts");
    await rebuildReports();
    const items = await monthItems(today().slice(0, 7));
    expect(items.filter((i) => "metric" in i).map((i) => i.dim)).toEqual(["kb"]);
    const packed = items.filter((i) => !("metric" in i)).map((i) => String(i.sk).split("#")[0]);
    expect([...new Set(packed)].sort()).toEqual(["agent", "category", "cell", "team"]);
    expect((await report("volume"))[0]).toMatchObject({ key: "all", created: 1, solved: 1 });
    expect((await report("deflection")).find((r) => r.date === today())).toMatchObject({ deflections: 4 });
  });
});

describe("queue counters written before the packing", () => {
  it("add to the packed counts, and the moves after the upgrade land in the packed items", async () => {
    await desk.drain();
    // A day's age counter (a fixed day: no ticket of this run is created on it) and the desk-wide ones.
    const names = ["open", "status:new", "sla:ok", "age:new:2020-01-01"];
    const before = await readCounts(names);
    // What the previous version kept one item each (`QCOUNT#<name>`), never written again after the upgrade.
    for (const name of names) await store().entities.queueCount.update({ name }).add({ count: 5 }).go();
    const plus = (n: number, age = 5) =>
      Object.fromEntries(names.map((name) => [name, before[name]! + (name.startsWith("age:") ? age : n)]));
    expect(await readCounts(names)).toEqual(plus(5));

    const { id } = await submitTicket(desk.app);
    await desk.drain();
    expect(await readCounts(names)).toEqual(plus(6));
    const backlog = (await report("backlog")).find((r) => r.date === "now" && r.key === "all")!;
    expect(backlog.openTotal).toBe(before.open! + 6);
    await patchTicket(desk.app, admin.session, id, { status: "solved" });
    await desk.drain();
    expect(await readCounts(names)).toEqual(plus(5));
    const kept = await store().entities.queueCount.get({ name: "open" }).go();
    expect(kept.data?.count).toBe(5);
  });
});
