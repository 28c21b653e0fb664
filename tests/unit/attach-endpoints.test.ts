import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runningDesk } from "../../infra/local/attach.ts";

const dataDir = (content: unknown) => {
  const dir = mkdtempSync(join(tmpdir(), "desk-attach-"));
  writeFileSync(join(dir, "endpoints.json"), JSON.stringify(content));
  return dir;
};

describe("attaching to the running local desk", () => {
  it("uses the endpoints of a running desk that publishes Lambda's", () => {
    const endpoints = { dynamo: "http://127.0.0.1:1", lambda: "http://127.0.0.1:2" };
    expect(runningDesk(dataDir({ pid: process.pid, endpoints }))).toEqual(endpoints);
  });

  it("refuses, clearly, a running desk from before the upgrade (no Lambda endpoint)", () => {
    const dir = dataDir({ pid: process.pid, endpoints: { dynamo: "http://127.0.0.1:1" } });
    expect(() => runningDesk(dir)).toThrow(/predates this version/);
  });

  it("ignores the file a killed desk left", () => {
    // Not a live process id (above any pid_max).
    expect(runningDesk(dataDir({ pid: 2 ** 30, endpoints: {} }))).toBeNull();
  });
});
