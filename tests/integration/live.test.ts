import { beforeAll, describe, expect, it } from "vitest";
import { seedDefaults } from "../../core/triage/defaults.ts";
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
  await seedDefaults();
  admin = await signedInAgent(desk.app, { role: "admin", name: "Alice Martin" });
  agent = await signedInAgent(desk.app, { name: "Bruno Petit" });
});

const marker = async () => {
  const response = await call(desk.app, "GET", "/api/changes", { as: agent.session });
  expect(response.status).toBe(200);
  expect(response.headers.get("cache-control")).toBe("no-store");
  return response.json.marker as number;
};

describe("the change marker an open queue polls", () => {
  it("moves on when a ticket is created, changed or answered, and not when one is only read", async () => {
    const start = await marker();
    const { id } = await submitTicket(desk.app, { subject: "Live queue" });
    const afterCreate = await marker();
    expect(afterCreate).toBeGreaterThan(start);

    await call(desk.app, "GET", `/api/tickets/${id}`, { as: agent.session });
    await call(desk.app, "GET", "/api/tickets?view=all", { as: agent.session });
    expect(await marker()).toBe(afterCreate);

    expect((await patchTicket(desk.app, admin.session, id, { priority: "high" })).status).toBe(200);
    const afterPatch = await marker();
    expect(afterPatch).toBeGreaterThan(afterCreate);

    const reply = await call(desk.app, "POST", `/api/tickets/${id}/replies`, {
      as: agent.session,
      body: { body: "On it" },
    });
    expect(reply.status).toBe(201);
    expect(await marker()).toBeGreaterThan(afterPatch);
  });

  it("is for signed-in agents only", async () => {
    expect((await call(desk.app, "GET", "/api/changes")).status).toBe(401);
  });
});

describe("presence, read without renewing", () => {
  it("shows who else has the ticket open, and never the one asking", async () => {
    const { id } = await submitTicket(desk.app);
    await call(desk.app, "PUT", `/api/tickets/${id}/presence`, {
      as: admin.session,
      body: { state: "replying" },
    });
    const seen = await call(desk.app, "GET", `/api/tickets/${id}/presence`, { as: agent.session });
    expect(seen.status).toBe(200);
    expect(seen.json.others).toEqual([expect.objectContaining({ name: "Alice Martin", state: "replying" })]);
    const self = await call(desk.app, "GET", `/api/tickets/${id}/presence`, { as: admin.session });
    expect(self.json.others).toEqual([]);
    expect((await call(desk.app, "GET", `/api/tickets/${id}/presence`)).status).toBe(401);
  });
});

describe("help center category headings", () => {
  it("show the category's name in the page's language, not its id", async () => {
    for (const [locale, title] of [
      ["en", "Mind the printer"],
      ["fr", "Attention à l'imprimante"],
    ] as const) {
      const created = await call(desk.app, "POST", "/api/kb/articles", {
        as: agent.session,
        body: { title, body: "Open tray 2 and pull gently.", locale, category: "printing" },
      });
      expect(created.status).toBe(201);
      const published = await call(desk.app, "PATCH", `/api/kb/articles/${created.json.id}`, {
        as: agent.session,
        body: { status: "published" },
      });
      expect(published.status).toBe(200);
    }
    const en = await (await desk.app.request("/help")).text();
    expect(en).toContain("<h2>Printing</h2>");
    const fr = await (await desk.app.request("/fr/help")).text();
    expect(fr).toContain("<h2>Impression</h2>");
    expect(`${en}${fr}`).not.toContain("<h2>printing</h2>");
  });

  it("take a French name an admin gives a category through the admin API", async () => {
    const created = await call(desk.app, "POST", "/api/admin/categories", {
      as: admin.session,
      body: { id: "phones", name: "Desk phones" },
    });
    expect(created.status).toBe(201);
    expect(created.json.nameFr).toBeNull();
    const changed = await call(desk.app, "PATCH", "/api/admin/categories/phones", {
      as: admin.session,
      body: { nameFr: "Téléphones fixes" },
    });
    expect(changed.status).toBe(200);
    expect(changed.json).toMatchObject({ name: "Desk phones", nameFr: "Téléphones fixes" });
    const bad = await call(desk.app, "PATCH", "/api/admin/categories/phones", {
      as: admin.session,
      body: { nameFr: "" },
    });
    expect(bad.status).toBe(400);
    const listed = await call(desk.app, "GET", "/api/categories", { as: agent.session });
    expect(listed.json.items).toContainEqual(
      expect.objectContaining({ id: "phones", nameFr: "Téléphones fixes" }),
    );
  });
});
