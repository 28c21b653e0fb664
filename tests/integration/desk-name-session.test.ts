import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { forgetDeskNames } from "../../core/desk/name.ts";
import { store } from "../../core/store/index.ts";
import { call, signedInAgent, startTestDesk, type TestDesk } from "../support/desk.ts";

/**
 * The desk's name rides on the session the app reads at start and at sign-in (GET /api/auth/me, POST
 * /api/auth/login). It is only the header's words: a name the desk cannot read must not cost an agent the app.
 */

let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  agent = await signedInAgent(desk.app);
});
afterAll(async () => {
  await store().entities.setting.delete({ name: "desk-name" }).go();
  forgetDeskNames();
});

describe("a desk name that cannot be read", () => {
  it("leaves the session and sign-in working, with DESK_NAME's default names, and says so in the log", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      // A setting no version of the desk wrote (hand-edited, or a later deploy's shape read by an older function).
      await store()
        .entities.setting.put({
          name: "desk-name",
          value: { name: 42 },
          updatedAt: "2026-12-07T00:00:00.000Z",
        })
        .go();
      forgetDeskNames();
      const me = await call(desk.app, "GET", "/api/auth/me", { as: agent.session });
      expect(me.status).toBe(200);
      expect(me.json.agent.email).toBe(agent.email);
      expect(me.json.deskName).toEqual({ en: "Help desk", fr: "Centre d'assistance" });
      const login = await call(desk.app, "POST", "/api/auth/login", {
        body: { email: agent.email, password: agent.password },
      });
      expect(login.status).toBe(200);
      expect(login.json.deskName).toEqual({ en: "Help desk", fr: "Centre d'assistance" });
      expect(logged).toHaveBeenCalled();
    } finally {
      logged.mockRestore();
    }
  });
});
