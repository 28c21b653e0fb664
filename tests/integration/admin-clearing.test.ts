import { beforeAll, describe, expect, it } from "vitest";
import { call, signedInAgent, startTestDesk, type TestDesk } from "../support/desk.ts";

let desk: TestDesk;
let admin: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  admin = await signedInAgent(desk.app, { role: "admin" });
});

const post = (path: string, body: unknown) => call(desk.app, "POST", path, { as: admin.session, body });
const patch = (path: string, body: unknown) => call(desk.app, "PATCH", path, { as: admin.session, body });

describe("admin: clearing a value and the KB's reserved category id", () => {
  it("clears a category's default team with null (and keeps it when the field is left out)", async () => {
    expect((await post("/api/admin/teams", { id: "clear-net", name: "Network" })).status).toBe(201);
    const created = await post("/api/admin/categories", {
      id: "clear-vpn",
      name: "VPN",
      defaultTeam: "clear-net",
    });
    expect(created.json.defaultTeam).toBe("clear-net");
    const renamed = await patch("/api/admin/categories/clear-vpn", { name: "VPN access" });
    expect(renamed.json.defaultTeam).toBe("clear-net");
    const cleared = await patch("/api/admin/categories/clear-vpn", { defaultTeam: null });
    expect(cleared.status).toBe(200);
    expect(cleared.json.defaultTeam).toBeNull();
    const listed = await call(desk.app, "GET", "/api/categories", { as: admin.session });
    const vpn = listed.json.items.find((c: { id: string }) => c.id === "clear-vpn");
    expect(vpn).toMatchObject({ name: "VPN access", defaultTeam: null });
  });

  it("clears a team's tier with null", async () => {
    expect(
      (await post("/api/admin/teams", { id: "clear-l2", name: "Second line", tier: "L2" })).json.tier,
    ).toBe("L2");
    const cleared = await patch("/api/admin/teams/clear-l2", { tier: null });
    expect(cleared.status).toBe(200);
    expect(cleared.json.tier).toBeNull();
    expect((await patch("/api/admin/teams/clear-l2", { tier: "L3" })).json.tier).toBe("L3");
  });

  it('refuses a category with the id "general" (the KB\'s "no category") with a stable code', async () => {
    const refused = await post("/api/admin/categories", { id: "general", name: "Général" });
    expect(refused.status).toBe(400);
    expect(refused.json.error.code).toBe("reserved_id");
    expect(refused.json.error.fields.id).toContain("general");
    const listed = await call(desk.app, "GET", "/api/categories", { as: admin.session });
    expect(listed.json.items.map((c: { id: string }) => c.id)).not.toContain("general");
  });
});
