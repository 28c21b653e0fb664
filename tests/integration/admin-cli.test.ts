import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { listCategories, listTeams } from "../../core/agent/directory.ts";
import { attachLocalDesk } from "../../infra/local/attach.ts";

/**
 * `npm run admin` is how a deployed desk gets its first admin: on a desk with nothing configured it also creates the
 * default teams and categories (English and French names), as `npm start` does locally — once.
 */
const dataDir = mkdtempSync(join(tmpdir(), "desk-admin-cli-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const admin = (...args: string[]) =>
  new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn(process.execPath, ["functions/cli/admin.ts", ...args], {
      env: { ...process.env, DESK_DATA_DIR: dataDir },
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("exit", (code) => resolve({ code, out }));
  });

describe("the admin command on a fresh desk", () => {
  it("creates the first admin with the default teams and categories, and seeds nothing the second time", async () => {
    const first = await admin("--email", "first@company.example", "--password", "a long first password");
    expect(first.out).toContain("Admin created: first@company.example");
    expect(first.out).toContain("Default teams and categories created");
    expect(first.code).toBe(0);

    const second = await admin("--email", "second@company.example", "--password", "a long second password");
    expect(second.out).toContain("Admin created: second@company.example");
    expect(second.out).not.toContain("Default teams");

    const stop = await attachLocalDesk(dataDir);
    try {
      const teams = await listTeams();
      expect(teams.find((team) => team.id === "field-support")).toMatchObject({
        name: "Field support",
        nameFr: "Support de proximité",
      });
      expect((await listCategories()).length).toBeGreaterThan(5);
    } finally {
      await stop();
    }
  }, 120_000);
});
