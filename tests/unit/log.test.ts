import { afterEach, describe, expect, it, vi } from "vitest";
import { log } from "../../core/log.ts";

const lines = () => {
  const out = vi.spyOn(console, "log").mockImplementation(() => {});
  const err = vi.spyOn(console, "error").mockImplementation(() => {});
  return {
    out: () => out.mock.calls.map((c) => JSON.parse(String(c[0]))),
    err: () => err.mock.calls.map((c) => JSON.parse(String(c[0]))),
  };
};

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe("log", () => {
  it("keeps info quiet under vitest and still prints warnings and errors, as JSON lines on stderr", () => {
    vi.stubEnv("LOG_LEVEL", "");
    const seen = lines();
    log.info("event handled", { eventId: "e1" });
    log.warn("event publish deferred to sweep", { eventId: "e2" });
    log.error("unhandled error", { path: "/api/x" });
    expect(seen.out()).toEqual([]);
    expect(seen.err()).toEqual([
      { level: "warn", msg: "event publish deferred to sweep", eventId: "e2" },
      { level: "error", msg: "unhandled error", path: "/api/x" },
    ]);
  });

  it("follows LOG_LEVEL: info and debug go to stdout when asked for, errors only when set to error", () => {
    vi.stubEnv("LOG_LEVEL", "debug");
    const seen = lines();
    log.debug("polled", { queue: "Triage" });
    log.info("sweep", { due: 1 });
    expect(seen.out()).toEqual([
      { level: "debug", msg: "polled", queue: "Triage" },
      { level: "info", msg: "sweep", due: 1 },
    ]);
    vi.stubEnv("LOG_LEVEL", "ERROR");
    log.warn("not shown");
    log.error("shown");
    expect(seen.err()).toEqual([{ level: "error", msg: "shown" }]);
  });

  it("logs info by default outside tests", () => {
    vi.stubEnv("LOG_LEVEL", "");
    vi.stubEnv("VITEST", "");
    const seen = lines();
    log.info("inbound mail", { key: "inbound/1.eml" });
    expect(seen.out()).toEqual([{ level: "info", msg: "inbound mail", key: "inbound/1.eml" }]);
  });
});
