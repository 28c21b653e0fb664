import { beforeAll, describe, expect, it } from "vitest";
import { SweepSettings } from "../../core/sla/sweep-settings.ts";
import { dynamo } from "../../core/store/client.ts";
import { store } from "../../core/store/index.ts";
import { readCounts } from "../../core/ticket/counts.ts";
import {
  checkAgentLoads,
  countHeldTickets,
  LOAD_CHECK_PREFIX,
  markLoadCheck,
} from "../../core/ticket/load-check.ts";
import {
  call,
  patchTicket,
  type Session,
  signedInAgent,
  startTestDesk,
  submitTicket,
  type TestDesk,
} from "../support/desk.ts";

/**
 * The sweep's check of doubted agent counts (core/ticket/load-check.ts) takes the truth from the tickets the agent
 * holds (gsi3 `Q#agent:<id>`), never from the event-fed queue counter, and keeps a marker while doubts keep coming.
 */
let desk: TestDesk;
let admin: Session;
beforeAll(async () => {
  desk = await startTestDesk();
  admin = (await signedInAgent(desk.app, { role: "admin" })).session;
});

const load = async (agentId: string) =>
  (await store().entities.agentLoad.get({ agentId }).go({ consistent: true })).data?.open ?? 0;
const marker = async (agentId: string) =>
  (
    await store()
      .entities.setting.get({ name: `${LOAD_CHECK_PREFIX}${agentId}` })
      .go({ consistent: true })
  ).data;
const setLoadTo = (agentId: string, open: number) =>
  store().entities.agentLoad.update({ agentId }).set({ open }).go();

/** The check alone, once a minute for `minutes` minutes from `start`, settings read as the sweep reads them. */
async function checkForMinutes(start: number, minutes: number) {
  for (let minute = 0; minute <= minutes; minute++)
    await checkAgentLoads(new Date(start + minute * 60_000), await SweepSettings.read());
}

/** An agent holding `open` open tickets, plus one solved and one merged away (neither counts). */
async function agentHolding(open: number, name: string) {
  const agent = await signedInAgent(desk.app, { name });
  const assign = async () => {
    const { id } = await submitTicket(desk.app);
    await desk.drain();
    expect((await patchTicket(desk.app, admin, id, { assigneeId: agent.agent.agentId })).status).toBe(200);
    return id;
  };
  const ids: string[] = [];
  for (let i = 0; i < open; i++) ids.push(await assign());
  const solved = await assign();
  expect((await patchTicket(desk.app, admin, solved, { status: "solved" })).status).toBe(200);
  const merged = await assign();
  const merge = await call(desk.app, "POST", `/api/tickets/${merged}/merge`, {
    as: admin,
    body: { into: ids[0] },
  });
  expect(merge.status).toBeLessThan(300);
  await desk.drain();
  return agent.agent.agentId;
}

describe("the agent load check", () => {
  it("counts what LOAD counts: open tickets held, not solved or merged ones", async () => {
    const agentId = await agentHolding(2, "Held");
    expect(await countHeldTickets(agentId)).toBe(2);
    expect(await load(agentId)).toBe(2);
  });

  it("a right count whose queue counter lags (an event still in Retry) is kept, and the marker cleared", async () => {
    const agentId = await agentHolding(3, "Lagging");
    // The event-fed counter one behind, as while one event waits in the Retry rounds.
    await store()
      .entities.queueCount.update({ name: `queue:agent:${agentId}` })
      .add({ count: -1 })
      .go();
    expect((await readCounts([`queue:agent:${agentId}`]))[`queue:agent:${agentId}`]).toBe(2);
    await markLoadCheck(agentId);

    await checkForMinutes(Date.now() + 1_000, 13);

    expect(await load(agentId)).toBe(3);
    expect(await marker(agentId)).toBeNull();
  });

  it("a drifted count is corrected to the tickets held once the difference lasted", async () => {
    const agentId = await agentHolding(2, "Drifted");
    await setLoadTo(agentId, 5);
    await markLoadCheck(agentId);
    const start = Date.now() + 1_000;
    await checkForMinutes(start, 5);
    expect(await load(agentId)).toBe(5); // not yet: the difference may be a change in flight
    await checkForMinutes(start + 11 * 60_000, 0);
    expect(await load(agentId)).toBe(2);
    expect(await marker(agentId)).toBeNull();
  });

  it("a second doubt while marked moves doubtedAt, and a check that read the marker before it keeps it", async () => {
    const agentId = await agentHolding(1, "Doubted");
    const first = new Date(Date.now() + 1_000);
    await markLoadCheck(agentId, first);
    const settings = await SweepSettings.read();
    const second = new Date(first.getTime() + 30_000);
    await markLoadCheck(agentId, second);
    expect((await marker(agentId))?.doubtedAt).toBe(second.toISOString());

    await checkAgentLoads(new Date(second.getTime() + 1_000), settings); // count right, but doubted since
    expect(await marker(agentId)).not.toBeNull();
    await checkAgentLoads(new Date(second.getTime() + 60_000), await SweepSettings.read());
    expect(await marker(agentId)).toBeNull();
  });

  it("a correction whose condition failed (the count moved meanwhile) keeps the marker", async () => {
    const agentId = await agentHolding(1, "Moving");
    await setLoadTo(agentId, 4);
    await markLoadCheck(agentId);
    const start = Date.now() + 1_000;
    await checkAgentLoads(new Date(start), await SweepSettings.read());
    // Between the check's read of the count and its write, the count moves (a change's ADD lands).
    const name = `move-${agentId}`;
    dynamo().middlewareStack.add(
      (next, context) => async (args) => {
        const input = JSON.stringify(args.input);
        if (String(context.commandName).includes("Query") && input.includes(`Q#agent:${agentId}`))
          await store().entities.agentLoad.update({ agentId }).add({ open: 1 }).go();
        return next(args);
      },
      { step: "initialize", name },
    );
    try {
      expect(await checkAgentLoads(new Date(start + 11 * 60_000), await SweepSettings.read())).toBe(0);
    } finally {
      dynamo().middlewareStack.remove(name);
    }
    expect(await load(agentId)).toBe(5);
    expect(await marker(agentId)).not.toBeNull();
    // The next runs see the new difference, let it last, and correct it.
    await checkForMinutes(start + 12 * 60_000, 11);
    expect(await load(agentId)).toBe(1);
    expect(await marker(agentId)).toBeNull();
  });
});
