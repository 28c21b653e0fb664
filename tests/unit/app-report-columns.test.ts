import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { strings } from "../../web/app/src/strings.ts";

// The columns each report route declares (its CSV header), read from the route file itself: a report that adds a
// figure is checked without anyone remembering to list it here.
const source = readFileSync(new URL("../../functions/api/routes/reports.ts", import.meta.url), "utf8");
const columns = [
  ...new Set(
    [...source.matchAll(/\[\s*("date",[^\]]*)\]/g)].flatMap((list) =>
      [...list[1]!.matchAll(/"(\w+)"/g)].map((c) => c[1]!),
    ),
  ),
];

describe("agent app: every report column has a title in both languages", () => {
  it("reads the columns of every report", () => {
    expect(columns).toContain("deflectionRate");
    expect(columns.length).toBeGreaterThan(50);
  });

  it.each(["en", "fr"] as const)("%s: no column falls back to a humanized English key", (lang) => {
    const s = strings[lang];
    // "name" and "title" are not columns on screen: the table folds them into the key's cell.
    const untitled = columns.filter(
      (c) =>
        c !== "name" &&
        c !== "title" &&
        !(s.look.columns as Record<string, string>)[c] &&
        !(c.startsWith("status_") && s.statuses[c.slice(7)]) &&
        !s.escalationReasons[c],
    );
    expect(untitled).toEqual([]);
  });
});
