import { beforeAll, describe, expect, it } from "vitest";
import { rate } from "../../core/csat/csat.ts";
import { rebuildReports } from "../../core/report/rebuild.ts";
import { forgetSlaContext } from "../../core/sla/policy.ts";
import { createVendor, handOff } from "../../core/sla/vendor.ts";
import { store } from "../../core/store/index.ts";
import { addReply } from "../../core/ticket/agent-messages.ts";
import { updateTicket } from "../../core/ticket/agent-update.ts";
import { loadTicketItem } from "../../core/ticket/commit.ts";
import { createTicket } from "../../core/ticket/create.ts";
import { getTicketWithTimeline } from "../../core/ticket/read.ts";
import { runSweep } from "../../functions/cron/sweep.ts";
import { call, signedInAgent, startTestDesk, type TestDesk } from "../support/desk.ts";
import { drainReports, reportCounterItems } from "../support/report-items.ts";

/**
 * The rebuild against the live counters for histories whose ticket, as it is today, no longer says what was
 * counted: a rating changed on a later day, a comment added to a rating on a later day, a ticket handed to a
 * second vendor that is late as well, a priority raised after the first response (today's deadline is not the one
 * it was judged on), a breach the sweep's entry says in words only (written before it coded its entries). Every write at an explicit instant of February 2026 (UTC, always open); the Reports worker
 * runs after each write, as it does live within seconds.
 */
const MONTH = "2026-02";
const at = (iso: string) => new Date(iso);

let desk: TestDesk;
let admin: Awaited<ReturnType<typeof signedInAgent>>;
let alice: Awaited<ReturnType<typeof signedInAgent>>;
let actor: { type: "agent"; agentId: string; name: string; email: string; role: "agent" | "admin" };

beforeAll(async () => {
  desk = await startTestDesk();
  admin = await signedInAgent(desk.app, { role: "admin" });
  alice = await signedInAgent(desk.app, { name: "Alice" });
  const { agentId, name, email, role } = alice.agent;
  actor = { type: "agent", agentId, name, email, role };
  const put = async (path: string, body: unknown) =>
    expect((await call(desk.app, "PUT", path, { as: admin.session, body })).status).toBe(200);
  await put("/api/admin/business-hours", { timezone: "UTC", alwaysOpen: true });
  await put("/api/admin/sla-policies/normal", { firstResponseMinutes: 60, resolutionMinutes: 480 });
  await put("/api/admin/sla-policies/urgent", { firstResponseMinutes: 15, resolutionMinutes: 480 });
  forgetSlaContext();
});

/** Only the Reports worker: triage would write at today's date, between February's writes. */
const counted = () => drainReports(desk);
let n = 0;
const open = async (when: string) => {
  n++;
  const customer = { type: "customer" as const, name: "Casey", email: `history${n}@example.com` };
  const input = {
    name: "Casey",
    email: customer.email,
    subject: `History ${n}`,
    message: "Something is broken.",
    locale: "en" as const,
    channel: "web" as const,
    priority: "normal" as const,
    assigneeId: actor.agentId,
  };
  const { ticket } = await createTicket(input, customer, { now: at(when) });
  await counted();
  return ticket.ticketId;
};
const reply = async (id: string, when: string, solve = false) => {
  await addReply(
    id,
    { body: "Try this.", ...(solve ? { status: "solved" as const } : {}) },
    actor,
    undefined,
    at(when),
  );
  await counted();
};
const patch = async (id: string, when: string, body: Parameters<typeof updateTicket>[1]) => {
  await updateTicket(id, body, actor, (await loadTicketItem(id)).version, at(when));
  await counted();
};
const sweep = async (when: string) => {
  await runSweep(at(when));
  await counted();
};

/** The desk's metrics of one day: the sum of that day's cells. */
const deskDay = (items: Record<string, Record<string, unknown>>, day: string) =>
  Object.entries(items)
    .filter(([sk]) => sk.startsWith(`cell#${day}#`))
    .reduce<Record<string, number>>((sum, [, metrics]) => {
      for (const [k, v] of Object.entries(metrics)) sum[k] = (sum[k] ?? 0) + Number(v);
      return sum;
    }, {});
const counterItems = () => reportCounterItems(MONTH);
/** The rebuild writes exactly the counter items the live events wrote (and the live ones are as `check` says). */
const rebuildMatches = async (check: (live: Record<string, Record<string, unknown>>) => void) => {
  const live = await counterItems();
  // What the live counters hold (so a test cannot pass on two equally wrong sides).
  check(live);
  await rebuildReports();
  expect(await counterItems()).toEqual(live);
};

describe("the rebuild, for histories the ticket no longer shows", () => {
  it("counts a rating changed later, and a comment added later, on the days the live events did", async () => {
    // Rated good on the 3rd, changed to bad on the 4th: good +1 on the 3rd; good −1 and bad +1 on the 4th.
    const changedRating = await open("2026-02-02T09:00:00Z");
    await reply(changedRating, "2026-02-02T09:30:00Z", true);
    await rate(changedRating, { rating: "good" }, at("2026-02-03T10:00:00Z"));
    await counted();
    await rate(changedRating, { rating: "bad" }, at("2026-02-04T10:00:00Z"));
    await counted();
    // Rated good on the 3rd, a comment added on the 5th: counted once, on the 3rd.
    const laterComment = await open("2026-02-02T10:00:00Z");
    await reply(laterComment, "2026-02-02T10:30:00Z", true);
    await rate(laterComment, { rating: "good" }, at("2026-02-03T11:00:00Z"));
    await counted();
    await rate(laterComment, { comment: "Quick and kind" }, at("2026-02-05T11:00:00Z"));
    await counted();
    await rebuildMatches((live) => {
      expect(deskDay(live, "2026-02-03")).toMatchObject({ csat_good: 2 });
      expect(deskDay(live, "2026-02-04")).toMatchObject({ csat_good: -1, csat_bad: 1 });
      expect(deskDay(live, "2026-02-05").csat_good).toBeUndefined();
    });
  });

  it("counts two vendors late on one ticket as two vendor breaches", async () => {
    await createVendor({
      id: "parts-one",
      name: "Parts One",
      email: "one@vendor.example",
      responseMinutes: 60,
    });
    await createVendor({
      id: "parts-two",
      name: "Parts Two",
      email: "two@vendor.example",
      responseMinutes: 60,
    });
    const vendored = await open("2026-02-16T09:00:00Z");
    await reply(vendored, "2026-02-16T09:10:00Z");
    const hand = async (vendorId: string, when: string) => {
      await handOff(vendored, { vendorId, message: "Please fix." }, actor, undefined, at(when));
      await counted();
    };
    await hand("parts-one", "2026-02-16T09:20:00Z");
    await sweep("2026-02-16T10:30:00Z");
    await hand("parts-two", "2026-02-17T09:00:00Z");
    await sweep("2026-02-17T10:10:00Z");
    await rebuildMatches((live) => {
      expect(deskDay(live, "2026-02-16")).toMatchObject({ breach_vendor: 1 });
      expect(deskDay(live, "2026-02-17")).toMatchObject({ breach_vendor: 1 });
    });
  });

  it("judges a first response on the deadline it had then, not on one a later priority change set", async () => {
    // Answered in 30 minutes on a 60-minute target (met); made urgent (15 minutes) an hour later.
    const raised = await open("2026-02-09T09:00:00Z");
    await reply(raised, "2026-02-09T09:30:00Z");
    await patch(raised, "2026-02-09T10:30:00Z", { priority: "urgent" });
    await rebuildMatches((live) => {
      expect(deskDay(live, "2026-02-09")).toMatchObject({ sla_first_response_met: 1 });
      expect(deskDay(live, "2026-02-09").sla_first_response_missed).toBeUndefined();
    });
  });

  it("reads the breaches of a timeline written before the sweep coded its entries (the upgrade's rebuild)", async () => {
    const late = await open("2026-02-23T09:00:00Z");
    await sweep("2026-02-23T10:30:00Z");
    await reply(late, "2026-02-23T11:00:00Z");
    // The sweep's entry as a desk deployed before 2026-12-06 wrote it: its English body, no `what`.
    const { entries } = await getTicketWithTimeline(late);
    const said = entries.filter((e) => e.authorType === "system" && e.body?.startsWith("SLA — "));
    expect(said.map((e) => e.body)).toEqual([expect.stringContaining("first response target breached")]);
    for (const { what: _what, ...before } of said) await store().entities.entry.put(before).go();
    await rebuildMatches((live) => {
      expect(deskDay(live, "2026-02-23")).toMatchObject({
        breach_firstResponse: 1,
        sla_first_response_missed: 1,
      });
    });
  });
});
