import { beforeAll, describe, expect, it } from "vitest";
import { drainQueues } from "../../infra/local/queues.ts";
import {
  call,
  patchTicket,
  signedInAgent,
  startTestDesk,
  submitTicket,
  type TestDesk,
} from "../support/desk.ts";

let desk: TestDesk;
let admin: Awaited<ReturnType<typeof signedInAgent>>;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  admin = await signedInAgent(desk.app, { role: "admin", name: "Ada" });
  agent = await signedInAgent(desk.app, { name: "Ben" });
});

const patch = async (id: string, body: Record<string, unknown>) => {
  expect((await patchTicket(desk.app, admin.session, id, body)).status).toBe(200);
};

describe("queue filters", () => {
  it("narrows a view by priority, tier and channel, across shards and pages", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await submitTicket(desk.app, { subject: `Filter ${i}` })).id);
    await patch(ids[1]!, { priority: "urgent" });
    await patch(ids[4]!, { priority: "urgent", tier: "L2" });
    const urgent = await call(desk.app, "GET", "/api/tickets?view=all&priority=urgent&limit=1", {
      as: agent.session,
    });
    const seen = [...urgent.json.items];
    let cursor = urgent.json.cursor;
    while (cursor) {
      const next = await call(
        desk.app,
        "GET",
        `/api/tickets?view=all&priority=urgent&limit=1&cursor=${encodeURIComponent(cursor)}`,
        { as: agent.session },
      );
      seen.push(...next.json.items);
      cursor = next.json.cursor;
    }
    expect(seen.map((t: { id: string }) => t.id).sort()).toEqual([ids[1], ids[4]].sort());
    const l2 = await call(desk.app, "GET", "/api/tickets?view=all&priority=urgent&tier=L2", {
      as: agent.session,
    });
    expect(l2.json.items.map((t: { id: string }) => t.id)).toEqual([ids[4]]);
    const bad = await call(desk.app, "GET", "/api/tickets?view=all&priority=extreme", { as: agent.session });
    expect(bad.status).toBe(400);
  });
});

describe("canned replies", () => {
  it("are managed by admins and listed for agents", async () => {
    const created = await call(desk.app, "POST", "/api/admin/canned-replies", {
      as: admin.session,
      body: { title: "Welcome", body: "Hello {{requester.firstName}}" },
    });
    expect(created.status).toBe(201);
    expect(
      (
        await call(desk.app, "POST", "/api/admin/canned-replies", {
          as: agent.session,
          body: { title: "x", body: "y" },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call(desk.app, "POST", "/api/admin/canned-replies", {
          as: admin.session,
          body: { title: "", body: "y" },
        })
      ).status,
    ).toBe(400);
    const listed = await call(desk.app, "GET", "/api/canned-replies", { as: agent.session });
    expect(listed.json.items).toEqual([
      expect.objectContaining({ title: "Welcome", body: "Hello {{requester.firstName}}" }),
    ]);
    const changed = await call(desk.app, "PATCH", `/api/admin/canned-replies/${created.json.id}`, {
      as: admin.session,
      body: { title: "Hello" },
    });
    expect(changed.json.title).toBe("Hello");
    expect(
      (await call(desk.app, "DELETE", `/api/admin/canned-replies/${created.json.id}`, { as: admin.session }))
        .status,
    ).toBe(204);
    expect(
      (await call(desk.app, "DELETE", `/api/admin/canned-replies/${created.json.id}`, { as: admin.session }))
        .status,
    ).toBe(404);
  });
});

describe("presence", () => {
  it("tells each agent who else has the ticket open, and whether they are writing", async () => {
    const { id } = await submitTicket(desk.app);
    const first = await call(desk.app, "PUT", `/api/tickets/${id}/presence`, {
      as: admin.session,
      body: { state: "replying" },
    });
    expect(first.json.others).toEqual([]);
    const second = await call(desk.app, "PUT", `/api/tickets/${id}/presence`, {
      as: agent.session,
      body: { state: "viewing" },
    });
    expect(second.json.others).toEqual([expect.objectContaining({ name: "Ada", state: "replying" })]);
    expect(
      (
        await call(desk.app, "PUT", `/api/tickets/${id}/presence`, {
          as: agent.session,
          body: { state: "dancing" },
        })
      ).status,
    ).toBe(400);
  });
});

describe("queue counts", () => {
  it("follow tickets as they are created, assigned, moved and solved", async () => {
    // The counters move with the change's event, in the Reports worker: read them once it has run (and only
    // it: triage would route and assign the new ticket).
    const counts = async () => {
      await drainQueues(desk.queues.filter((q) => q.name === "Reports"));
      return (await call(desk.app, "GET", "/api/queue-counts", { as: agent.session })).json;
    };
    const before = await counts();
    const { id } = await submitTicket(desk.app);
    let now = await counts();
    expect(now.all).toBe(before.all + 1);
    expect(now.unassigned).toBe(before.unassigned + 1);
    expect(now.byStatus.new).toBe(before.byStatus.new + 1);
    await patch(id, { assigneeId: agent.agent.agentId, status: "open" });
    now = await counts();
    expect(now).toMatchObject({ mine: before.mine + 1, unassigned: before.unassigned, all: before.all + 1 });
    expect(now.byStatus.open).toBe(before.byStatus.open + 1);
    await patch(id, { status: "solved" });
    now = await counts();
    expect(now).toMatchObject({ mine: before.mine, all: before.all });
    expect(now.byStatus.solved).toBe(before.byStatus.solved + 1);
  });
});
