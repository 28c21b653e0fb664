import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerNetwork, clientIp } from "../../functions/api/env.ts";

describe("the caller the limits count", () => {
  it("is an IPv6 address's /64, however the address is written", () => {
    expect(callerNetwork("2001:db8:1:2::1")).toBe("2001:db8:1:2::/64");
    expect(callerNetwork("2001:0DB8:0001:0002:aaaa:bbbb:cccc:dddd")).toBe("2001:db8:1:2::/64");
    expect(callerNetwork("2001:db8::")).toBe("2001:db8:0:0::/64");
    expect(callerNetwork("::2:3:4:5:6:7:8")).toBe("0:2:3:4::/64");
    expect(callerNetwork("2001:db8:1:2:3:4:1.2.3.4")).toBe("2001:db8:1:2::/64");
    expect(callerNetwork("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
  });

  it("is an IPv4 address itself, mapped into IPv6 or not; anything else is left as it is", () => {
    expect(callerNetwork("203.0.113.9")).toBe("203.0.113.9");
    expect(callerNetwork("::ffff:10.0.0.1")).toBe("10.0.0.1");
    expect(callerNetwork("unknown")).toBe("unknown");
  });
});

describe("an IPv4 address mapped into IPv6", () => {
  it("is the IPv4 address, however it is spelled", () => {
    expect(callerNetwork("::ffff:102:304")).toBe("1.2.3.4");
    expect(callerNetwork("::FFFF:cb00:7109")).toBe("203.0.113.9");
    expect(callerNetwork("0:0:0:0:0:ffff:1.2.3.4")).toBe("1.2.3.4");
    expect(callerNetwork("0000:0000:0000:0000:0000:ffff:0102:0304")).toBe("1.2.3.4");
    expect(callerNetwork("::0:ffff:1.2.3.4")).toBe("1.2.3.4");
    // Not mapped: other prefixes stay IPv6 networks.
    expect(callerNetwork("::fffe:102:304")).toBe("0:0:0:0::/64");
    expect(callerNetwork("1::ffff:102:304")).toBe("1:0:0:0::/64");
  });
});

describe("the caller behind the proxy (the last X-Forwarded-For entry)", () => {
  const app = new Hono().get("/", (c) => c.text(clientIp(c)));
  const seen = async (forwarded: string, socket = "192.0.2.7") =>
    (
      await app.request(
        "/",
        { headers: { "x-forwarded-for": forwarded } },
        {
          incoming: { socket: { remoteAddress: socket } },
        },
      )
    ).text();
  const trusted = process.env.DESK_TRUST_PROXY;
  beforeAll(() => {
    process.env.DESK_TRUST_PROXY = "1";
  });
  afterAll(() => {
    if (trusted === undefined) delete process.env.DESK_TRUST_PROXY;
    else process.env.DESK_TRUST_PROXY = trusted;
  });

  it("is the address without a port or brackets", async () => {
    expect(await seen("10.0.0.1, 1.2.3.4:5678")).toBe("1.2.3.4");
    expect(await seen("[2001:db8:1:2::1]:443")).toBe("2001:db8:1:2::/64");
    expect(await seen("[2001:db8:1:2::1]")).toBe("2001:db8:1:2::/64");
    expect(await seen(" 203.0.113.9 ")).toBe("203.0.113.9");
    expect(await seen("[::ffff:1.2.3.4]:80")).toBe("1.2.3.4");
  });

  it("is the socket's address when the entry is not an address", async () => {
    expect(await seen("1.2.3.4, unknown")).toBe("192.0.2.7");
    expect(await seen("_hidden")).toBe("192.0.2.7");
    expect(await seen("[1.2.3.4]:80", "::ffff:192.0.2.8")).toBe("192.0.2.8");
    expect(await seen("")).toBe("192.0.2.7");
  });
});
