import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { call, startTestDesk, type TestDesk } from "../support/desk.ts";

/**
 * An IPv6 host holds a whole /64 and picks addresses in it at will: the per-IP limits must count the /64, or one
 * machine could flood the form or guess passwords for many addresses by changing its address every request.
 */
let desk: TestDesk;
beforeAll(async () => {
  desk = await startTestDesk();
  // Limits count in fixed windows: a clock frozen inside one keeps a test from straddling two (whatever the hour).
  vi.useFakeTimers({ toFake: ["Date"], now: new Date("2030-05-06T10:01:00Z") });
});
afterAll(() => {
  vi.useRealTimers();
});
afterEach(() => {
  delete process.env.DESK_LIMIT_SUBMISSIONS_PER_IP;
  delete process.env.DESK_LIMIT_LOGINS_PER_IP;
});

let n = 0;
const submit = (ip: string) =>
  call(desk.app, "POST", "/api/tickets", {
    body: { name: "Flood", email: `flood${++n}@example.com`, subject: `Flood ${n}`, message: "Spam" },
    ip,
  });
const signIn = (ip: string) =>
  call(desk.app, "POST", "/api/auth/login", {
    body: { email: `nobody${++n}@example.com`, password: "guess" },
    ip,
  });

describe("per-IP limits for IPv6 callers", () => {
  it("count the web form per /64, whatever address in it the caller takes", async () => {
    process.env.DESK_LIMIT_SUBMISSIONS_PER_IP = "3/3600";
    for (let i = 1; i <= 3; i++) expect((await submit(`2001:db8:aa:1::${i.toString(16)}`)).status).toBe(201);
    const refused = await submit("2001:db8:aa:1:ffff:ffff:ffff:ffff");
    expect([refused.status, refused.json.error.code]).toEqual([429, "rate_limited"]);
    // Written in full or short, the same /64 is the same caller; another /64 is another caller.
    expect((await submit("2001:0db8:00aa:0001:0:0:0:9")).status).toBe(429);
    expect((await submit("2001:db8:aa:2::1")).status).toBe(201);
  });

  it("count failed sign-ins per /64", async () => {
    process.env.DESK_LIMIT_LOGINS_PER_IP = "3/900";
    for (let i = 1; i <= 3; i++) expect((await signIn(`2001:db8:bb:1::${i}`)).status).toBe(401);
    expect((await signIn("2001:db8:bb:1::4")).status).toBe(429);
    expect((await signIn("2001:db8:bb:2::4")).status).toBe(401);
  });
});
