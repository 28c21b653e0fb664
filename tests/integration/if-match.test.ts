import { beforeAll, describe, expect, it } from "vitest";
import { call, signedInAgent, startTestDesk, submitTicket, type TestDesk } from "../support/desk.ts";

/**
 * If-Match as RFC 9110 §13.1.1 reads it, the same on every write that takes it (functions/api/env.ts): `*` is any
 * current representation, a list matches when one of its tags does, and a value that is no entity-tag is a bad
 * request, not a stale one.
 */
let desk: TestDesk;
let alice: Awaited<ReturnType<typeof signedInAgent>>;
let admin: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  alice = await signedInAgent(desk.app, { name: "Alice" });
  admin = await signedInAgent(desk.app, { role: "admin" });
});

const versionOf = async (id: string) =>
  (await call(desk.app, "GET", `/api/tickets/${id}`, { as: alice.session })).json.version as number;
const patch = (id: string, body: unknown, ifMatch: string) =>
  call(desk.app, "PATCH", `/api/tickets/${id}`, {
    as: alice.session,
    body,
    headers: { "if-match": ifMatch },
  });

describe("If-Match", () => {
  it("`*` proceeds: the ticket exists, whatever its version", async () => {
    const { id } = await submitTicket(desk.app);
    const changed = await patch(id, { priority: "high" }, "*");
    expect(changed.status).toBe(200);
    expect(changed.json.priority).toBe("high");
    const desk1 = await call(desk.app, "PUT", "/api/admin/desk", {
      as: admin.session,
      body: { name: "Acme Help" },
      headers: { "if-match": "*" },
    });
    expect(desk1.status).toBe(200);
  });

  it("a list matches when one of its tags is current, and is stale when none is", async () => {
    const { id } = await submitTicket(desk.app);
    const version = await versionOf(id);
    expect((await patch(id, { priority: "low" }, `"${version + 5}", "${version + 6}"`)).status).toBe(412);
    const changed = await patch(id, { priority: "low" }, `"${version + 5}", W/"${version}"`);
    expect(changed.status).toBe(200);
    expect(changed.json.priority).toBe("low");
  });

  it("a value that is no entity-tag is a bad request with a stable code, and changes nothing", async () => {
    const { id } = await submitTicket(desk.app);
    const version = await versionOf(id);
    for (const malformed of [String(version), `"${version}`, "W/", `"${version}" "x"`, `"${version}", *`]) {
      const refused = await patch(id, { priority: "urgent" }, malformed);
      expect({ malformed, status: refused.status, code: refused.json.error.code }).toEqual({
        malformed,
        status: 400,
        code: "bad_if_match",
      });
      expect(refused.json.error.message).toMatch(/If-Match/);
    }
    expect(await versionOf(id)).toBe(version);
    const note = await call(desk.app, "POST", `/api/tickets/${id}/notes`, {
      as: alice.session,
      body: { body: "Looking" },
      headers: { "if-match": "seven" },
    });
    expect(note.status).toBe(400);
  });

  it("a long run of spaces in the list is read in one pass (no quadratic backtracking)", async () => {
    const { id } = await submitTicket(desk.app);
    const version = await versionOf(id);
    const started = performance.now();
    const refused = await patch(id, { priority: "urgent" }, `"${version}",${" ".repeat(16_000)}x`);
    expect(refused.status).toBe(400);
    expect(performance.now() - started).toBeLessThan(200);
    expect((await patch(id, { priority: "low" }, `"${version}",${" ".repeat(16_000)}`)).status).toBe(200);
  });

  it("a well-formed tag naming no version of ours is stale (412), not malformed", async () => {
    const { id } = await submitTicket(desk.app);
    expect((await patch(id, { priority: "low" }, '"not-a-version"')).status).toBe(412);
  });
});
