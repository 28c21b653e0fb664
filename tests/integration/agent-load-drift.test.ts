import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createCategory, createTeam } from "../../core/agent/directory.ts";
import { dynamo } from "../../core/store/client.ts";
import { store } from "../../core/store/index.ts";
import { changeTicket, loadTicketItem } from "../../core/ticket/commit.ts";
import { readCounts } from "../../core/ticket/counts.ts";
import { LOAD_CHECK_PREFIX } from "../../core/ticket/load-check.ts";
import { queueOf } from "../../core/ticket/model.ts";
import { runSweep } from "../../functions/cron/sweep.ts";
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
 * Agents' open-work counters move beside the ticket's transaction (core/ticket/agent-load.ts), so they can drift;
 * a drifted count must never stop triage from assigning, and the sweep corrects it from the agent's queue counter
 * (core/ticket/load-check.ts).
 */
let desk: TestDesk;
let admin: Session;
beforeAll(async () => {
  desk = await startTestDesk();
  admin = (await signedInAgent(desk.app, { role: "admin" })).session;
});

const load = async (agentId: string) =>
  (await store().entities.agentLoad.get({ agentId }).go({ consistent: true })).data?.open ?? 0;
const marked = async (agentId: string) =>
  Boolean(
    (
      await store()
        .entities.setting.get({ name: `${LOAD_CHECK_PREFIX}${agentId}` })
        .go()
    ).data,
  );
const queueCount = async (agentId: string) =>
  (await readCounts([`queue:agent:${agentId}`]))[`queue:agent:${agentId}`];

/** The sweep every minute for 12 minutes, events delivered between runs: a lasting difference outlasts the wait. */
async function sweepForMinutes() {
  const now = Date.now();
  for (let minute = 0; minute <= 12; minute++) {
    await desk.drain();
    await runSweep(new Date(now + 1_000 + minute * 60_000));
  }
  await desk.drain();
}

/** Makes the next DynamoDB request matching `match` fail — before it is sent, or after its answer (lost). */
let removeFault: (() => void) | undefined;
function failNext(match: (command: string, input: string) => boolean, when: "before" | "after") {
  let armed = true;
  const name = `fault-${Math.random()}`;
  dynamo().middlewareStack.add(
    (next, context) => async (args) => {
      const hit = armed && match(String(context.commandName), JSON.stringify(args.input));
      if (hit) armed = false;
      if (hit && when === "before")
        throw Object.assign(new Error("socket hang up"), { name: "NetworkError" });
      const result = await next(args);
      if (hit) throw Object.assign(new Error("answer lost"), { name: "TimeoutError" });
      return result;
    },
    { step: "initialize", name },
  );
  removeFault = () => dynamo().middlewareStack.remove(name);
}
afterEach(() => {
  removeFault?.();
  removeFault = undefined;
});

describe("a drifted agent count", () => {
  it("below 0 still lets triage assign (it reserves on the stored count), and the sweep corrects it", async () => {
    await createTeam({ id: "drift", name: "Drift" });
    await createCategory({ id: "drift-cat", name: "Drift", defaultTeam: "drift", keywords: ["quokka"] });
    const ann = await signedInAgent(desk.app, { teams: ["drift"], name: "Ann" });
    const ben = await signedInAgent(desk.app, { teams: ["drift"], name: "Ben" });
    await store().entities.agentLoad.update({ agentId: ann.agent.agentId }).add({ open: -1 }).go();
    // Ben had a ticket more recently: at equal (clamped) load, Ann comes first — and before the fix, forever.
    await store()
      .entities.agentLoad.update({ agentId: ben.agent.agentId })
      .set({ lastAssignedAt: new Date().toISOString() })
      .add({ open: 0 })
      .go();

    const { id } = await submitTicket(desk.app, { subject: "Quokka stuck in the printer" });
    await desk.drain();

    const ticket = (await call(desk.app, "GET", `/api/tickets/${id}`, { as: admin })).json;
    expect(ticket.team).toBe("drift");
    expect(ticket.assigneeId).toBe(ann.agent.agentId);
    expect(await load(ann.agent.agentId)).toBe(0); // -1 + her reservation: still one off
    expect(await marked(ann.agent.agentId)).toBe(true);

    await sweepForMinutes();

    expect(await queueCount(ann.agent.agentId)).toBe(1);
    expect(await load(ann.agent.agentId)).toBe(1);
    expect(await marked(ann.agent.agentId)).toBe(false);
    expect(await load(ben.agent.agentId)).toBe(0);

    // Corrected: the next ticket goes to Ben, who has less open work.
    const next = await submitTicket(desk.app, { subject: "Another quokka" });
    await desk.drain();
    expect((await loadTicketItem(next.id)).assigneeId).toBe(ben.agent.agentId);
  });

  it("a lost answer of a committed transaction keeps triage's reservation (the ticket is the agent's)", async () => {
    const cleo = await signedInAgent(desk.app, { teams: ["drift"], name: "Cleo" });
    const { id } = await submitTicket(desk.app);
    await desk.drain();
    failNext((command) => command.includes("TransactWrite"), "after");
    const assign = () =>
      changeTicket(id, undefined, (ticket) => {
        const after = { ...ticket, team: "drift", assigneeId: cleo.agent.agentId };
        return {
          after: {
            ...after,
            ...queueOf(after),
            version: ticket.version + 1,
            updatedAt: new Date().toISOString(),
          },
          entries: [],
          events: [],
          assignment: { agentId: cleo.agent.agentId, expectedOpen: 0, at: new Date().toISOString() },
        };
      });
    await expect(assign()).rejects.toThrow("answer lost");

    // The ticket committed: its holder's count keeps the place (before, it was given back: −1 drift).
    expect((await loadTicketItem(id)).assigneeId).toBe(cleo.agent.agentId);
    expect(await load(cleo.agent.agentId)).toBe(1);
    expect(await marked(cleo.agent.agentId)).toBe(true);

    // The sweep re-publishes the change's events (its outbox item) and finds the count right: marker cleared.
    await sweepForMinutes();
    expect(await queueCount(cleo.agent.agentId)).toBe(1);
    expect(await load(cleo.agent.agentId)).toBe(1);
    expect(await marked(cleo.agent.agentId)).toBe(false);
  });

  it("a count's ADD lost after the ticket was stored: the change succeeds, and the sweep corrects the count", async () => {
    const dan = await signedInAgent(desk.app, { teams: ["drift"], name: "Dan" });
    const { id } = await submitTicket(desk.app);
    await desk.drain();
    failNext(
      (command, input) =>
        command.includes("Update") && /load#/i.test(input) && input.includes(dan.agent.agentId),
      "before",
    );
    const response = await patchTicket(desk.app, admin, id, { team: "drift", assigneeId: dan.agent.agentId });
    expect(response.status).toBe(200);
    expect(await load(dan.agent.agentId)).toBe(0);
    expect(await marked(dan.agent.agentId)).toBe(true);

    await sweepForMinutes();

    expect(await load(dan.agent.agentId)).toBe(1);
    expect(await marked(dan.agent.agentId)).toBe(false);
  });
});
