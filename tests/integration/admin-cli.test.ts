import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createAgent } from "../../core/agent/agent.ts";
import { createTeam, listCategories, listTeams } from "../../core/agent/directory.ts";
import { attachLocalDesk } from "../../infra/local/attach.ts";

/**
 * `npm run admin` is how a deployed desk gets its first admin: on a desk with nothing configured it also creates the
 * default teams and categories (English and French names), as `npm start` does locally — once.
 */
const dirs: string[] = [];
const newDataDir = () => {
  dirs.push(mkdtempSync(join(tmpdir(), "desk-admin-cli-")));
  return dirs.at(-1)!;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** The command as an operator runs it: none of the endpoints this process was pointed at, only the data dir. */
const admin = (dataDir: string, ...args: string[]) =>
  new Promise<{ code: number | null; out: string }>((resolve) => {
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !/^(SST_RESOURCE_|AWS_ENDPOINT_URL)/.test(k)),
    );
    const child = spawn(process.execPath, ["functions/cli/admin.ts", ...args], {
      env: { ...env, DESK_DATA_DIR: dataDir },
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("exit", (code) => resolve({ code, out }));
  });

describe("the admin command on a fresh desk", () => {
  it("creates the first admin with the default teams and categories, and seeds nothing the second time", async () => {
    const dataDir = newDataDir();
    const first = await admin(
      dataDir,
      "--email",
      "first@company.example",
      "--password",
      "a long first password",
    );
    expect(first.out).toContain("Admin created: first@company.example");
    expect(first.out).toContain("Default teams and categories created");
    expect(first.code).toBe(0);

    const second = await admin(
      dataDir,
      "--email",
      "second@company.example",
      "--password",
      "a long second password",
    );
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

  it("leaves a desk already in use as it is: an agent and a team, no category", async () => {
    const dataDir = newDataDir();
    let stop = await attachLocalDesk(dataDir);
    try {
      await createAgent({
        email: "boss@company.example",
        name: "Boss",
        password: "a long boss password",
        role: "admin",
      });
      await createTeam({ id: "ops", name: "Ops" });
    } finally {
      await stop();
    }
    const later = await admin(
      dataDir,
      "--email",
      "new.admin@company.example",
      "--password",
      "a long new password",
    );
    expect(later.out).toContain("Admin created: new.admin@company.example");
    expect(later.out).not.toContain("Default teams");
    stop = await attachLocalDesk(dataDir);
    try {
      expect((await listTeams()).map((team) => team.id)).toEqual(["ops"]);
      expect(await listCategories()).toEqual([]);
    } finally {
      await stop();
    }
  }, 120_000);
});
