import { DateTime } from "luxon";
import { beforeAll, describe, expect, it } from "vitest";
import { createTeam } from "../../core/agent/directory.ts";
import { issueCsatToken } from "../../core/csat/csat.ts";
import { applyEvent } from "../../core/report/stats.ts";
import { readCounts } from "../../core/ticket/counts.ts";
import { runSweep } from "../../functions/cron/sweep.ts";
import { handler as reportsWorker } from "../../functions/workers/reports.ts";
import { drainQueues } from "../../infra/local/queues.ts";
import { dayIn, noonZone } from "../support/clock.ts";
import {
  call,
  failedInvocations,
  patchTicket,
  signedInAgent,
  startTestDesk,
  submitTicket,
  type TestDesk,
} from "../support/desk.ts";

/** The desk's zone for this file: about noon there now, so no desk midnight falls while it runs. */
const ZONE = noonZone();
const utcDay = () => dayIn("UTC");
const startedUtcDay = utcDay();

let desk: TestDesk;
let admin: Awaited<ReturnType<typeof signedInAgent>>;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  await createTeam({ id: "red", name: "Red" });
  await createTeam({ id: "blue", name: "Blue" });
  admin = await signedInAgent(desk.app, { role: "admin" });
  agent = await signedInAgent(desk.app, { teams: ["red"] });
  await call(desk.app, "PUT", "/api/admin/housekeeping", {
    as: admin.session,
    body: { csatDelayMinutes: 0 },
  });
  await call(desk.app, "PUT", "/api/admin/business-hours", {
    as: admin.session,
    body: { timezone: ZONE, alwaysOpen: true },
  });
});

const today = () => dayIn(ZONE);
const report = async (query: string, as = admin.session) =>
  call(desk.app, "GET", `/api/reports/satisfaction?${query}`, { as });

/** A new web ticket, routed to `team` and solved by the admin; its id. */
const solvedFor = async (team: string) => {
  const { id } = await submitTicket(desk.app);
  await patchTicket(desk.app, admin.session, id, { team, status: "solved" });
  return id;
};

/** A seeded generator, so the test is repeatable. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe("satisfaction aggregates", () => {
  it("equal the ratings on the tickets, whatever the clicks and however often events are delivered", async () => {
    const rand = random(7);
    const tickets: { id: string; team: string }[] = [];
    for (let i = 0; i < 8; i++) {
      const team = i % 2 ? "red" : "blue";
      tickets.push({ id: await solvedFor(team), team });
    }
    await runSweep(new Date(Date.now() + 60_000));
    await desk.drain();
    // Customers click at random: some never answer, some change their mind, some click twice.
    const final = new Map<string, "good" | "bad">();
    for (const { id } of tickets.slice(0, 6)) {
      for (let clicks = 1 + Math.floor(rand() * 3); clicks > 0; clicks--) {
        const rating = rand() < 0.6 ? "good" : "bad";
        await call(desk.app, "POST", `/api/csat/${issueCsatToken(id)}`, { body: { rating } });
        final.set(id, rating);
      }
    }
    await desk.drain();

    const expected = (team: string, rating: string) =>
      tickets.filter((t) => t.team === team && final.get(t.id) === rating).length;
    const rows = (await report(`from=${today()}&to=${today()}&groupBy=team`)).json.rows as {
      key: string;
      surveys: number;
      good: number;
      bad: number;
      score: number | null;
    }[];
    for (const team of ["red", "blue"]) {
      const row = rows.find((r) => r.key === team)!;
      expect(row).toMatchObject({ surveys: 4, good: expected(team, "good"), bad: expected(team, "bad") });
    }
    const all = (await report(`from=${today()}&to=${today()}`)).json.rows[0];
    expect(all).toMatchObject({
      key: "all",
      surveys: 8,
      good: [...final.values()].filter((r) => r === "good").length,
    });
  });

  it("counts a redelivered event once", async () => {
    const before = (await report(`from=${today()}&to=${today()}`)).json.rows[0];
    const event = JSON.stringify({
      type: "ticket.csat_request",
      id: "01REPORTREDELIVERY00000000",
      occurredAt: new Date().toISOString(),
      ticketId: (await submitTicket(desk.app)).id,
    });
    expect(await failedInvocations(reportsWorker, [event, event, event])).toEqual([]);
    const after = (await report(`from=${today()}&to=${today()}`)).json.rows[0];
    expect(after.surveys).toBe(before.surveys + 1);
  });

  it("exports CSV, validates ranges, and shows agents only their teams", async () => {
    const csv = await desk.app.request(
      `/api/reports/satisfaction?from=${today()}&to=${today()}&groupBy=team&format=csv`,
      {
        headers: { cookie: admin.session.cookie },
      },
    );
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect((await csv.text()).split("\r\n")[0]).toBe("date,key,surveys,good,bad,score,responseRate");
    expect((await report("from=2026-02-01&to=2026-01-01")).status).toBe(400);
    expect((await report("from=2020-01-01&to=2026-01-01")).status).toBe(400);
    // A day the calendar lacks is refused as such, not as a range too long.
    for (const [query, field] of [
      ["from=2026-02-30&to=2026-03-01", "from"],
      ["from=2026-01-01&to=2026-13-45", "to"],
      ["from=2025-02-29&to=2025-03-01", "from"],
    ] as const) {
      const refused = await report(query);
      expect(refused.status, query).toBe(400);
      expect(refused.json.error, query).toMatchObject({
        code: "invalid_date",
        fields: { [field]: "No such day in the calendar: give a real date as YYYY-MM-DD" },
      });
      expect(Object.keys(refused.json.error.fields), query).toEqual([field]);
    }
    expect((await report("from=2024-02-29&to=2024-03-01")).status).toBe(200);
    expect((await report("from=2026-12-7&to=2026-12-8")).json.error.code).toBe("validation");
    expect((await report(`from=${today()}&to=${today()}&groupBy=category`, agent.session)).status).toBe(403);
    const mine = (await report(`from=${today()}&to=${today()}&groupBy=team`, agent.session)).json.rows;
    expect(mine.map((r: { key: string }) => r.key)).toEqual(["red"]);
  });

  it("lets admins choose what agents see: nothing, their own figures, their teams' too, or everything", async () => {
    const access = (agentAccess: string, as = admin.session) =>
      call(desk.app, "PUT", "/api/admin/reports", { as, body: { agentAccess } });
    const status = async (groupBy: string) =>
      (await report(`from=${today()}&to=${today()}&groupBy=${groupBy}`, agent.session)).status;
    expect((await access("all", agent.session)).status).toBe(403);
    expect((await access("everyone")).status).toBe(400);
    expect((await access("own")).json).toEqual({ agentAccess: "own" });
    expect([await status("agent"), await status("team")]).toEqual([200, 403]);
    await access("none");
    expect(await status("agent")).toBe(403);
    await access("all");
    expect(await status("category")).toBe(200);
    const everything = (await report(`from=${today()}&to=${today()}&groupBy=team`, agent.session)).json.rows;
    expect(everything.map((r: { key: string }) => r.key)).toEqual(expect.arrayContaining(["red", "blue"]));
    await access("teams");
    expect((await call(desk.app, "GET", "/api/admin/reports", { as: admin.session })).json).toEqual({
      agentAccess: "teams",
    });
    expect([await status("team"), await status("category")]).toEqual([200, 403]);
  });
});

describe("satisfaction comments", () => {
  it("lists each ticket's latest comment and rating once, under the day of its first rating, newest first", async () => {
    const red = await solvedFor("red");
    const blue = await solvedFor("blue");
    await desk.drain();
    const rate = (id: string, body: Record<string, string>) =>
      call(desk.app, "POST", `/api/csat/${issueCsatToken(id)}`, { body });
    await rate(red, { rating: "good", comment: "Quick and kind =HYPERLINK(1)" });
    await rate(blue, { rating: "good" });
    await desk.drain();
    await rate(red, { rating: "bad", comment: "It broke again the next day" });
    await rate(blue, { rating: "good", comment: "Thanks!" });
    await desk.drain();
    // An older comment arriving late (as SQS may deliver it) does not bring the old comment back.
    expect(
      await applyEvent({
        type: "ticket.rated",
        id: "01OLDRATINGREDELIVERED0000",
        occurredAt: new Date(Date.now() - 60_000).toISOString(),
        ticketId: red,
        rating: "good",
        previous: "good",
        comment: "Quick and kind",
      }),
    ).toBe("counted");
    const comments = async (query: string, as = admin.session) =>
      (await call(desk.app, "GET", `/api/reports/comments?from=${today()}&to=${today()}&${query}`, { as }))
        .json.rows as { ticketId: string; key: string; rating: string; comment: string }[];
    const rows = (await comments("groupBy=team")).filter((r) => r.ticketId === red || r.ticketId === blue);
    expect(rows.map(({ ticketId, key, rating, comment }) => ({ ticketId, key, rating, comment }))).toEqual([
      { ticketId: blue, key: "blue", rating: "good", comment: "Thanks!" },
      { ticketId: red, key: "red", rating: "bad", comment: "It broke again the next day" },
    ]);
    // Agents see their teams' comments only.
    const mine = await comments("groupBy=team", agent.session);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((r) => r.key === "red")).toBe(true);
    // CSV neutralises formulas in what customers wrote.
    await rate(red, { comment: '=HYPERLINK("http://evil")' });
    await desk.drain();
    const csv = await desk.app.request(`/api/reports/comments?from=${today()}&to=${today()}&format=csv`, {
      headers: { cookie: admin.session.cookie },
    });
    expect(await csv.text()).toContain(`"'=HYPERLINK(""http://evil"")"`);
    // …and a cell led by `;`, which a spreadsheet splitting on semicolons would start a formula after.
    await rate(red, { comment: ";=cmd|' /C calc'!A0" });
    await desk.drain();
    const semicolon = await desk.app.request(
      `/api/reports/comments?from=${today()}&to=${today()}&format=csv`,
      {
        headers: { cookie: admin.session.cookie },
      },
    );
    expect(await semicolon.text()).toContain(`"';=cmd|' /C calc'!A0"`);
  });
});

describe("agents with the same name", () => {
  it("are told apart by their address in the workload report and the comments CSV, named there, not by id", async () => {
    const yann = await signedInAgent(desk.app, { name: "Yann" });
    const other = await signedInAgent(desk.app, { name: "Yann" });
    const alone = await signedInAgent(desk.app, { name: "Zoé Unique" });
    const workload = (
      await call(desk.app, "GET", `/api/reports/workload?from=${today()}&to=${today()}`, {
        as: admin.session,
      })
    ).json.rows as { key: string; name: string; email: string }[];
    const row = (id: string) => workload.find((r) => r.key === id)!;
    expect(row(yann.agent.agentId)).toMatchObject({ name: "Yann", email: yann.email });
    expect(row(other.agent.agentId)).toMatchObject({ name: "Yann", email: other.email });
    const workloadCsv = await desk.app.request(
      `/api/reports/workload?from=${today()}&to=${today()}&format=csv`,
      { headers: { cookie: admin.session.cookie } },
    );
    const workloadText = await workloadCsv.text();
    expect(workloadText.split("\n")[0]).toContain("email");
    expect(workloadText).toContain(yann.email);
    expect(workloadText).toContain(other.email);

    const rated = async (assignee: string) => {
      const { id } = await submitTicket(desk.app);
      await patchTicket(desk.app, admin.session, id, { assigneeId: assignee });
      await patchTicket(desk.app, admin.session, id, { status: "solved" });
      await desk.drain();
      await call(desk.app, "POST", `/api/csat/${issueCsatToken(id)}`, {
        body: { rating: "good", comment: "ok" },
      });
      return id;
    };
    const byYann = await rated(yann.agent.agentId);
    const byAlone = await rated(alone.agent.agentId);
    await desk.drain();
    const csv = await desk.app.request(`/api/reports/comments?from=${today()}&to=${today()}&format=csv`, {
      headers: { cookie: admin.session.cookie },
    });
    const lines = (await csv.text()).split("\n");
    const header = lines[0]!.split(",");
    const agentColumn = header.indexOf("agent");
    expect(agentColumn).toBeGreaterThan(-1);
    // No cell of these rows holds a comma: a plain split finds the agent's cell.
    const agentCell = (ticketId: string) =>
      lines
        .find((l) => l.includes(ticketId))!
        .split(",")
        [agentColumn]!.replace(/^"|"$/g, "");
    expect(agentCell(byYann)).toBe(`Yann (${yann.email})`);
    expect(agentCell(byAlone)).toBe("Zoé Unique");
    // The JSON keeps the id (the app names it from the directory, telling namesakes apart the same way).
    const json = (
      await call(desk.app, "GET", `/api/reports/comments?from=${today()}&to=${today()}`, {
        as: admin.session,
      })
    ).json.rows as { ticketId: string; agent: string }[];
    expect(json.find((r) => r.ticketId === byYann)!.agent).toBe(yann.agent.agentId);
  });
});

describe("volume and response times", () => {
  it("count created, solved and reopened per team, with response times read from the histograms", async () => {
    const volume = async () =>
      (
        await call(desk.app, "GET", `/api/reports/volume?from=${today()}&to=${today()}&groupBy=channel`, {
          as: admin.session,
        })
      ).json.rows as { key: string; created: number; solved: number; reopened: number }[];
    await desk.drain();
    const before = (await volume()).find((r) => r.key === "web") ?? { created: 0, solved: 0, reopened: 0 };
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await submitTicket(desk.app)).id);
    for (const id of ids)
      await call(desk.app, "POST", `/api/tickets/${id}/replies`, {
        as: admin.session,
        body: { body: "Done", status: "solved" },
      });
    await submitTicket(desk.app);
    await call(desk.app, "POST", `/api/portal/tickets/${ids[0]}/messages`, {
      headers: {
        authorization: `Bearer ${(await call(desk.app, "POST", `/api/tickets/${ids[0]}/portal-link`, { as: admin.session })).json.portalToken}`,
      },
      body: { message: "Not fixed" },
    });
    await desk.drain();
    const after = (await volume()).find((r) => r.key === "web")!;
    expect(after.created - before.created).toBe(4);
    expect(after.solved - before.solved).toBe(3);
    expect(after.reopened - before.reopened).toBe(1);

    const times = (
      await call(desk.app, "GET", `/api/reports/response-times?from=${today()}&to=${today()}`, {
        as: admin.session,
      })
    ).json.rows as { date: string; firstResponses: number; firstResponseMedian: number | null }[];
    const total = times.find((r) => r.date === "all")!;
    expect(total.firstResponses).toBeGreaterThanOrEqual(3);
    // Answered within seconds: the median falls in the first bucket (≤ 5 business minutes).
    expect(total.firstResponseMedian).toBe(5);
    const sla = (
      await call(desk.app, "GET", `/api/reports/sla?from=${today()}&to=${today()}`, { as: admin.session })
    ).json.rows[0] as {
      firstResponseMet: number;
      firstResponseMissed: number;
      firstResponseCompliance: number;
    };
    expect(sla.firstResponseMet).toBeGreaterThanOrEqual(3);
    expect(sla.firstResponseCompliance).toBe(1);
  });
});

describe("workload, backlog, deflection and cost", () => {
  it("report per agent, the backlog now and its trend, articles, and this month's cost", async () => {
    await desk.drain();
    const get = async (name: string, query = `from=${today()}&to=${today()}`) =>
      (await call(desk.app, "GET", `/api/reports/${name}?${query}`, { as: admin.session })).json.rows;
    const workload = await get("workload");
    const me = workload.find((r: { key: string }) => r.key === admin.agent.agentId);
    expect(me.replies).toBeGreaterThanOrEqual(3);
    const [now, ...days] = await get("backlog");
    expect(now).toMatchObject({ date: "now", key: "all" });
    expect(now.openTotal).toBe(now.status_new + now.status_open + now.status_pending + now.status_on_hold);
    expect(
      days.filter((r: { date: string }) => r.date !== "now").map((r: { date: string }) => r.date),
    ).toEqual([today()]);
    expect(Array.isArray(await get("deflection"))).toBe(true);
    const stored = async () => (await readCounts(["storage:bytes"]))["storage:bytes"]!;
    const bytesBefore = await stored();
    const { id } = await submitTicket(desk.app);
    await call(desk.app, "POST", `/api/tickets/${id}/replies`, {
      as: admin.session,
      body: {
        body: "The log you asked for",
        attachments: [
          {
            name: "log.txt",
            contentType: "text/plain",
            contentBase64: Buffer.alloc(3000, 65).toString("base64"),
          },
        ],
      },
    });
    expect((await stored()) - bytesBefore).toBe(3000);
    // A raw inbound message is counted once, by its size in the bucket, however often its notification comes.
    const { deliver, rawMail } = await import("../support/mail.ts");
    const raw = await rawMail({ from: "bytes@example.com", subject: "Counting bytes" });
    await deliver(desk, raw);
    await deliver(desk, raw);
    await desk.drain();
    expect((await stored()) - bytesBefore).toBe(3000 + Buffer.byteLength(raw));
    const [cost] = await get("cost");
    expect(cost.tickets).toBeGreaterThan(0);
    expect(cost.ticketsStored).toBeGreaterThanOrEqual(cost.tickets);
    expect(cost).toHaveProperty("storage");
    expect(cost.totalUsd).toBeGreaterThan(0);
    const forbidden = await call(desk.app, "GET", `/api/reports/cost?from=${today()}&to=${today()}`, {
      as: agent.session,
    });
    expect(forbidden.status).toBe(403);
  });
});

describe("rebuild", () => {
  it("rebuilds the same counters from the tickets as the events wrote", async () => {
    await desk.drain();
    const { rebuildReports } = await import("../../core/report/rebuild.ts");
    const read = async (name: string, groupBy: string) =>
      (
        await call(desk.app, "GET", `/api/reports/${name}?from=${today()}&to=${today()}&groupBy=${groupBy}`, {
          as: admin.session,
        })
      ).json.rows;
    // Dimensions that do not move after creation (the desk, the channel): the rebuild must match exactly.
    const ratings = (rows: Record<string, unknown>[]) =>
      rows.map(({ date, key, good, bad }) => ({ date, key, good, bad }));
    const firstResponse = (rows: Record<string, unknown>[]) =>
      rows.map(({ date, key, firstResponseMet, firstResponseMissed }) => ({
        date,
        key,
        firstResponseMet,
        firstResponseMissed,
      }));
    const before = {
      volume: await read("volume", "channel"),
      times: await read("response-times", "all"),
      // (surveys are left out: an earlier test counted a synthetic survey event no ticket records)
      satisfaction: ratings(await read("satisfaction", "all")),
      sla: firstResponse(await read("sla", "all")),
    };
    let progress = 0;
    const result = await rebuildReports((done) => {
      progress = done;
    });
    expect(result.tickets).toBe(progress);
    expect(await read("volume", "channel")).toEqual(before.volume);
    expect(await read("response-times", "all")).toEqual(before.times);
    expect(ratings(await read("satisfaction", "all"))).toEqual(before.satisfaction);
    expect(firstResponse(await read("sla", "all"))).toEqual(before.sla);
  });
});

describe("weekly summary", () => {
  it("mails the week's headline figures once, on Monday morning, to the admins who opted in", async () => {
    const opted = await call(desk.app, "PATCH", `/api/admin/agents/${admin.agent.agentId}`, {
      as: admin.session,
      body: { weeklySummary: true },
    });
    expect(opted.json.weeklySummary).toBe(true);
    const monday = DateTime.now().setZone(ZONE).plus({ weeks: 1 }).set({ weekday: 1, hour: 9, minute: 0 });
    const sunday = monday.minus({ days: 1 });
    expect((await runSweep(sunday.toJSDate())).weekly).toBe("not_due");
    expect((await runSweep(monday.toJSDate())).weekly).toBe("sent");
    expect((await runSweep(monday.plus({ minutes: 1 }).toJSDate())).weekly).toBe("already_sent");
    const { mailsTo } = await import("../support/mail.ts");
    const mails = (await mailsTo(desk, admin.email)).filter((m) => m.subject.includes("weekly summary"));
    expect(mails).toHaveLength(1);
    expect((mails[0] as unknown as { body: { text: string } }).body.text).toContain("Tickets created:");
  });
});

describe("periods, one-touch and risk", () => {
  it("rolls days up by week and month, rates one-touch solves and reopenings, and counts tickets at risk now", async () => {
    await desk.drain();
    const get = async (name: string, query: string) =>
      (await call(desk.app, "GET", `/api/reports/${name}?${query}`, { as: admin.session })).json.rows;
    const days = await get("volume", `from=${today()}&to=${today()}&period=day`);
    const month = await get("volume", `from=${today()}&to=${today()}&period=month`);
    expect(month).toHaveLength(1);
    expect(month[0].date).toBe(today().slice(0, 7));
    expect(month[0].created).toBe(days[0].created);
    const week = await get("volume", `from=${today()}&to=${today()}&period=week`);
    expect(week[0].date).toMatch(/^\d{4}-W\d{2}$/);
    expect(days[0].oneTouchRate).toBeGreaterThan(0);
    expect(days[0].reopenRate).toBeGreaterThan(0);
    const [now, ...rest] = await get("backlog", `from=${today()}&to=${today()}`);
    expect(now).toHaveProperty("atRisk");
    expect(now.atRisk + now.breached + now.paused).toBeLessThanOrEqual(now.openTotal);
    const sla = await get("sla", `from=${today()}&to=${today()}`);
    expect(sla.at(-1)).toEqual({
      date: "now",
      key: "all",
      atRiskNow: now.atRisk,
      breachedNow: now.breached,
      pausedNow: now.paused,
    });
    // Every open ticket of this desk was created in the last few minutes: all in the youngest age bucket, status
    // by status — or, when a UTC midnight (the age counters' days) fell during this run, in the two youngest.
    const ages = rest.filter((r: { key: string }) => r.key.startsWith("age:"));
    expect(ages.map((r: { key: string }) => r.key)).toEqual([
      "age:0-1d",
      "age:1-3d",
      "age:3-7d",
      "age:7-30d",
      "age:30d+",
    ]);
    const young = ages.slice(0, startedUtcDay === utcDay() ? 1 : 2);
    const sum = (field: string) => young.reduce((n: number, r: Record<string, number>) => n + r[field]!, 0);
    expect({
      openTotal: sum("openTotal"),
      status_new: sum("status_new"),
      status_open: sum("status_open"),
    }).toEqual({
      openTotal: now.openTotal,
      status_new: now.status_new,
      status_open: now.status_open,
    });
    expect(ages.slice(young.length).every((r: { openTotal: number }) => r.openTotal === 0)).toBe(true);
  });
});

describe("backlog by age", () => {
  it("puts a request opened 40 days ago in the 30-days-and-more bucket, and one of 2 days ago in 1–3 days", async () => {
    const { createTicket } = await import("../../core/ticket/create.ts");
    const backlog = async () =>
      (
        await call(desk.app, "GET", `/api/reports/backlog?from=${today()}&to=${today()}`, {
          as: admin.session,
        })
      ).json.rows as Record<string, number | string>[];
    const bucket = (rows: Record<string, number | string>[], key: string) => rows.find((r) => r.key === key)!;
    // The counters follow the tickets' events (the Reports worker): read them once it has run (and only it:
    // triage would open the new tickets).
    const reports = () => drainQueues(desk.queues.filter((q) => q.name === "Reports"));
    await reports();
    const before = await backlog();
    for (const days of [40, 2])
      await createTicket(
        {
          name: "Old Timer",
          email: "old@example.com",
          subject: `Open ${days} days`,
          message: "Still open",
          locale: "en",
          channel: "web",
        },
        { type: "system" },
        { now: new Date(Date.now() - days * 86_400_000) },
      );
    await reports();
    const after = await backlog();
    expect(Number(bucket(after, "age:30d+").status_new) - Number(bucket(before, "age:30d+").status_new)).toBe(
      1,
    );
    expect(Number(bucket(after, "age:1-3d").status_new) - Number(bucket(before, "age:1-3d").status_new)).toBe(
      1,
    );
    expect(Number(after[0]!.openTotal) - Number(before[0]!.openTotal)).toBe(2);
  });
});

describe("escalations", () => {
  it("count escalations by tier and reason: the agent's reason, unspecified, and the SLA target the sweep saw missed", async () => {
    await createTeam({ id: "green", name: "Green" });
    const escalate = (id: string, body: Record<string, unknown>) =>
      patchTicket(desk.app, admin.session, id, body);
    const [a, b, c] = [
      await submitTicket(desk.app),
      await submitTicket(desk.app),
      await submitTicket(desk.app),
    ];
    await desk.drain();
    const byAgent = await escalate(a.id, { team: "green", tier: "L2", escalationReason: "needs_expertise" });
    expect(byAgent.json.escalationReason).toBe("needs_expertise");
    expect((await escalate(b.id, { team: "green", tier: "L3" })).json.escalationReason).toBe("unspecified");
    const invalid = await escalate(b.id, { escalationReason: "needs_access" });
    expect(invalid.status).toBe(400);
    expect(invalid.json.error.fields).toHaveProperty("escalationReason");
    await escalate(c.id, { team: "green", priority: "urgent" });
    await desk.drain();
    // The urgent ticket's first response (30 business minutes, always open) is missed two hours later.
    const later = new Date(Date.now() + 2 * 3_600_000);
    await runSweep(later);
    await desk.drain();
    const swept = await call(desk.app, "GET", `/api/tickets/${c.id}`, { as: admin.session });
    expect(swept.json).toMatchObject({ tier: "L2", escalationReason: "sla_first_response" });
    const until = dayIn(ZONE, later);
    const rows = (
      await call(desk.app, "GET", `/api/reports/escalations?from=${today()}&to=${until}&groupBy=team`, {
        as: admin.session,
      })
    ).json.rows as Record<string, number | string>[];
    const green = rows.filter((r) => r.key === "green");
    const sum = (field: string) => green.reduce((n, r) => n + Number(r[field]), 0);
    expect(sum("needs_expertise")).toBe(1);
    expect(sum("unspecified")).toBe(1);
    expect(sum("sla_first_response")).toBe(1);
    expect(sum("escalated")).toBe(sum("toL2") + sum("toL3") + sum("toL4"));
    // The rebuild finds the same reasons and breaches again (from the timeline and the tickets' deadlines).
    const greenTotals = async () => {
      const get = async (name: string) =>
        (
          (
            await call(desk.app, "GET", `/api/reports/${name}?from=${today()}&to=${until}&groupBy=team`, {
              as: admin.session,
            })
          ).json.rows as Record<string, number | string>[]
        ).filter((r) => r.key === "green");
      const total = (rows: Record<string, number | string>[], field: string) =>
        rows.reduce((n, r) => n + Number(r[field] ?? 0), 0);
      const [esc, sla] = [await get("escalations"), await get("sla")];
      return {
        reasons: ["needs_expertise", "unspecified", "sla_first_response"].map((f) => total(esc, f)),
        breaches: total(sla, "breaches"),
      };
    };
    const live = await greenTotals();
    expect(live.breaches).toBe(1);
    const { rebuildReports } = await import("../../core/report/rebuild.ts");
    await rebuildReports();
    expect(await greenTotals()).toEqual(live);
    expect(sum("escalated")).toBe(
      [
        "sla_first_response",
        "sla_resolution",
        "needs_expertise",
        "needs_access",
        "customer_request",
        "vendor",
        "unspecified",
      ]
        .map(sum)
        .reduce((x, y) => x + y, 0),
    );
  });
});

describe("default range", () => {
  it("is the 30 days ending today in the desk's time zone, not the server's or the browser's", async () => {
    const got = await call(desk.app, "GET", "/api/reports/volume?period=week", { as: admin.session });
    expect(got.status).toBe(200);
    expect(got.json.to).toBe(today());
    expect(got.json.from).toBe(DateTime.fromISO(today()).minus({ days: 29 }).toISODate());
    const half = await call(desk.app, "GET", `/api/reports/volume?from=${today()}`, { as: admin.session });
    expect(half.status).toBe(400);
    expect(half.json.error.fields).toHaveProperty("from");
  });
});
