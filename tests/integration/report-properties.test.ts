/**
 * Property: the report counters equal the figures computed directly from the tickets' histories, whatever the
 * order in which the `ticket.facts` events are processed, however often some are redelivered (also
 * concurrently), and wherever the events fall around local midnight, a week or month boundary, or a DST change
 * of the desk's time zone (Europe/Paris).
 *
 * Each run generates a few ticket histories (creation near such an edge, then agent replies, solves, customer
 * messages that reopen solved tickets, escalations, team moves), plays them through the real ticket code with
 * explicit instants, takes the events off the desk's `Reports` queue itself (the worker never sees them), and
 * applies them with `applyEvent` in a generated order with generated redeliveries. The expected figures are
 * computed here from the histories alone — desk days with Intl, not luxon — and compared with the HTTP reports.
 */
import { DeleteMessageBatchCommand, ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { createCategory, createTeam } from "../../core/agent/directory.ts";
import { DeskEvent } from "../../core/events/schema.ts";
import { BUCKETS } from "../../core/report/facts.ts";
import { applyEvent } from "../../core/report/stats.ts";
import { forgetSlaContext } from "../../core/sla/policy.ts";
import type { TicketItem } from "../../core/store/index.ts";
import { addReply } from "../../core/ticket/agent-messages.ts";
import { updateTicket } from "../../core/ticket/agent-update.ts";
import { IdempotencyRaceError } from "../../core/ticket/commit.ts";
import { createTicket } from "../../core/ticket/create.ts";
import { addCustomerMessage } from "../../core/ticket/customer-writes.ts";
import { localSqs } from "../../infra/local/queues.ts";
import { call, signedInAgent, startTestDesk, type TestDesk } from "../support/desk.ts";

// ---------------------------------------------------------------------------------------------------------------
// The desk: Paris time, always open (business minutes are wall-clock minutes), SLA targets of our own.

const ZONE = "Europe/Paris";
const MINUTE = 60_000;
const DAY_MS = 86_400_000;
const PRIORITIES = ["low", "normal", "high", "urgent"] as const;
type Priority = (typeof PRIORITIES)[number];
/** [first response, resolution] targets in minutes, set in beforeAll: short enough that some are missed. */
const TARGETS: Record<Priority, [number, number]> = {
  urgent: [15, 120],
  high: [60, 480],
  normal: [240, 1440],
  low: [720, 2880],
};
const CATEGORIES = ["billing", "access"] as const;
const CHANNELS = ["web", "email", "phone"] as const;

/** Instants where a desk day, week, month or the UTC offset changes in Paris. */
const EDGES = [
  "2026-03-28T23:00:00Z", // midnight, Sat 28 → Sun 29 March (CET)
  "2026-03-29T01:00:00Z", // DST starts: 02:00 CET → 03:00 CEST
  "2026-03-29T22:00:00Z", // midnight, Sun 29 → Mon 30 March (CEST): a new ISO week
  "2026-03-31T22:00:00Z", // midnight, 31 March → 1 April: a new month in Paris, still March in UTC
  "2026-10-24T22:00:00Z", // midnight, Sat 24 → Sun 25 October (CEST)
  "2026-10-25T01:00:00Z", // DST ends: 03:00 CEST → 02:00 CET
  "2026-10-25T23:00:00Z", // midnight, Sun 25 → Mon 26 October (CET): a new ISO week
  "2026-10-31T23:00:00Z", // midnight, 31 October → 1 November: a new month
].map((iso) => Date.parse(iso));
/** The report range: every generated instant falls inside it. */
const FROM = "2026-03-20";
const TO = "2026-12-20";

// ---------------------------------------------------------------------------------------------------------------
// Independent calendar helpers (Intl and plain UTC arithmetic; no luxon, which the code under test uses).

const parisDate = new Intl.DateTimeFormat("en-CA", {
  timeZone: ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});
/** The desk day (YYYY-MM-DD) of an instant. */
const deskDay = (ms: number) => parisDate.format(new Date(ms));
/** The ISO week (`2026-W13`) of a YYYY-MM-DD day. */
function isoWeek(day: string): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const date = Date.UTC(y, m - 1, d);
  const mondayBased = (new Date(date).getUTCDay() + 6) % 7;
  const thursday = new Date(date + (3 - mondayBased) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS));
  return `${year}-W${String(week).padStart(2, "0")}`;
}
type Period = "day" | "week" | "month";
const periodOf = (day: string, period: Period) =>
  period === "day" ? day : period === "month" ? day.slice(0, 7) : isoWeek(day);

// ---------------------------------------------------------------------------------------------------------------
// Generated histories.

type Step =
  | { kind: "reply"; solve: boolean } // a public agent reply, maybe "send and solve"
  | { kind: "solve" } // the agent sets the status to solved
  | { kind: "customer" } // the customer writes again (a solved ticket reopens)
  | { kind: "escalate" } // one tier up (L1 → L2 → L3)
  | { kind: "move" }; // the ticket moves to the run's other team
type Action = Step & { gap: number };
interface Plan {
  edge: number;
  /** Minutes from the edge to the creation instant. */
  offset: number;
  team: 0 | 1;
  priority: Priority;
  category: (typeof CATEGORIES)[number] | undefined;
  channel: (typeof CHANNELS)[number];
  actions: Action[];
}

/** Minutes between steps, spread over the histogram's buckets (a few minutes to a few days). */
const gap = fc.oneof(
  fc.integer({ min: 1, max: 30 }),
  fc.integer({ min: 31, max: 600 }),
  fc.integer({ min: 601, max: 4000 }),
);
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.boolean().map((solve) => ({ kind: "reply" as const, solve })) },
  { weight: 2, arbitrary: fc.constant({ kind: "solve" as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: "customer" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "escalate" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "move" as const }) },
);
const plan: fc.Arbitrary<Plan> = fc.record({
  edge: fc.integer({ min: 0, max: EDGES.length - 1 }),
  // mostly within a few minutes of the edge, sometimes hours away
  offset: fc.oneof(fc.integer({ min: -5, max: 5 }), fc.integer({ min: -240, max: 240 })),
  team: fc.constantFrom(0 as const, 1 as const),
  priority: fc.constantFrom(...PRIORITIES),
  category: fc.constantFrom(undefined, ...CATEGORIES),
  channel: fc.constantFrom(...CHANNELS),
  actions: fc.array(
    fc.tuple(step, gap).map(([s, g]): Action => ({ ...s, gap: g })),
    { maxLength: 6 },
  ),
});

// ---------------------------------------------------------------------------------------------------------------
// What the reports must say, computed from the histories alone.

/** What one ticket write means for the reports, as this test understands it (at most one event per write). */
interface Expected {
  at: number;
  ticket: number;
  created?: true;
  firstResponse?: { minutes: number; met: boolean };
  solved?: { minutes: number; met: boolean; oneTouch: boolean };
  reopened?: true;
  escalated?: true;
  reply?: true;
}
const meaningful = (e: Expected) =>
  Boolean(e.created || e.firstResponse || e.solved || e.reopened || e.escalated || e.reply);

interface Figures {
  created: number;
  solved: number;
  reopened: number;
  escalated: number;
  oneTouch: number;
  firstResponses: number[];
  resolutions: number[];
  frMet: number;
  frMissed: number;
  resMet: number;
  resMissed: number;
}
const none = (): Figures => ({
  created: 0,
  solved: 0,
  reopened: 0,
  escalated: 0,
  oneTouch: 0,
  firstResponses: [],
  resolutions: [],
  frMet: 0,
  frMissed: 0,
  resMet: 0,
  resMissed: 0,
});

/** Figures per `${period}|${key}` (and per `all|${key}` for the whole range), a ticket's key by `keyOf`. */
function figures(expected: Expected[], keyOf: (ticket: number) => string, period: Period) {
  const by = new Map<string, Figures>();
  const add = (id: string, e: Expected) => {
    const f = by.get(id) ?? none();
    if (e.created) f.created++;
    if (e.reopened) f.reopened++;
    if (e.escalated) f.escalated++;
    if (e.firstResponse) {
      f.firstResponses.push(e.firstResponse.minutes);
      e.firstResponse.met ? f.frMet++ : f.frMissed++;
    }
    if (e.solved) {
      f.solved++;
      f.resolutions.push(e.solved.minutes);
      if (e.solved.oneTouch) f.oneTouch++;
      e.solved.met ? f.resMet++ : f.resMissed++;
    }
    by.set(id, f);
  };
  for (const e of expected) {
    add(`${periodOf(deskDay(e.at), period)}|${keyOf(e.ticket)}`, e);
    add(`all|${keyOf(e.ticket)}`, e);
  }
  return by;
}

const rate = (n: number, of: number) => (of ? +(n / of).toFixed(3) : null);
/** Nearest-rank percentile: the value at rank ceil(p·n) of the sorted list. */
const truePercentile = (values: number[], p: number) =>
  values.length ? [...values].sort((a, b) => a - b)[Math.ceil(p * values.length) - 1]! : null;

/**
 * A reported percentile is the upper bound of a histogram bucket: right when the true value lies in
 * (previous bound, reported bound]. Returns a description of the mismatch, or null.
 */
function bracketMismatch(reported: number | null, values: number[], p: number): string | null {
  const truth = truePercentile(values, p);
  if (truth === null) return reported === null ? null : `reported ${reported} for no values`;
  // Past the last bound (the open-ended bucket), the report gives that bound: "that or more".
  if (truth > BUCKETS.at(-2)!)
    return reported === BUCKETS.at(-2) ? null : `reported ${reported} for ${truth}, past the last bound`;
  const i = BUCKETS.indexOf(reported ?? Number.NaN);
  if (i < 0) return `reported ${reported} is not a bucket bound (true p${p * 100} = ${truth})`;
  const lower = i === 0 ? Number.NEGATIVE_INFINITY : BUCKETS[i - 1]!;
  return truth > lower && truth <= BUCKETS[i]!
    ? null
    : `true p${p * 100} = ${truth} not in (${lower}, ${reported}] (values ${values})`;
}

// ---------------------------------------------------------------------------------------------------------------
// Driving the real code.

let desk: TestDesk;
let admin: Awaited<ReturnType<typeof signedInAgent>>;
let actor: { type: "agent"; agentId: string; name: string; email: string; role: "admin" | "agent" };
let run = 0;

const TIERS = ["L1", "L2", "L3"] as const;

/**
 * Plays one ticket's history through createTicket / addReply / updateTicket / addCustomerMessage at its own
 * instants, and returns what each write should mean for the reports (from a small model of the ticket kept here,
 * not from what the code returned) and the ticket's final team.
 */
async function play(p: Plan, index: number, teams: [string, string]) {
  const created = EDGES[p.edge]! + p.offset * MINUTE;
  const [frTarget, resTarget] = TARGETS[p.priority];
  const model = {
    status: "new" as TicketItem["status"],
    answered: false,
    replies: 0,
    reopens: 0,
    tier: 0,
    team: p.team as number,
    clockFrom: created,
  };
  const out: Expected[] = [{ at: created, ticket: index, created: true }];
  let { ticket } = await createTicket(
    {
      name: "Casey Customer",
      email: `customer-${run}-${index}@example.com`,
      subject: `Run ${run}, ticket ${index}`,
      message: "It broke around midnight.",
      locale: "en",
      channel: p.channel,
      priority: p.priority,
      team: teams[p.team],
      category: p.category,
    },
    actor,
    { now: new Date(created) },
  );
  const solve = (at: number, e: Expected) => {
    model.status = "solved";
    // The resolution target restarts at a reopening; the resolution time runs from creation.
    const ms = at - model.clockFrom;
    e.solved = {
      minutes: Math.round((at - created) / MINUTE),
      met: ms <= resTarget * MINUTE,
      oneTouch: model.replies === 1 && model.reopens === 0,
    };
  };
  let at = created;
  for (const action of p.actions) {
    at += action.gap * MINUTE;
    const now = new Date(at);
    const e: Expected = { at, ticket: index };
    switch (action.kind) {
      case "reply": {
        e.reply = true;
        model.replies++;
        if (!model.answered) {
          model.answered = true;
          const ms = at - created;
          e.firstResponse = { minutes: Math.round(ms / MINUTE), met: ms <= frTarget * MINUTE };
        }
        if (action.solve && model.status !== "solved") solve(at, e);
        else if (model.status === "new") model.status = "open";
        ({ ticket } = await addReply(
          ticket.ticketId,
          { body: "Try this.", ...(action.solve ? { status: "solved" as const } : {}) },
          actor,
          ticket.version,
          now,
        ));
        break;
      }
      case "solve":
        if (model.status === "solved") continue; // nothing to change: no write
        solve(at, e);
        ticket = await updateTicket(ticket.ticketId, { status: "solved" }, actor, ticket.version, now);
        break;
      case "customer":
        if (model.status === "solved") {
          model.status = "open";
          model.reopens++;
          model.clockFrom = at; // the resolution clock restarts at the reopening
          e.reopened = true;
        }
        ({ ticket } = await addCustomerMessage(
          ticket.ticketId,
          { body: "Still broken.", channel: "email" },
          now,
        ));
        break;
      case "escalate":
        if (model.tier === TIERS.length - 1) continue;
        model.tier++;
        e.escalated = true;
        ticket = await updateTicket(ticket.ticketId, { tier: TIERS[model.tier] }, actor, ticket.version, now);
        break;
      case "move":
        model.team = 1 - model.team;
        ticket = await updateTicket(ticket.ticketId, { team: teams[model.team] }, actor, ticket.version, now);
        break;
    }
    // The model and the ticket agree on where the ticket stands (else the expectations below are moot).
    expect({ status: ticket.status, tier: ticket.tier, team: ticket.team }).toEqual({
      status: model.status,
      tier: TIERS[model.tier],
      team: teams[model.team],
    });
    if (meaningful(e)) out.push(e);
  }
  return { ticketId: ticket.ticketId, expected: out, team: teams[model.team]! };
}

/** Events that carry report facts (others only move queue counters: core/ticket/commit.ts). */
const withFacts = (events: DeskEvent[]) =>
  events.filter((e) => e.type === "ticket.facts" && e.facts.length > 0);

/**
 * Takes the `ticket.facts` events off the Reports worker's invocation queue (deleting them), until `count` carrying facts arrived or
 * 20 s passed.
 */
async function takeReportEvents(count: number): Promise<DeskEvent[]> {
  const queue = desk.queues.find((q) => q.name === "Reports")!;
  const sqs = localSqs();
  const events: DeskEvent[] = [];
  const deadline = Date.now() + 20_000;
  // Until the facts arrived, and then until the queue is empty (no event of this run left for the next one).
  for (let empty = false; (withFacts(events).length < count && Date.now() < deadline) || !empty; ) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queue.url,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: withFacts(events).length < count ? 1 : 0,
      }),
    );
    empty = Messages.length === 0;
    if (empty) continue;
    // Each message is the topic's envelope (Lambda hands the worker its Message).
    events.push(...Messages.map((m) => DeskEvent.parse(JSON.parse(JSON.parse(m.Body!).Message))));
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queue.url,
        Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
      }),
    );
  }
  return events;
}

/** What the Reports worker does, with SQS's retry of a transaction conflict: a few attempts, a short wait. */
async function applyWithRetry(event: DeskEvent) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await applyEvent(event);
    } catch (error) {
      const conflict = error instanceof IdempotencyRaceError || /conflict/i.test(String(error));
      if (!conflict || attempt >= 8) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10 * attempt + Math.random() * 20));
    }
  }
}

const report = async (name: string, query: string) => {
  const response = await call(desk.app, "GET", `/api/reports/${name}?from=${FROM}&to=${TO}&${query}`, {
    as: admin.session,
  });
  expect(response.status, response.text).toBe(200);
  return response.json.rows as Record<string, unknown>[];
};
/** Volume counters [created, solved, reopened, escalated] per `${day}|${key}` of one dimension. */
const volumeCounts = async (dim: string) =>
  new Map(
    (await report("volume", `groupBy=${dim}&period=day`)).map(
      (r) => [`${r.date}|${r.key}`, [r.created, r.solved, r.reopened, r.escalated] as number[]] as const,
    ),
  );
const pick = (row: Record<string, unknown>, fields: readonly string[]) =>
  Object.fromEntries(fields.map((f) => [f, row[f]]));
const byDateKey = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  String(a.date).localeCompare(String(b.date)) || String(a.key).localeCompare(String(b.key));

// ---------------------------------------------------------------------------------------------------------------

beforeAll(async () => {
  desk = await startTestDesk();
  admin = await signedInAgent(desk.app, { role: "admin" });
  const { agentId, name, email, role } = admin.agent;
  actor = { type: "agent", agentId, name, email, role };
  const put = async (path: string, body: unknown) =>
    expect((await call(desk.app, "PUT", path, { as: admin.session, body })).status).toBe(200);
  await put("/api/admin/business-hours", { timezone: ZONE, alwaysOpen: true });
  for (const priority of PRIORITIES) {
    const [firstResponseMinutes, resolutionMinutes] = TARGETS[priority];
    await put(`/api/admin/sla-policies/${priority}`, { firstResponseMinutes, resolutionMinutes });
  }
  forgetSlaContext();
  for (const id of CATEGORIES) await createCategory({ id, name: id });
});

describe("report aggregates (property)", () => {
  it("equal the figures computed from the tickets, for any processing order, redelivery and desk-day edge", async () => {
    let slowest = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(plan, { minLength: 3, maxLength: 8 }), fc.gen(), async (plans, g) => {
        const started = Date.now();
        run++;
        // Teams of this run only, so its rows never mix with another run's (all runs share one table).
        const teams: [string, string] = [`r${run}-a`, `r${run}-b`];
        for (const id of teams) await createTeam({ id, name: id });

        const played: Awaited<ReturnType<typeof play>>[] = [];
        for (const [index, p] of plans.entries()) played.push(await play(p, index, teams));
        const expected = played.flatMap((t) => t.expected);
        const teamOf = (ticket: number) => played[ticket]!.team;

        // One `ticket.facts` event per meaningful write, and only for this run's tickets.
        const events = await takeReportEvents(expected.length);
        const ids = new Set(played.map((t) => t.ticketId));
        expect(events.every((e) => e.type === "ticket.facts" && ids.has(e.ticketId))).toBe(true);
        expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
        expect(withFacts(events)).toHaveLength(expected.length);

        // Counters other runs share too (the desk as a whole, priority, category, channel): compared as
        // differences.
        const shared = ["all", "priority", "category", "channel"] as const;
        const sharedBefore = await Promise.all(shared.map((dim) => volumeCounts(dim)));

        // Deliveries: every event once and a generated subset once more, in a generated order, in small groups
        // applied concurrently. Some redeliveries race their original in the same group ("racing"); the others
        // come on their own, before or after it.
        const again = g(fc.subarray, [...events.keys()]);
        const racing = new Set(g(fc.subarray, again));
        const units = [
          ...[...events.keys()].map((i) => (racing.has(i) ? [i, i] : [i])),
          ...again.filter((i) => !racing.has(i)).map((i) => [i]),
        ];
        const order = g(fc.shuffledSubarray, [...units.keys()], {
          minLength: units.length,
          maxLength: units.length,
        }).map((u) => units[u]!);
        const results: string[] = [];
        for (let i = 0; i < order.length; ) {
          const size = g(fc.integer, { min: 1, max: 3 });
          const group = order.slice(i, i + size).flat();
          i += size;
          results.push(...(await Promise.all(group.map((e) => applyWithRetry(events[e]!)))));
        }
        // Each event counted once; every redelivery recognised as a duplicate.
        expect(results.filter((r) => r === "counted")).toHaveLength(events.length);
        expect(results.filter((r) => r === "duplicate")).toHaveLength(again.length);

        // The shared dimensions moved by exactly this run's figures, keyed by the tickets' (final) values.
        const keyOf = {
          all: () => "all",
          priority: (t: number) => plans[t]!.priority,
          category: (t: number) => plans[t]!.category ?? "none",
          channel: (t: number) => plans[t]!.channel,
        };
        for (const [d, dim] of shared.entries()) {
          const after = await volumeCounts(dim);
          const moved = Object.fromEntries(
            [...after]
              .map(([id, n]) => [id, n.map((x, j) => x - (sharedBefore[d]!.get(id)?.[j] ?? 0))] as const)
              .filter(([, n]) => n.some((x) => x !== 0)),
          );
          const want = Object.fromEntries(
            [...figures(expected, keyOf[dim], "day")]
              .filter(([id]) => !id.startsWith("all|"))
              .map(([id, f]) => [id, [f.created, f.solved, f.reopened, f.escalated]] as const)
              .filter(([, n]) => n.some((x) => x !== 0)),
          );
          expect(moved, `volume by ${dim}, before/after`).toEqual(want);
        }

        const mine = (rows: Record<string, unknown>[]) =>
          rows.filter((r) => teams.includes(String(r.key))).sort(byDateKey);

        // Volume per desk day and team, and rolled up by ISO week and month.
        for (const period of ["day", "week", "month"] as const) {
          const want = [...figures(expected, teamOf, period)]
            .filter(([id]) => !id.startsWith("all|"))
            .map(([id, f]) => {
              const [date, key] = id.split("|");
              return {
                date,
                key,
                created: f.created,
                solved: f.solved,
                reopened: f.reopened,
                escalated: f.escalated,
                oneTouchRate: rate(f.oneTouch, f.solved),
                reopenRate: rate(f.reopened, f.solved),
              };
            })
            .sort(byDateKey);
          const got = mine(await report("volume", `groupBy=team&period=${period}`)).map((r) =>
            pick(r, Object.keys(want[0] ?? { date: 0 })),
          );
          expect(got, `volume by ${period}`).toEqual(want);
        }

        // SLA outcomes per desk day and team (no sweep runs, so nothing is ever breached).
        const byDay = figures(expected, teamOf, "day");
        const slaWant = [...byDay]
          .filter(([id]) => !id.startsWith("all|"))
          .map(([id, f]) => {
            const [date, key] = id.split("|");
            return {
              date,
              key,
              firstResponseMet: f.frMet,
              firstResponseMissed: f.frMissed,
              resolutionMet: f.resMet,
              resolutionMissed: f.resMissed,
              breaches: 0,
            };
          })
          .sort(byDateKey);
        const slaGot = mine(await report("sla", "groupBy=team&period=day")).map((r) =>
          pick(r, Object.keys(slaWant[0]!)),
        );
        expect(slaGot, "sla by day").toEqual(slaWant);

        // Response times per desk day and team, and per team over the range ("all"): exact counts, and each
        // median / p90 the bound of the bucket the true nearest-rank percentile falls in.
        const times = mine(await report("response-times", "groupBy=team&period=day"));
        expect(times.map((r) => `${r.date}|${r.key}`).sort()).toEqual([...byDay.keys()].sort());
        const mismatches: string[] = [];
        for (const row of times) {
          const f = byDay.get(`${row.date}|${row.key}`)!;
          const where = `${row.date} ${row.key}`;
          if (row.firstResponses !== f.firstResponses.length)
            mismatches.push(
              `${where}: ${row.firstResponses} first responses, not ${f.firstResponses.length}`,
            );
          if (row.solved !== f.resolutions.length)
            mismatches.push(`${where}: ${row.solved} solved, not ${f.resolutions.length}`);
          for (const [field, values, p] of [
            ["firstResponseMedian", f.firstResponses, 0.5],
            ["firstResponseP90", f.firstResponses, 0.9],
            ["resolutionMedian", f.resolutions, 0.5],
            ["resolutionP90", f.resolutions, 0.9],
          ] as const) {
            const wrong = bracketMismatch(row[field] as number | null, values, p);
            if (wrong) mismatches.push(`${where} ${field}: ${wrong}`);
          }
        }
        expect(mismatches).toEqual([]);
        slowest = Math.max(slowest, Date.now() - started);
      }),
      { numRuns: 8, interruptAfterTimeLimit: 150_000, markInterruptAsFailure: true },
    );
    console.info(`report properties: ${run} runs, slowest ${slowest} ms`);
  }, 180_000);
});
