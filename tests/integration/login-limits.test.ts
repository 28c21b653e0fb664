import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { call, signedInAgent, startTestDesk, type TestDesk } from "../support/desk.ts";

let desk: TestDesk;
beforeAll(async () => {
  desk = await startTestDesk();
  // Limits count in fixed windows: a clock frozen inside one keeps a test from straddling two (whatever the hour).
  vi.useFakeTimers({ toFake: ["Date"], now: new Date("2030-03-04T10:01:00Z") });
});
afterAll(() => {
  vi.useRealTimers();
});
afterEach(() => {
  delete process.env.DESK_LIMIT_LOGINS_PER_EMAIL;
  delete process.env.DESK_LIMIT_LOGINS_PER_IP;
  delete process.env.DESK_LIMIT_LOGINS_PER_DEVICE;
});

let ips = 0;
/** A fresh IP for each caller, so that only the limit under test can refuse. */
const freshIp = () => `192.0.2.${++ips}`;

/** A sign-in as a browser makes it: with the cookies it holds (the known-device cookie, if any). */
async function signIn(email: string, password: string, from: { ip: string; device?: string }) {
  const response = await call(desk.app, "POST", "/api/auth/login", {
    body: { email, password },
    ip: from.ip,
    headers: from.device ? { cookie: from.device } : {},
  });
  const device = response.headers
    .getSetCookie()
    .find((cookie) => cookie.startsWith("desk_device="))
    ?.split(";")[0];
  return { status: response.status, json: response.json, headers: response.headers, device };
}

describe("sign-in limits", () => {
  it("count failures only: successful sign-ins never use up the allowance", async () => {
    process.env.DESK_LIMIT_LOGINS_PER_EMAIL = "3/900";
    const alice = await signedInAgent(desk.app);
    const ip = freshIp();
    for (let i = 0; i < 6; i++) expect((await signIn(alice.email, alice.password, { ip })).status).toBe(200);
    expect((await signIn(alice.email, "wrong password", { ip })).status).toBe(401);
    expect((await signIn(alice.email, "wrong password", { ip })).status).toBe(401);
    // Two failures after six successes: still under the limit of three.
    expect((await signIn(alice.email, alice.password, { ip })).status).toBe(200);
    expect((await signIn(alice.email, "wrong password", { ip })).status).toBe(401);
    const locked = await signIn(alice.email, alice.password, { ip: freshIp() });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("a stranger's failures from anywhere do not lock out the right password from a known browser", async () => {
    const bob = await signedInAgent(desk.app);
    const { device } = await signIn(bob.email, bob.password, { ip: freshIp() });
    expect(device).toMatch(/^desk_device=dv1\./);
    // The default limit: ten failures for the address, from ten different places.
    for (let i = 0; i < 10; i++) {
      expect((await signIn(bob.email, `guess ${i}`, { ip: freshIp() })).status).toBe(401);
    }
    const stranger = freshIp();
    const refused = await signIn(bob.email, "guess 11", { ip: stranger });
    expect(refused.status).toBe(429);
    // A browser Bob never used is held back for the window, even with the right password…
    expect((await signIn(bob.email, bob.password, { ip: freshIp() })).status).toBe(429);
    // …but his own browser signs in, even from the stranger's IP, and the cookie is renewed.
    const known = await signIn(bob.email, bob.password, { ip: stranger, device });
    expect(known.status).toBe(200);
    expect(known.json.agent.email).toBe(bob.email);
    expect(known.device).toBeDefined();
  });

  it("a known-device cookie helps only the agent it was issued to", async () => {
    process.env.DESK_LIMIT_LOGINS_PER_EMAIL = "2/900";
    const carol = await signedInAgent(desk.app);
    const dave = await signedInAgent(desk.app);
    const { device: carolsBrowser } = await signIn(carol.email, carol.password, { ip: freshIp() });
    for (let i = 0; i < 2; i++) await signIn(dave.email, `guess ${i}`, { ip: freshIp() });
    const daveInCarolsBrowser = await signIn(dave.email, dave.password, {
      ip: freshIp(),
      device: carolsBrowser,
    });
    expect(daveInCarolsBrowser.status).toBe(429);
    const forged = `${carolsBrowser!.slice(0, -4)}AAAA`;
    for (let i = 0; i < 2; i++) await signIn(carol.email, `guess ${i}`, { ip: freshIp() });
    expect((await signIn(carol.email, carol.password, { ip: freshIp(), device: forged })).status).toBe(429);
    expect((await signIn(carol.email, carol.password, { ip: freshIp(), device: carolsBrowser })).status).toBe(
      200,
    );
  });

  it("failures from a known browser count per device, not against the address", async () => {
    process.env.DESK_LIMIT_LOGINS_PER_EMAIL = "2/900";
    process.env.DESK_LIMIT_LOGINS_PER_DEVICE = "3/900";
    const erin = await signedInAgent(desk.app);
    const { device } = await signIn(erin.email, erin.password, { ip: freshIp() });
    const ip = freshIp();
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await signIn(erin.email, `typo ${i}`, { ip, device })).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    // Her address was never charged: a new browser with the right password still gets in.
    expect((await signIn(erin.email, erin.password, { ip: freshIp() })).status).toBe(200);
  });

  it("limits failures per IP; a known browser behind the same IP gets ten times more", async () => {
    process.env.DESK_LIMIT_LOGINS_PER_IP = "3/900";
    const frank = await signedInAgent(desk.app);
    const { device } = await signIn(frank.email, frank.password, { ip: freshIp() });
    const office = freshIp();
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await signIn(`someone${i}@desk.test`, "spray", { ip: office })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    expect((await signIn(frank.email, frank.password, { ip: office })).status).toBe(429);
    expect((await signIn(frank.email, frank.password, { ip: office, device })).status).toBe(200);
    expect((await signIn("someone9@desk.test", "spray", { ip: freshIp() })).status).toBe(401);
  });

  it("answers an unknown address exactly like a known one, locked or not", async () => {
    process.env.DESK_LIMIT_LOGINS_PER_EMAIL = "1/900";
    const grace = await signedInAgent(desk.app);
    const known = [await signIn(grace.email, "wrong", { ip: freshIp() })];
    const unknown = [await signIn("nobody-here@desk.test", "wrong", { ip: freshIp() })];
    known.push(await signIn(grace.email, "wrong", { ip: freshIp() }));
    unknown.push(await signIn("nobody-here@desk.test", "wrong", { ip: freshIp() }));
    expect(known.map((r) => r.status)).toEqual([401, 429]);
    expect(unknown.map((r) => r.status)).toEqual([401, 429]);
    expect(unknown.map((r) => r.json)).toEqual(known.map((r) => r.json));
  });

  it("parallel guesses cannot slip past the limit", async () => {
    process.env.DESK_LIMIT_LOGINS_PER_EMAIL = "3/900";
    const statuses = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        signIn("parallel@desk.test", `guess ${i}`, { ip: freshIp() }).then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s === 401)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(9);
  });
});
