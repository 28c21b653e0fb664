import { beforeAll, describe, expect, it } from "vitest";
import { createTeam, listCategories, listTeams } from "../../core/agent/directory.ts";
import { DEFAULT_CATEGORIES, DEFAULT_TEAMS, seedDefaults } from "../../core/triage/defaults.ts";
import { startTestDesk } from "../support/desk.ts";

beforeAll(async () => {
  await startTestDesk();
});

describe("the default teams and categories", () => {
  it("finish a seeding that stopped halfway, then seed nothing more", async () => {
    for (const team of DEFAULT_TEAMS.slice(0, 2)) await createTeam(team);
    expect(await seedDefaults()).toBe(true);
    expect((await listTeams()).length).toBe(DEFAULT_TEAMS.length);
    expect((await listCategories()).length).toBe(DEFAULT_CATEGORIES.length);
    expect(await seedDefaults()).toBe(false);
  });
});
