import { beforeAll, describe, expect, it } from "vitest";
import { createOrResetAdmin } from "../../core/agent/bootstrap.ts";
import { apiTokenAgent } from "../../core/auth/api-token.ts";
import { call, login, type Session, signedInAgent, startTestDesk, type TestDesk } from "../support/desk.ts";

let desk: TestDesk;
let admin: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  admin = await signedInAgent(desk.app, { role: "admin" });
});

const alive = async (session: Session) =>
  (await call(desk.app, "GET", "/api/auth/me", { as: session })).status;
const changeAgent = (agentId: string, body: Record<string, unknown>) =>
  call(desk.app, "PATCH", `/api/admin/agents/${agentId}`, { as: admin.session, body });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const issueToken = (body: Record<string, unknown>) =>
  call(desk.app, "POST", "/api/admin/api-tokens", { as: admin.session, body });

describe("sessions end when credentials change", () => {
  it("a password change through the admin API ends every session of that agent, and only theirs", async () => {
    const victim = await signedInAgent(desk.app);
    const second = await login(desk.app, victim.email, victim.password);
    const bystander = await signedInAgent(desk.app);
    expect((await changeAgent(victim.agent.agentId, { password: "a brand new password" })).status).toBe(200);
    expect(await alive(victim.session)).toBe(401);
    expect(await alive(second)).toBe(401);
    expect(await alive(bystander.session)).toBe(200);
    const fresh = await login(desk.app, victim.email, "a brand new password");
    expect(await alive(fresh)).toBe(200);
  });

  it("a role change ends the sessions: old sessions never gain (or keep) admin rights", async () => {
    const riser = await signedInAgent(desk.app);
    expect((await changeAgent(riser.agent.agentId, { role: "admin" })).status).toBe(200);
    expect((await call(desk.app, "GET", "/api/admin/agents", { as: riser.session })).status).toBe(401);
    const asAdmin = await login(desk.app, riser.email, riser.password);
    expect((await call(desk.app, "GET", "/api/admin/agents", { as: asAdmin })).status).toBe(200);
    expect((await changeAgent(riser.agent.agentId, { role: "agent" })).status).toBe(200);
    expect((await call(desk.app, "GET", "/api/admin/agents", { as: asAdmin })).status).toBe(401);
  });

  it("other changes (name, away, capacity) leave sessions alone", async () => {
    const agent = await signedInAgent(desk.app);
    await changeAgent(agent.agent.agentId, { name: "Renamed", away: true, capacity: 5 });
    expect(await alive(agent.session)).toBe(200);
  });

  it("deactivation ends sessions and tokens; reactivation revives neither and needs a new sign-in", async () => {
    const leaver = await signedInAgent(desk.app);
    const token = (await issueToken({ name: "Leaver's sync", agentId: leaver.agent.agentId })).json.token;
    expect((await call(desk.app, "GET", "/api/tickets", { headers: bearer(token) })).status).toBe(200);
    await changeAgent(leaver.agent.agentId, { active: false });
    const whileOff = await issueToken({ name: "x", agentId: leaver.agent.agentId });
    expect(whileOff.json.error.code).toBe("agent_inactive");
    await changeAgent(leaver.agent.agentId, { active: true });
    expect(await alive(leaver.session)).toBe(401);
    expect((await call(desk.app, "GET", "/api/tickets", { headers: bearer(token) })).status).toBe(401);
    expect(await alive(await login(desk.app, leaver.email, leaver.password))).toBe(200);
    const renewed = (await issueToken({ name: "Renewed", agentId: leaver.agent.agentId })).json.token;
    expect((await call(desk.app, "GET", "/api/tickets", { headers: bearer(renewed) })).status).toBe(200);
  });
});

describe("sign out everywhere (POST /api/auth/logout-everywhere)", () => {
  it("ends every session of the calling agent, the calling one too, and only theirs; API tokens stay", async () => {
    const agent = await signedInAgent(desk.app);
    const phone = await login(desk.app, agent.email, agent.password);
    const bystander = await signedInAgent(desk.app);
    const token = (await issueToken({ name: "Sync", agentId: agent.agent.agentId, scope: "write" })).json
      .token;
    const ended = await call(desk.app, "POST", "/api/auth/logout-everywhere", { as: phone });
    expect(ended.status).toBe(204);
    expect(ended.headers.get("set-cookie") ?? "").toMatch(/desk_session=;/);
    expect(await alive(phone)).toBe(401);
    expect(await alive(agent.session)).toBe(401);
    expect(await alive(bystander.session)).toBe(200);
    expect((await call(desk.app, "GET", "/api/tickets", { headers: bearer(token) })).status).toBe(200);
    expect(await alive(await login(desk.app, agent.email, agent.password))).toBe(200);
  });

  it("needs the session's CSRF token, and a live session", async () => {
    const agent = await signedInAgent(desk.app);
    const forged = await call(desk.app, "POST", "/api/auth/logout-everywhere", {
      as: agent.session,
      headers: { "x-csrf-token": "not-the-token" },
    });
    expect(forged.status).toBe(403);
    expect(forged.json.error.code).toBe("csrf_failed");
    expect(await alive(agent.session)).toBe(200);
    const anonymous = await call(desk.app, "POST", "/api/auth/logout-everywhere");
    expect(anonymous.status).toBe(401);
  });

  it("is refused to an API token: a leaked integration's token cannot keep its agent signed out", async () => {
    const agent = await signedInAgent(desk.app);
    const token = (await issueToken({ name: "Leaky", agentId: agent.agent.agentId, scope: "write" })).json
      .token;
    const byToken = await call(desk.app, "POST", "/api/auth/logout-everywhere", { headers: bearer(token) });
    expect(byToken.status).toBe(403);
    expect(byToken.json.error.code).toBe("session_required");
    // Nor beside a cookie, whose CSRF token it would skip.
    const both = await call(desk.app, "POST", "/api/auth/logout-everywhere", {
      as: agent.session,
      headers: bearer(token),
    });
    expect(both.status).toBe(403);
    expect(await alive(agent.session)).toBe(200);
  });
});

describe("the admin command (npm run admin)", () => {
  it("resets a password without changing the role, and ends the agent's sessions", async () => {
    const agent = await signedInAgent(desk.app);
    const { outcome, agent: after } = await createOrResetAdmin(agent.email, "reset by the command line");
    expect(outcome).toBe("reset");
    expect(after.role).toBe("agent");
    expect(await alive(agent.session)).toBe(401);
    await expect(login(desk.app, agent.email, agent.password)).rejects.toThrow(/401/);
    const fresh = await login(desk.app, agent.email, "reset by the command line");
    expect((await call(desk.app, "GET", "/api/auth/me", { as: fresh })).json.agent.role).toBe("agent");
    expect((await call(desk.app, "GET", "/api/admin/agents", { as: fresh })).status).toBe(403);
  });

  it("leaves a deactivated agent deactivated unless --promote", async () => {
    const gone = await signedInAgent(desk.app);
    await changeAgent(gone.agent.agentId, { active: false });
    const reset = await createOrResetAdmin(gone.email, "another reset password");
    expect(reset.agent.active).toBe(false);
    const promoted = await createOrResetAdmin(gone.email, "promoted password here", { promote: true });
    expect(promoted).toMatchObject({ outcome: "promoted", agent: { role: "admin", active: true } });
    const session = await login(desk.app, gone.email, "promoted password here");
    expect((await call(desk.app, "GET", "/api/admin/agents", { as: session })).status).toBe(200);
  });

  it("creates an admin for a new address (the first-admin path)", async () => {
    const created = await createOrResetAdmin("first.admin@desk.test", "first admin password");
    expect(created).toMatchObject({ outcome: "created", agent: { role: "admin", active: true } });
  });
});

describe("API tokens", () => {
  it("carry a scope: read is GET only, write is an agent's work, admin reaches the admin APIs", async () => {
    const id = admin.agent.agentId;
    const [read, write, full] = await Promise.all(
      (["read", "write", "admin"] as const).map(async (scope) => {
        const issued = await issueToken({ name: `${scope} token`, agentId: id, scope });
        expect(issued.json).toMatchObject({ scope, expiresAt: null });
        return bearer(issued.json.token);
      }),
    );
    const newTicket = {
      name: "Api User",
      email: "api@example.com",
      subject: "From CRM",
      message: "Synced",
      channel: "api",
    };
    expect((await call(desk.app, "GET", "/api/tickets", { headers: read })).status).toBe(200);
    const refused = await call(desk.app, "POST", "/api/agent/tickets", { headers: read, body: newTicket });
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe("token_scope");
    expect((await call(desk.app, "GET", "/api/admin/agents", { headers: read })).status).toBe(403);
    expect(
      (await call(desk.app, "POST", "/api/agent/tickets", { headers: write, body: newTicket })).status,
    ).toBe(201);
    // An admin's write token is still not an admin token.
    expect((await call(desk.app, "GET", "/api/admin/agents", { headers: write })).status).toBe(403);
    expect((await call(desk.app, "GET", "/api/admin/agents", { headers: full })).status).toBe(200);
  });

  it("never carry more than the agent's role", async () => {
    const agent = await signedInAgent(desk.app);
    const tooMuch = await issueToken({ name: "x", agentId: agent.agent.agentId, scope: "admin" });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.json.error.fields.scope).toBeDefined();
    const boss = await signedInAgent(desk.app, { role: "admin" });
    const token = bearer(
      (await issueToken({ name: "boss", agentId: boss.agent.agentId, scope: "admin" })).json.token,
    );
    expect((await call(desk.app, "GET", "/api/admin/agents", { headers: token })).status).toBe(200);
    await changeAgent(boss.agent.agentId, { role: "agent" });
    expect((await call(desk.app, "GET", "/api/admin/agents", { headers: token })).status).toBe(403);
    expect((await call(desk.app, "GET", "/api/tickets", { headers: token })).status).toBe(200);
  });

  it("expire when asked to, and are listed with scope and expiry but never the secret", async () => {
    const agent = await signedInAgent(desk.app);
    const inTwoHours = new Date(Date.now() + 2 * 3600_000);
    const issued = await issueToken({
      name: "Short-lived",
      agentId: agent.agent.agentId,
      scope: "read",
      expiresAt: inTwoHours.toISOString(),
    });
    expect(issued.status).toBe(201);
    expect(Date.parse(issued.json.expiresAt)).toBe(Math.floor(inTwoHours.getTime() / 1000) * 1000);
    expect(await apiTokenAgent(issued.json.token)).toMatchObject({ scope: "read" });
    expect(await apiTokenAgent(issued.json.token, new Date(inTwoHours.getTime() + 1000))).toBeNull();
    const past = await issueToken({
      name: "Already over",
      agentId: agent.agent.agentId,
      expiresAt: new Date(Date.now() - 60_000).toISOString(),
    });
    expect(past.json.error.fields.expiresAt).toBeDefined();
    const listed = await call(desk.app, "GET", "/api/admin/api-tokens", { as: admin.session });
    expect(listed.text).not.toContain(issued.json.token.slice("dsk_".length + 27)); // the secret part
    expect(listed.json.items.find((t: { id: string }) => t.id === issued.json.id)).toMatchObject({
      name: "Short-lived",
      scope: "read",
      expiresAt: issued.json.expiresAt,
    });
  });

  it("stop working at once when revoked", async () => {
    const agent = await signedInAgent(desk.app);
    const issued = (await issueToken({ name: "Revoke me", agentId: agent.agent.agentId })).json;
    expect((await call(desk.app, "GET", "/api/tickets", { headers: bearer(issued.token) })).status).toBe(200);
    const revoked = await call(desk.app, "DELETE", `/api/admin/api-tokens/${issued.id}`, {
      as: admin.session,
    });
    expect(revoked.status).toBe(204);
    expect((await call(desk.app, "GET", "/api/tickets", { headers: bearer(issued.token) })).status).toBe(401);
    const listed = await call(desk.app, "GET", "/api/admin/api-tokens", { as: admin.session });
    expect(listed.json.items.map((t: { id: string }) => t.id)).not.toContain(issued.id);
  });
});
