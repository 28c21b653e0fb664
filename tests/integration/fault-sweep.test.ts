import { beforeAll, describe, expect, it } from "vitest";
import { sweepStranded } from "../../core/sla/safety-net.ts";
import { sweepDue } from "../../core/sla/sweep.ts";
import { directory } from "../../core/sla/sweep-directory.ts";
import {
  call,
  patchTicket,
  signedInAgent,
  startTestDesk,
  submitTicket,
  type TestDesk,
} from "../support/desk.ts";
import { failDynamoCalls } from "../support/dynamo-faults.ts";

/**
 * The SLA sweep when one due ticket's write keeps failing (a throttled partition, an item DynamoDB refuses): the
 * other due tickets are still decided in the same run — one ticket must not hold every SLA warning, escalation
 * and safety-net alert of the desk behind it, run after run — and the failing one stays due for the next run.
 */
let desk: TestDesk;
let admin: Awaited<ReturnType<typeof signedInAgent>>;
let heal: (() => void) | undefined;
beforeAll(async () => {
  desk = await startTestDesk();
  admin = await signedInAgent(desk.app, { role: "admin" });
  // Always open, so that "later" is past every target whatever the day and hour the test runs.
  const hours = await call(desk.app, "PUT", "/api/admin/business-hours", {
    as: admin.session,
    body: { timezone: "UTC", alwaysOpen: true },
  });
  expect(hours.status).toBe(200);
});

const slaLines = async (id: string) =>
  (await call(desk.app, "GET", `/api/tickets/${id}`, { as: admin.session })).json.timeline.filter(
    (e: { author: { name: string | null } }) => e.author.name === "SLA",
  );
const later = (minutes: number) => new Date(Date.now() + minutes * 60_000);

describe("a due ticket whose sweep write keeps failing", () => {
  it("does not stop the run: the other due tickets are acted on, and it is tried again next run", async () => {
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await submitTicket(desk.app, { subject: `Sweep fault ${i}` })).id);
    await desk.drain();

    // The first ticket the sweep writes is refused on every try.
    let poisoned: string | undefined;
    heal = failDynamoCalls(({ command, text }) => {
      if (command !== "TransactWriteItemsCommand" || !text.includes("SLA —")) return false;
      const ticketId = /TICKET#(\w+)/.exec(text)?.[1];
      poisoned ??= ticketId;
      return ticketId === poisoned;
    });
    const counts = await sweepDue(later(3 * 24 * 60));
    heal();

    expect(poisoned).toBeDefined();
    expect(counts).toMatchObject({ acted: 2, failed: 1 });
    for (const id of ids.filter((id) => id !== poisoned)) expect(await slaLines(id)).toHaveLength(1);
    expect(await slaLines(poisoned!)).toHaveLength(0);

    // Healed: the next run decides it, and the others' second breach (one escalation per decision: the
    // resolution target's comes at the run after the first response's).
    const next = await sweepDue(later(3 * 24 * 60));
    expect(next).toMatchObject({ acted: 3 });
    expect(next.failed).toBeUndefined();
    expect(await slaLines(poisoned!)).toHaveLength(1);
    for (const id of ids.filter((id) => id !== poisoned)) expect(await slaLines(id)).toHaveLength(2);
  });

  it("stops the run after five tickets in a row fail (the table is failing), leaving them all due", async () => {
    const ids = [];
    for (let i = 0; i < 6; i++) ids.push((await submitTicket(desk.app, { subject: `Table down ${i}` })).id);
    await desk.drain();
    const at = later(10 * 24 * 60);
    heal = failDynamoCalls(
      ({ command, text }) => command === "TransactWriteItemsCommand" && text.includes("SLA —"),
    );
    const counts = await sweepDue(at);
    heal();
    expect(counts).toMatchObject({ failed: 5, stoppedEarly: 1 });
    for (const id of ids) expect(await slaLines(id)).toHaveLength(0);
    const next = await sweepDue(at);
    expect(next.failed).toBeUndefined();
    for (const id of ids) expect(await slaLines(id)).toHaveLength(1);
  });
});

describe("an away assignee's ticket whose safety-net write fails", () => {
  it("does not keep the alerts of their other tickets from going out", async () => {
    const ann = await signedInAgent(desk.app, { teams: ["ops"], name: "Ann Away" });
    await signedInAgent(desk.app, { teams: ["ops"], name: "Olga Present" });
    const ids = [];
    for (let i = 0; i < 3; i++) {
      const { id } = await submitTicket(desk.app, { subject: `Stranded ${i}` });
      await desk.drain();
      const moved = await patchTicket(desk.app, admin.session, id, {
        team: "ops",
        assigneeId: ann.agent.agentId,
      });
      expect(moved.status).toBe(200);
      ids.push(id);
    }
    await desk.drain(); // the agent's queue counter, which the safety net reads first
    const away = await call(desk.app, "PATCH", `/api/admin/agents/${ann.agent.agentId}`, {
      as: admin.session,
      body: { away: true },
    });
    expect(away.status).toBe(200);

    let poisoned: string | undefined;
    heal = failDynamoCalls(({ command, text }) => {
      if (command !== "TransactWriteItemsCommand" || !text.includes("Safety net —")) return false;
      const ticketId = /TICKET#(\w+)/.exec(text)?.[1];
      poisoned ??= ticketId;
      return ticketId === poisoned;
    });
    const alerted = await sweepStranded(new Date(), directory());
    heal();

    expect(poisoned).toBeDefined();
    expect(alerted).toBe(2);
    const safetyLines = async (id: string) =>
      (await call(desk.app, "GET", `/api/tickets/${id}`, { as: admin.session })).json.timeline.filter(
        (e: { author: { name: string | null } }) => e.author.name === "Safety net",
      );
    for (const id of ids.filter((id) => id !== poisoned)) expect(await safetyLines(id)).toHaveLength(1);
    expect(await sweepStranded(new Date(), directory())).toBe(1);
    expect(await safetyLines(poisoned!)).toHaveLength(1);
  });
});
