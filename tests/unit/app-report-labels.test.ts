import { describe, expect, it } from "vitest";
import { duration, formatters } from "../../web/app/src/format.ts";
import { agentName, agentNames, type Names } from "../../web/app/src/names.ts";
import {
  columnTitle,
  dateName,
  figure,
  idCell,
  keyName,
  seriesTitle,
  seriesValue,
} from "../../web/app/src/report-labels.ts";
import { fr } from "../../web/app/src/strings.fr.ts";
import { t } from "../../web/app/src/strings.ts";

const names: Names = {
  ready: true,
  agents: { "01M8T2FJNZBEA00JN0N90XZ8MQ": "Alice Martin" },
  teams: { network: "Network" },
  categories: { printing: "Printing" },
};

describe("agent app: report columns and keys as people read them", () => {
  it("titles figures in words with their unit, never camelCase or snake_case", () => {
    expect(columnTitle("oneTouchRate")).toBe("One-touch resolution (%)");
    // A duration's cells carry their units; its chart line is plotted in hours.
    expect(columnTitle("firstResponseMedian")).toBe("Median first response");
    expect(seriesTitle("firstResponseMedian")).toBe("Median first response (h)");
    expect(seriesTitle("oneTouchRate")).toBe("One-touch resolution (%)");
    expect(columnTitle("totalUsd")).toBe("Total ($)");
    expect(columnTitle("status_new")).toBe(t.statuses.new);
    expect(columnTitle("needs_access")).toBe(t.escalationReasons.needs_access);
    // A figure a report adds later still reads as words.
    expect(columnTitle("someNewFigure_count")).toBe("Some new figure count");
  });

  it("shows shares in percent, business minutes as a duration, and nothing as a dash", () => {
    expect(figure("oneTouchRate", 0.5)).toBe("50");
    expect(figure("firstResponseMedian", 5)).toBe(duration(5));
    expect(figure("firstResponseMedian", 90)).toBe(duration(90));
    expect(figure("firstResponseMedian", 90)).toMatch(/^1 \S+ 30 min$/);
    // Business minutes never read as calendar days: whole hours from 10 h on.
    expect(figure("resolutionP90", 26 * 60 + 20)).toMatch(/^26 \S+$/);
    expect(seriesValue("firstResponseMedian", 90)).toBe(1.5);
    expect(seriesValue("oneTouchRate", 0.25)).toBe(25);
    expect(seriesValue("created", 7)).toBe(7);
    expect(figure("solved", null)).toBe("—");
    expect(figure("created", 12)).toBe("12");
  });

  it("names agents, teams and categories; the desk, the unassigned and unknown agents in words", () => {
    expect(keyName(names, "agent", "01M8T2FJNZBEA00JN0N90XZ8MQ", {})).toBe("Alice Martin");
    expect(keyName(names, "agent", "01M8T2FJNZBEA00JN0N90XZ8MZ", {})).toBe(t.look.formerAgent);
    expect(keyName(names, "agent", "unassigned", {})).toBe(t.unassigned);
    expect(keyName(names, "team", "network", {})).toBe("Network");
    expect(keyName(names, "category", "printing", {})).toBe("Printing");
    expect(keyName(names, "all", "all", {})).toBe(t.look.wholeDesk);
    expect(keyName(names, "all", "age:30d+", {})).toBe(t.look.ages["age:30d+"]);
    expect(keyName(names, "all", "01ARTICLE", { title: "Fix a jam" })).toBe("Fix a jam");
    expect(idCell(names, "agent", "01M8T2FJNZBEA00JN0N90XZ8MQ")).toBe("Alice Martin");
    expect(idCell(names, "team", "none")).toBe("—");
    expect(dateName("now")).toBe(t.look.now);
  });

  it("never shows an id for an agent, even before the directory is read", () => {
    expect(agentName({ ...names, ready: false }, "01M8T2FJNZBEA00JN0N90XZ8MZ")).toBe("…");
    expect(fr.look.formerAgent).toBe("un ancien agent");
  });

  it("says business durations in French as a French agent reads them", () => {
    const fr = formatters("fr-FR", "Europe/Paris");
    // Intl separates a number from its unit by a no-break space.
    const said = (minutes: number) => fr.businessDuration(minutes).replace(/\s/g, " ");
    expect(said(5)).toBe("5 min");
    expect(said(200)).toBe("3 h 20 min");
    expect(said(26 * 60 + 20)).toBe("26 h");
  });
});

describe("agent app: agents with the same name", () => {
  const directory = [
    { id: "01A", name: "Yann", email: "yann.a@desk.test" },
    { id: "01B", name: "yann", email: "yann.b@desk.test" },
    { id: "01C", name: "Zoé", email: "zoe@desk.test" },
  ];
  const named: Names = { ready: true, agents: agentNames(directory), teams: {}, categories: {} };

  it("names each namesake with their address, everyone else by name alone", () => {
    expect(named.agents).toEqual({
      "01A": "Yann (yann.a@desk.test)",
      "01B": "yann (yann.b@desk.test)",
      "01C": "Zoé",
    });
  });

  it("tells the workload report's rows apart, though each row carries the bare name", () => {
    const row = (id: string) => ({ date: "all", key: id, name: "Yann", email: "x" });
    expect(keyName(named, "agent", "01A", row("01A"))).toBe("Yann (yann.a@desk.test)");
    expect(keyName(named, "agent", "01B", row("01B"))).toBe("yann (yann.b@desk.test)");
    // An agent the directory does not list yet keeps the row's name.
    expect(keyName(named, "agent", "01Z", row("01Z"))).toBe("Yann");
    expect(idCell(named, "agent", "01A")).toBe("Yann (yann.a@desk.test)");
  });
});
