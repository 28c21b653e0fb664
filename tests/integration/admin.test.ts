import { beforeAll, describe, expect, it } from "vitest";
import { call, login, signedInAgent, startTestDesk, type TestDesk } from "../support/desk.ts";

let desk: TestDesk;
let admin: Awaited<ReturnType<typeof signedInAgent>>;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  admin = await signedInAgent(desk.app, { role: "admin" });
  agent = await signedInAgent(desk.app);
});

describe("admin API", () => {
  it("is refused to agents (403) and to strangers (401)", async () => {
    for (const [method, path] of [
      ["GET", "/api/admin/agents"],
      ["POST", "/api/admin/agents"],
      ["POST", "/api/admin/teams"],
      ["POST", "/api/admin/categories"],
      ["POST", "/api/admin/api-tokens"],
    ]) {
      const body = method === "GET" ? undefined : {};
      expect((await call(desk.app, method!, path!, { as: agent.session, body })).status, path).toBe(403);
      expect((await call(desk.app, method!, path!, { body })).status, path).toBe(401);
    }
  });

  it("creates a team and a category, and refuses duplicates and bad ids", async () => {
    const team = await call(desk.app, "POST", "/api/admin/teams", {
      as: admin.session,
      body: { id: "hardware", name: "Hardware" },
    });
    expect(team.status).toBe(201);
    const again = await call(desk.app, "POST", "/api/admin/teams", {
      as: admin.session,
      body: { id: "hardware", name: "Other" },
    });
    expect(again.status).toBe(409);
    const bad = await call(desk.app, "POST", "/api/admin/teams", {
      as: admin.session,
      body: { id: "Bad Id!", name: "x" },
    });
    expect(bad.json.error.fields.id).toBeDefined();
    // "all", "none" and "unassigned" name the whole desk, no team and nobody in queues and reports.
    for (const id of ["all", "none", "unassigned"]) {
      const reserved = await call(desk.app, "POST", "/api/admin/teams", {
        as: admin.session,
        body: { id, name: id },
      });
      expect(reserved.json.error.fields.id).toContain("reserved");
    }
    const category = await call(desk.app, "POST", "/api/admin/categories", {
      as: admin.session,
      body: { id: "printing", name: "Printing", defaultTeam: "hardware" },
    });
    expect(category.json).toEqual({
      id: "printing",
      name: "Printing",
      nameFr: null,
      defaultTeam: "hardware",
      keywords: [],
    });
    const orphan = await call(desk.app, "POST", "/api/admin/categories", {
      as: admin.session,
      body: { id: "x", name: "X", defaultTeam: "ghosts" },
    });
    expect(orphan.status).toBe(400);
    const teams = await call(desk.app, "GET", "/api/teams", { as: agent.session });
    expect(teams.json.items.map((t: { id: string }) => t.id)).toContain("hardware");
    const renamed = await call(desk.app, "PATCH", "/api/admin/teams/hardware", {
      as: admin.session,
      body: { name: "Devices" },
    });
    expect(renamed.json.name).toBe("Devices");
  });

  it("creates an agent who can then sign in; the same email twice is refused", async () => {
    const body = {
      email: "New.Agent@desk.test",
      name: "New Agent",
      password: "a long enough password",
      teams: ["hardware"],
    };
    await call(desk.app, "POST", "/api/admin/teams", {
      as: admin.session,
      body: { id: "hardware", name: "Hardware" },
    });
    const created = await call(desk.app, "POST", "/api/admin/agents", { as: admin.session, body });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      email: "new.agent@desk.test",
      role: "agent",
      teams: ["hardware"],
      active: true,
    });
    const session = await login(desk.app, "new.agent@desk.test", "a long enough password");
    expect((await call(desk.app, "GET", "/api/tickets?view=unassigned", { as: session })).status).toBe(200);
    const twice = await call(desk.app, "POST", "/api/admin/agents", {
      as: admin.session,
      body: { ...body, email: "new.agent@DESK.test" },
    });
    expect(twice.status).toBe(409);
    expect(twice.json.error.code).toBe("email_taken");
    const weak = await call(desk.app, "POST", "/api/admin/agents", {
      as: admin.session,
      body: { ...body, email: "w@desk.test", password: "short" },
    });
    expect(weak.json.error.fields.password).toBeDefined();
  });

  it("deactivating an agent ends their access at the next request", async () => {
    const victim = await signedInAgent(desk.app);
    const off = await call(desk.app, "PATCH", `/api/admin/agents/${victim.agent.agentId}`, {
      as: admin.session,
      body: { active: false },
    });
    expect(off.json.active).toBe(false);
    expect((await call(desk.app, "GET", "/api/tickets", { as: victim.session })).status).toBe(401);
    const again = await call(desk.app, "POST", "/api/auth/login", {
      body: { email: victim.email, password: victim.password },
    });
    expect(again.status).toBe(401);
  });

  it("changes an agent's email atomically, freeing the old one", async () => {
    const mover = await signedInAgent(desk.app);
    const moved = await call(desk.app, "PATCH", `/api/admin/agents/${mover.agent.agentId}`, {
      as: admin.session,
      body: { email: "moved@desk.test" },
    });
    expect(moved.json.email).toBe("moved@desk.test");
    await login(desk.app, "moved@desk.test", mover.password);
    const reuse = await call(desk.app, "POST", "/api/admin/agents", {
      as: admin.session,
      body: { email: mover.email, name: "Reuse", password: "another long password" },
    });
    expect(reuse.status).toBe(201);
  });

  it("issues API tokens that act as an agent without a cookie or CSRF, until revoked", async () => {
    const issued = await call(desk.app, "POST", "/api/admin/api-tokens", {
      as: admin.session,
      body: { name: "CRM sync", agentId: agent.agent.agentId },
    });
    expect(issued.status).toBe(201);
    const bearer = { authorization: `Bearer ${issued.json.token}` };
    const created = await call(desk.app, "POST", "/api/agent/tickets", {
      headers: bearer,
      body: {
        name: "Api User",
        email: "api@example.com",
        subject: "From CRM",
        message: "Synced",
        channel: "api",
      },
    });
    expect(created.status).toBe(201);
    expect(created.json.ticket.channel).toBe("api");
    const listed = await call(desk.app, "GET", "/api/admin/api-tokens", { as: admin.session });
    expect(listed.text).not.toContain(issued.json.token);
    expect((await call(desk.app, "GET", "/api/admin/agents", { headers: bearer })).status).toBe(403);
    await call(desk.app, "DELETE", `/api/admin/api-tokens/${issued.json.id}`, { as: admin.session });
    expect((await call(desk.app, "GET", "/api/tickets", { headers: bearer })).status).toBe(401);
    expect(
      (await call(desk.app, "GET", "/api/tickets", { headers: { authorization: "Bearer dsk_forged" } }))
        .status,
    ).toBe(401);
  });
});

describe("public endpoints", () => {
  it("answers health and serves the OpenAPI document", async () => {
    expect((await call(desk.app, "GET", "/api/health")).status).toBe(200);
    const doc = await call(desk.app, "GET", "/api/openapi.json");
    expect(doc.json.openapi).toBe("3.1.0");
    for (const path of [
      "/tickets",
      "/tickets/{id}",
      "/portal/tickets/{id}",
      "/auth/login",
      "/admin/agents",
    ]) {
      expect(Object.keys(doc.json.paths), path).toContain(path);
    }
    const missing = await call(desk.app, "GET", "/api/nope");
    expect(missing.json.error.code).toBe("not_found");
  });
});
