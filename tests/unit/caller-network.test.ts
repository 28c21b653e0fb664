import { describe, expect, it } from "vitest";
import { callerNetwork } from "../../functions/api/env.ts";

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
