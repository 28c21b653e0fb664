import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from "vitest";
import { edgeKeyOf, viewerIpInjection } from "../../core/auth/edge-key.ts";
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

describe("the caller behind the CloudFront router", () => {
  const SECRET = "unit-test-desk-secret-0123456789";
  const app = new Hono().get("/", (c) => c.text(clientIp(c, () => SECRET)));
  const seen = async (headers: Record<string, string>, socket = "192.0.2.7") =>
    (await app.request("/", { headers }, { incoming: { socket: { remoteAddress: socket } } })).text();
  const viaRouter = (viewer: string) => ({ "x-desk-viewer-ip": viewer, "x-desk-edge": edgeKeyOf(SECRET) });
  const trusted = process.env.DESK_TRUST_PROXY;
  beforeAll(() => {
    process.env.DESK_TRUST_PROXY = "1";
  });
  afterAll(() => {
    if (trusted === undefined) delete process.env.DESK_TRUST_PROXY;
    else process.env.DESK_TRUST_PROXY = trusted;
  });

  it("is the viewer's address the router stamped with its key", async () => {
    expect(await seen(viaRouter("1.2.3.4"))).toBe("1.2.3.4");
    expect(await seen(viaRouter("2001:db8:1:2::1"))).toBe("2001:db8:1:2::/64");
    expect(await seen(viaRouter("::ffff:1.2.3.4"))).toBe("1.2.3.4");
  });

  it("is the connection's own address for anything else: no key, a wrong key, or only X-Forwarded-For", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    onTestFinished(() => logged.mockRestore());
    // Sent straight to the function's URL: the headers a caller writes change nothing.
    expect(await seen({ "x-desk-viewer-ip": "1.2.3.4" })).toBe("192.0.2.7");
    expect(
      await seen({ "x-desk-viewer-ip": "1.2.3.4", "x-desk-edge": edgeKeyOf("another-secret-0123456789") }),
    ).toBe("192.0.2.7");
    expect(await seen({ "x-forwarded-for": "10.0.0.1, 1.2.3.4" })).toBe("192.0.2.7");
    expect(await seen(viaRouter("not an address"))).toBe("192.0.2.7");
    expect(await seen(viaRouter("1.2.3.4"), "::ffff:192.0.2.8")).toBe("1.2.3.4");
    expect(await seen({}, "::ffff:192.0.2.8")).toBe("192.0.2.8");
    // An address without the router's key is said in the log (a router on an old key would otherwise go unseen).
    expect(logged.mock.calls.filter(([line]) => String(line).includes("not believed"))).toHaveLength(3);
  });
});

describe("the router's viewer-request code", () => {
  it("stamps the viewer's address and the key over whatever the viewer sent", () => {
    const event = {
      viewer: { ip: "198.51.100.4" },
      request: { headers: { "x-desk-viewer-ip": { value: "6.6.6.6" }, "x-desk-edge": { value: "forged" } } },
    };
    new Function("event", viewerIpInjection(edgeKeyOf("k".repeat(32))))(event);
    expect(event.request.headers).toEqual({
      "x-desk-viewer-ip": { value: "198.51.100.4" },
      "x-desk-edge": { value: edgeKeyOf("k".repeat(32)) },
    });
  });
});
