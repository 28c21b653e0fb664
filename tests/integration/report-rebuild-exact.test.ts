import { beforeAll, describe, expect, it } from "vitest";
import { rebuildReports } from "../../core/report/rebuild.ts";
import { createTicket } from "../../core/ticket/create.ts";
import { addCustomerMessage } from "../../core/ticket/customer-writes.ts";
import { dayIn, noonZone } from "../support/clock.ts";
import {
  call,
  patchTicket,
  signedInAgent,
  startTestDesk,
  submitTicket,
  type TestDesk,
} from "../support/desk.ts";
import { drainReports, reportCounterItems } from "../support/report-items.ts";

/**
 * The rebuild (npm run reports:rebuild) gives back exactly the counter items the Reports worker wrote, item by
 * item, for the cases where the ticket as it is now says something else than when it was counted: an unowned
 * ticket answered and solved from the shared queue, owners changing between reply and solve, tickets filed as spam
 * and then taken out of it. The workers run after every step, as they do live within seconds of each change.
 */
const ZONE = noonZone();

let desk: TestDesk;
let admin: Awaited<ReturnType<typeof signedInAgent>>;
let alice: Awaited<ReturnType<typeof signedInAgent>>;
let bob: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  admin = await signedInAgent(desk.app, { role: "admin" });
  alice = await signedInAgent(desk.app, { name: "Alice" });
  bob = await signedInAgent(desk.app, { name: "Bob" });
  await call(desk.app, "PUT", "/api/admin/business-hours", {
    as: admin.session,
    body: { timezone: ZONE, alwaysOpen: true },
  });
});

type Who = typeof alice;
/**
 * The workers after a change: the Reports worker first, so it counts under the ticket as that change left it (as
 * it does live within seconds) and not after triage filed a new ticket under a team, which the drain's parallel
 * polls would make a race.
 */
const settle = async () => {
  await drainReports(desk);
  await desk.drain();
};
const step = async (response: Promise<{ status: number; text: string }>) => {
  const { status, text } = await response;
  expect(status, text).toBeLessThan(300);
  await settle();
};
const reply = (who: Who, id: string, status?: "solved") =>
  step(
    call(desk.app, "POST", `/api/tickets/${id}/replies`, {
      as: who.session,
      body: { body: "Try this.", ...(status ? { status } : {}) },
    }),
  );
const patch = (who: Who, id: string, body: Record<string, unknown>) =>
  step(patchTicket(desk.app, who.session, id, body));
const opened = async () => {
  const { id } = await submitTicket(desk.app);
  await settle();
  return id;
};
/** A ticket as inbound mail files one with a spam verdict: solved and tagged spam on arrival. */
const filedAsSpam = async (n: number) => {
  const customer = { type: "customer" as const, name: "Spammy", email: `spam${n}@example.com` };
  const input = {
    name: customer.name,
    email: customer.email,
    subject: `You won ${n}`,
    message: "Claim your prize.",
    locale: "en" as const,
    channel: "email" as const,
    status: "solved" as const,
    tags: ["spam"],
  };
  const { ticket } = await createTicket(input, customer);
  await settle();
  return ticket.ticketId;
};

/** Every report counter item of this month, keyed by its sort key, metrics only. */
const counterItems = () => reportCounterItems(dayIn(ZONE).slice(0, 7));

describe("the rebuild", () => {
  it("writes exactly the counter items the live events wrote, owner changes and spam included", async () => {
    // Unowned, answered then solved by Alice from the shared queue: both count for her.
    const shared = await opened();
    await reply(alice, shared);
    await patch(alice, shared, { status: "solved" });
    // Unowned, Bob answers and solves in one reply.
    const oneReply = await opened();
    await reply(bob, oneReply, "solved");
    // Owned by Alice when she answers, reassigned to Bob, who solves it.
    const handedOver = await opened();
    await patch(admin, handedOver, { assigneeId: alice.agent.agentId });
    await reply(alice, handedOver);
    await patch(admin, handedOver, { assigneeId: bob.agent.agentId });
    await patch(bob, handedOver, { status: "solved" });
    // Unowned when Alice answers (hers), then given to Bob; the admin solves it (Bob's, the owner's, as live).
    const takenLater = await opened();
    await reply(alice, takenLater);
    await patch(admin, takenLater, { assigneeId: bob.agent.agentId });
    await patch(admin, takenLater, { status: "solved" });
    // Owned, answered, then let go to the shared queue, and solved by Bob from there (his, the ticket is unowned).
    const letGo = await opened();
    await patch(admin, letGo, { assigneeId: alice.agent.agentId });
    await reply(alice, letGo);
    await patch(admin, letGo, { assigneeId: null });
    await patch(bob, letGo, { status: "solved" });

    // Filed as spam and left so: in no figure.
    await filedAsSpam(1);
    // Filed as spam, taken out of it and reopened by an agent: created from then on, answered and solved by Bob.
    const rescued = await filedAsSpam(2);
    await patch(bob, rescued, { tags: [], status: "open" });
    await reply(bob, rescued, "solved");
    // Taken out of spam but left solved (out of the figures), then the customer writes: reopened only, as live.
    const untaggedSolved = await filedAsSpam(3);
    await patch(alice, untaggedSolved, { tags: [] });
    await addCustomerMessage(untaggedSolved, { body: "Is anyone there?", channel: "email" });
    await settle();
    await reply(alice, untaggedSolved, "solved");
    // Still tagged spam, the customer writes (still out of the figures), and Alice solves it again: a solve.
    const stillTagged = await filedAsSpam(4);
    await addCustomerMessage(stillTagged, { body: "Not spam!", channel: "email" });
    await settle();
    await reply(alice, stillTagged, "solved");

    const live = await counterItems();
    // What the live counters hold for the owner cases (so this test cannot pass on two equally wrong sides).
    const agentItem = (who: Who) =>
      Object.entries(live).find(([sk]) => sk.startsWith("agent#") && sk.endsWith(who.agent.agentId))?.[1] as
        | Record<string, number>
        | undefined;
    expect(agentItem(alice)).toMatchObject({ first_response: 6, reply: 6 });
    expect(agentItem(bob)).toMatchObject({ solved: 5, reply: 2 });

    await rebuildReports();
    expect(await counterItems()).toEqual(live);
  });
});
