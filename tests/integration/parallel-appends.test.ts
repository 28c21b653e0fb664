import { beforeAll, describe, expect, it } from "vitest";
import { call, signedInAgent, startTestDesk, submitTicket, type TestDesk } from "../support/desk.ts";

// Appends without If-Match promise to retry on a concurrent change; these race on one ticket against DynamoDB Local.
let desk: TestDesk;
let agents: Awaited<ReturnType<typeof signedInAgent>>[];
beforeAll(async () => {
  desk = await startTestDesk();
  agents = [await signedInAgent(desk.app, { name: "Ada" }), await signedInAgent(desk.app, { name: "Brice" })];
});

const timelineOf = async (id: string) =>
  (await call(desk.app, "GET", `/api/tickets/${id}`, { as: agents[0]!.session })).json as {
    version: number;
    replyCount?: number;
    timeline: { kind: string; body: string | null }[];
  };

describe("parallel appends without If-Match", () => {
  it("files 20 simultaneous replies: 20 × 201 and 20 replies on the timeline", async () => {
    const { id } = await submitTicket(desk.app);
    const before = await timelineOf(id);
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call(desk.app, "POST", `/api/tickets/${id}/replies`, {
          as: agents[i % 2]!.session,
          body: { body: `Parallel reply ${i}` },
        }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201));
    const after = await timelineOf(id);
    const replies = after.timeline.filter((e) => e.kind === "agent_reply").map((e) => e.body);
    expect(replies.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `Parallel reply ${i}`).sort());
    // One version per reply (the first also opens the ticket in the same write), none lost or doubled.
    expect(after.version).toBe(before.version + 20);
    expect(new Set(responses.map((r) => r.json.ticket.version)).size).toBe(20);
  });

  it("files 20 simultaneous notes and replies mixed", async () => {
    const { id } = await submitTicket(desk.app);
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call(desk.app, "POST", `/api/tickets/${id}/${i % 2 ? "notes" : "replies"}`, {
          as: agents[i % 2]!.session,
          body: { body: `Mixed ${i}` },
        }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201));
    const after = await timelineOf(id);
    const written = after.timeline.filter((e) => e.body?.startsWith("Mixed ")).map((e) => e.body);
    expect(written).toHaveLength(20);
  });

  it("still refuses a stale If-Match with 412 (only appends without it retry)", async () => {
    const { id } = await submitTicket(desk.app);
    const etag = (await call(desk.app, "GET", `/api/tickets/${id}`, { as: agents[0]!.session })).headers.get(
      "etag",
    )!;
    const first = await call(desk.app, "POST", `/api/tickets/${id}/notes`, {
      as: agents[0]!.session,
      headers: { "if-match": etag },
      body: { body: "first" },
    });
    const stale = await call(desk.app, "POST", `/api/tickets/${id}/notes`, {
      as: agents[1]!.session,
      headers: { "if-match": etag },
      body: { body: "second" },
    });
    expect(first.status).toBe(201);
    expect(stale.status).toBe(412);
    expect(stale.json.error.code).toBe("stale_version");
  });
});
