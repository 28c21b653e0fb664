import { beforeAll, describe, expect, it } from "vitest";
import { createTeam } from "../../core/agent/directory.ts";
import { limitInOneWindow } from "../support/clock.ts";
import { call, signedInAgent, startTestDesk, submitTicket, type TestDesk } from "../support/desk.ts";

let desk: TestDesk;
let alice: Awaited<ReturnType<typeof signedInAgent>>;
let bob: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  alice = await signedInAgent(desk.app, { teams: ["support"], name: "Alice" });
  bob = await signedInAgent(desk.app, { teams: ["network"], name: "Bob" });
});

const get = (path: string, as = alice.session) => call(desk.app, "GET", path, { as });
const patch = (id: string, body: unknown, ifMatch?: string, as = alice.session) =>
  call(desk.app, "PATCH", `/api/tickets/${id}`, {
    as,
    body,
    headers: ifMatch ? { "if-match": ifMatch } : {},
  });
const etagOf = async (id: string) => (await get(`/api/tickets/${id}`)).headers.get("etag")!;

describe("agent sign-in", () => {
  it("answers 401 on every agent route without a session", async () => {
    for (const [method, path] of [
      ["GET", "/api/tickets"],
      ["GET", "/api/tickets/x"],
      ["PATCH", "/api/tickets/x"],
      ["POST", "/api/tickets/x/replies"],
      ["POST", "/api/tickets/x/notes"],
      ["POST", "/api/agent/tickets"],
      ["GET", "/api/auth/me"],
    ]) {
      const response = await call(desk.app, method!, path!, { body: method === "GET" ? undefined : {} });
      expect(response.status, `${method} ${path}`).toBe(401);
      expect(response.json.error.code).toBe("unauthorized");
    }
  });

  it("sets an HttpOnly SameSite cookie, knows who is signed in, and signs out", async () => {
    const response = await call(desk.app, "POST", "/api/auth/login", {
      body: { email: alice.email, password: alice.password },
    });
    expect(response.headers.get("set-cookie")).toMatch(/HttpOnly/);
    expect(response.headers.get("set-cookie")).toMatch(/SameSite=Lax/);
    const session = {
      cookie: response.headers.get("set-cookie")!.split(";")[0]!,
      csrf: response.json.csrfToken,
    };
    const me = await call(desk.app, "GET", "/api/auth/me", { as: session });
    expect(me.json.agent).toMatchObject({ email: alice.email, role: "agent" });
    expect(me.json.agent.passwordHash).toBeUndefined();
    await call(desk.app, "POST", "/api/auth/logout", { as: session });
    expect((await call(desk.app, "GET", "/api/auth/me", { as: session })).status).toBe(401);
  });

  it("refuses a wrong password without saying whether the address exists", async () => {
    const wrong = await call(desk.app, "POST", "/api/auth/login", {
      body: { email: alice.email, password: "nope-nope-nope" },
    });
    const unknown = await call(desk.app, "POST", "/api/auth/login", {
      body: { email: "nobody@desk.test", password: "nope-nope-nope" },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.json).toEqual(wrong.json);
  });

  it("rate-limits login attempts per address", async () => {
    process.env.DESK_LIMIT_LOGINS_PER_EMAIL = limitInOneWindow(3, 900);
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      statuses.push(
        (
          await call(desk.app, "POST", "/api/auth/login", {
            body: { email: "target@desk.test", password: "guess-guess" },
          })
        ).status,
      );
    }
    delete process.env.DESK_LIMIT_LOGINS_PER_EMAIL;
    expect(statuses).toEqual([401, 401, 401, 429]);
  });

  it("refuses cookie-authenticated writes without the CSRF token", async () => {
    const { id } = await submitTicket(desk.app);
    const response = await call(desk.app, "POST", `/api/tickets/${id}/notes`, {
      as: alice.session,
      headers: { "x-csrf-token": "wrong" },
      body: { body: "hi" },
    });
    expect(response.status).toBe(403);
    expect(response.json.error.code).toBe("csrf_failed");
  });

  it("ends a live session only with its CSRF token; an expired one signs out without it", async () => {
    const leaving = await signedInAgent(desk.app, { name: "Lee Leaving" });
    const forged = await call(desk.app, "POST", "/api/auth/logout", {
      as: leaving.session,
      headers: { "x-csrf-token": "wrong" },
    });
    expect(forged.status).toBe(403);
    expect(forged.json.error.code).toBe("csrf_failed");
    expect((await call(desk.app, "GET", "/api/auth/me", { as: leaving.session })).status).toBe(200);
    expect((await call(desk.app, "POST", "/api/auth/logout", { as: leaving.session })).status).toBe(204);
    expect((await call(desk.app, "GET", "/api/auth/me", { as: leaving.session })).status).toBe(401);
    // The session is gone: a sign-out without a token still clears the cookie.
    const again = await call(desk.app, "POST", "/api/auth/logout", {
      as: leaving.session,
      headers: { "x-csrf-token": "" },
    });
    expect(again.status).toBe(204);
  });
});

describe("working a ticket", () => {
  it("shows the ticket with its whole timeline and an ETag; If-None-Match answers 304", async () => {
    const { id, number } = await submitTicket(desk.app, { subject: "Mail bounce", message: "First message" });
    const response = await get(`/api/tickets/${id}`);
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ id, number, subject: "Mail bounce", status: "new", version: 1 });
    expect(response.json.timeline).toHaveLength(1);
    expect(response.json.timeline[0]).toMatchObject({ kind: "customer_message", body: "First message" });
    // The version and the view stamp (core/ticket/view-stamp.ts viewTag).
    const etag = response.headers.get("etag")!;
    expect(etag).toMatch(/^"1\.\d+"$/);
    const again = await call(desk.app, "GET", `/api/tickets/${id}`, {
      as: alice.session,
      headers: { "if-none-match": etag },
    });
    expect(again.status).toBe(304);
    expect((await get(`/api/tickets/by-number/${number}`)).json.id).toBe(id);
    expect((await get("/api/tickets/by-number/999999")).status).toBe(404);
  });

  it("replies, notes, changes status, priority, team, assignee and tags, each on the timeline", async () => {
    const { id } = await submitTicket(desk.app);
    const reply = await call(desk.app, "POST", `/api/tickets/${id}/replies`, {
      as: alice.session,
      body: { body: "Looking into it" },
    });
    expect(reply.status).toBe(201);
    expect(reply.json.ticket.status).toBe("open");
    expect(reply.json.ticket.firstResponseAt).not.toBeNull();
    expect(reply.json.entry).toMatchObject({ kind: "agent_reply", delivery: { status: "queued" } });
    const note = await call(desk.app, "POST", `/api/tickets/${id}/notes`, {
      as: alice.session,
      body: { body: "Internal" },
    });
    expect(note.json.entry.kind).toBe("internal_note");

    const changed = await patch(
      id,
      {
        status: "pending",
        priority: "high",
        team: "network",
        assigneeId: bob.agent.agentId,
        tags: ["VPN", "vip"],
      },
      await etagOf(id),
    );
    expect(changed.status).toBe(200);
    expect(changed.json).toMatchObject({
      status: "pending",
      priority: "high",
      team: "network",
      assigneeId: bob.agent.agentId,
      tags: ["vip", "vpn"],
    });
    const timeline = (await get(`/api/tickets/${id}`)).json.timeline;
    const last = timeline.at(-1);
    expect(last.kind).toBe("event");
    expect(last.author).toMatchObject({ type: "agent", id: alice.agent.agentId });
    expect(last.changes).toEqual(
      expect.arrayContaining([
        { field: "status", from: "open", to: "pending" },
        { field: "priority", from: "normal", to: "high" },
        { field: "team", to: "network" },
        { field: "assigneeId", to: bob.agent.agentId },
      ]),
    );
    expect(timeline.map((e: { kind: string }) => e.kind)).toEqual([
      "customer_message",
      "agent_reply",
      "event",
      "internal_note",
      "event",
    ]);
  });

  it("requires If-Match (428) and refuses a stale version (412) without writing", async () => {
    const { id } = await submitTicket(desk.app);
    const missing = await patch(id, { priority: "low" });
    expect(missing.status).toBe(428);
    const first = await patch(id, { priority: "low" }, '"1"');
    expect(first.status).toBe(200);
    const stale = await patch(id, { priority: "urgent" }, '"1"');
    expect(stale.status).toBe(412);
    expect(stale.json.error.code).toBe("stale_version");
    expect((await get(`/api/tickets/${id}`)).json.priority).toBe("low");
  });

  it("lets exactly one of two concurrent writers with the same version win", async () => {
    const { id } = await submitTicket(desk.app);
    const [a, b] = await Promise.all([
      patch(id, { priority: "high" }, '"1"'),
      patch(id, { priority: "low" }, '"1"'),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 412]);
  });

  it("refuses illegal transitions with 409 invalid_transition", async () => {
    const { id } = await submitTicket(desk.app);
    expect((await patch(id, { status: "closed" }, await etagOf(id))).json.error.code).toBe(
      "invalid_transition",
    );
    await patch(id, { status: "solved" }, await etagOf(id));
    await patch(id, { status: "closed" }, await etagOf(id));
    const reopen = await patch(id, { status: "open" }, await etagOf(id));
    expect(reopen.status).toBe(409);
    expect(reopen.json.error.code).toBe("invalid_transition");
    const replyOnClosed = await call(desk.app, "POST", `/api/tickets/${id}/replies`, {
      as: alice.session,
      body: { body: "x" },
    });
    expect(replyOnClosed.status).toBe(409);
    expect((await patch(id, { status: "new" }, await etagOf(id))).status).toBe(409);
  });

  it("validates fields: unknown team, inactive or unknown assignee, unknown fields", async () => {
    const { id } = await submitTicket(desk.app);
    const etag = await etagOf(id);
    expect((await patch(id, { team: "no-such-team" }, etag)).json.error.fields.team).toBeDefined();
    expect((await patch(id, { assigneeId: "nobody" }, etag)).json.error.fields.assigneeId).toBeDefined();
    expect((await patch(id, { colour: "red" }, etag)).status).toBe(400);
    expect((await patch(id, {}, etag)).status).toBe(400);
    expect((await patch(id, { priority: "whenever" }, etag)).json.error.fields.priority).toBeDefined();
    expect((await get(`/api/tickets/${id}`)).json.version).toBe(1);
  });

  it("sends and solves in one step", async () => {
    const { id } = await submitTicket(desk.app);
    const response = await call(desk.app, "POST", `/api/tickets/${id}/replies`, {
      as: alice.session,
      body: { body: "Fixed, closing", status: "solved" },
    });
    expect(response.json.ticket).toMatchObject({ status: "solved" });
    expect(response.json.ticket.solvedAt).not.toBeNull();
  });

  it("opens a ticket on a customer's behalf (phone)", async () => {
    const response = await call(desk.app, "POST", "/api/agent/tickets", {
      as: alice.session,
      body: {
        name: "Phil Phone",
        email: "phil@example.com",
        subject: "Called about VPN",
        message: "Cannot connect",
        priority: "high",
      },
    });
    expect(response.status).toBe(201);
    expect(response.json.ticket).toMatchObject({
      channel: "phone",
      priority: "high",
      requester: { email: "phil@example.com" },
    });
    const timeline = (await get(`/api/tickets/${response.json.ticket.id}`)).json.timeline;
    expect(timeline[1]).toMatchObject({ kind: "event", author: { id: alice.agent.agentId } });
  });
});

describe("queue views", () => {
  it("lists unassigned per team, mine, team and by status, newest activity first", async () => {
    const a = await submitTicket(desk.app, { subject: "Q-A" });
    const b = await submitTicket(desk.app, { subject: "Q-B" });
    const c = await submitTicket(desk.app, { subject: "Q-C" });
    await patch(a.id, { team: "support" }, await etagOf(a.id));
    await patch(b.id, { team: "support", assigneeId: alice.agent.agentId }, await etagOf(b.id));
    await patch(c.id, { team: "support", status: "pending" }, await etagOf(c.id));

    const subjects = (response: { json: { items: { subject: string }[] } }) =>
      response.json.items.map((t) => t.subject).filter((s) => s.startsWith("Q-"));
    expect(subjects(await get("/api/tickets?view=unassigned&team=support"))).toEqual(["Q-C", "Q-A"]);
    expect(subjects(await get("/api/tickets?view=unassigned"))).toEqual(["Q-C", "Q-A"]);
    expect(subjects(await get("/api/tickets?view=mine"))).toEqual(["Q-B"]);
    expect(subjects(await get("/api/tickets?view=team&team=support"))).toEqual(["Q-C", "Q-B", "Q-A"]);
    expect(subjects(await get("/api/tickets?view=team&team=support&status=pending"))).toEqual(["Q-C"]);
    expect(subjects(await get("/api/tickets?view=all&status=pending"))).toEqual(["Q-C"]);
    expect(subjects(await get("/api/tickets?view=mine", bob.session))).toEqual([]);

    await patch(a.id, { status: "solved" }, await etagOf(a.id));
    expect(subjects(await get("/api/tickets?view=unassigned&team=support"))).toEqual(["Q-C"]);
    expect(subjects(await get("/api/tickets?view=all&status=solved"))).toContain("Q-A");
  });

  it("pages through every open ticket across shards exactly once, in order", async () => {
    for (let i = 0; i < 23; i++) await submitTicket(desk.app, { subject: `Page ${i}` });
    const seen: { id: string; lastActivityAt: string }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `/api/tickets?view=all&limit=7${cursor ? `&cursor=${cursor}` : ""}`;
      const response = await get(query);
      expect(response.status).toBe(200);
      expect(response.json.items.length).toBeLessThanOrEqual(7);
      seen.push(...response.json.items);
      cursor = response.json.cursor;
      pages++;
    } while (cursor && pages < 50);
    const ids = seen.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    const open = (await get("/api/tickets?view=all&limit=100")).json.items.map((t: { id: string }) => t.id);
    expect(ids).toEqual(open);
    const times = seen.map((t) => t.lastActivityAt);
    expect(times).toEqual([...times].sort().reverse());
    expect(ids.length).toBeGreaterThanOrEqual(23);
  });

  it("sorts a whole view by SLA urgency (nearest deadline first, paused last), page after page", async () => {
    await createTeam({ id: "urgency", name: "Urgency" });
    const made: Record<string, string> = {};
    for (const [subject, priority] of [
      ["U-low", "low"],
      ["U-urgent", "urgent"],
      ["U-normal", "normal"],
      ["U-high", "high"],
      ["U-paused", "urgent"],
    ] as const) {
      const { id } = await submitTicket(desk.app, { subject });
      await patch(id, { team: "urgency", priority }, await etagOf(id));
      made[subject] = id;
    }
    await patch(made["U-paused"]!, { status: "pending" }, await etagOf(made["U-paused"]!));
    // The oldest activity is the most urgent: a page of activity order would not show it first.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await get(
        `/api/tickets?view=team&team=urgency&sort=sla&limit=2${cursor ? `&cursor=${cursor}` : ""}`,
      );
      expect(response.status).toBe(200);
      seen.push(...response.json.items.map((t: { subject: string }) => t.subject));
      cursor = response.json.cursor;
    } while (cursor);
    expect(seen).toEqual(["U-urgent", "U-high", "U-normal", "U-low", "U-paused"]);
    expect((await get("/api/tickets?view=team&team=urgency&sort=sla&cursor=bm9wZQ")).status).toBe(400);
  });

  it("refuses a tampered cursor and a team view without a team", async () => {
    expect((await get("/api/tickets?view=all&cursor=bm9wZQ")).json.error.code).toBe("invalid_cursor");
    expect((await get("/api/tickets?view=team")).status).toBe(400);
    expect((await get("/api/tickets?view=everything")).status).toBe(400);
  });

  it("lists a customer's tickets by email, newest first", async () => {
    const first = await submitTicket(desk.app, { email: "Repeat@Example.com", subject: "one" });
    const second = await submitTicket(desk.app, { email: "repeat@example.com", subject: "two" });
    const response = await get("/api/requesters/REPEAT@example.com/tickets");
    expect(response.json.items.map((t: { id: string }) => t.id)).toEqual([second.id, first.id]);
  });
});
