import { beforeAll, describe, expect, it, vi } from "vitest";

/**
 * The reports chart (web/app/src/report-chart.ts) as a French agent reads it on a young desk (two days of figures):
 * a French legend (uPlot's default x label is "Time"), one tick per day (uPlot's own ticks fall every 12 h over two
 * days, each read as its day), and rates on a 0–100 axis of their own rather than the ticket counts'.
 */
describe("agent app in French: the reports chart", () => {
  let setup: typeof import("../../web/app/src/report-chart.ts");
  beforeAll(async () => {
    vi.resetModules();
    vi.stubGlobal("localStorage", { getItem: () => "fr" });
    setup = await import("../../web/app/src/report-chart.ts");
    vi.unstubAllGlobals();
  });
  const look = { width: 390, ink: "#000", grid: "#ccc" };
  const rows = [
    { date: "2026-12-07", key: "all", created: 50, solved: 3, oneTouchRate: 1, reopenRate: 0 },
    { date: "2026-12-08", key: "all", created: 2, solved: 1, oneTouchRate: 0.5, reopenRate: null },
  ];
  const tick = (iso: string) => Date.parse(`${iso}T12:00:00Z`) / 1000;
  // biome-ignore lint/suspicious/noExplicitAny: uPlot's callbacks are called with what they read
  const u = {} as any;

  it("names the x axis in French in the legend, and its value as a French day", () => {
    const { options } = setup.chartSetup(rows, look);
    const x = options.series[0]!;
    expect(x.label).toBe("Jour");
    const value = x.value as (u: unknown, v: number | null) => string;
    expect(value(u, tick("2026-12-07")).replace(/\s/g, " ")).toBe("7 déc.");
    expect(value(u, null)).toBe("--");
    expect(options.series.slice(1).map((s) => s.label)).not.toContain("Time");
  });

  it("labels each day once, at the day's own point", () => {
    const { options } = setup.chartSetup(rows, look);
    const axis = options.axes![0]!;
    const splits = (axis.splits as () => number[])();
    expect(splits).toEqual([tick("2026-12-07"), tick("2026-12-08")]);
    const labels = (axis.values as (u: unknown, ticks: number[]) => string[])(u, splits);
    expect(labels.map((l) => l.replace(/\s/g, " "))).toEqual(["7 déc.", "8 déc."]);
  });

  it("thins a month of days to a few labels, never two for one day", () => {
    const month = Array.from({ length: 30 }, (_, i) => ({
      date: `2026-11-${String(i + 1).padStart(2, "0")}`,
      key: "all",
      created: i,
    }));
    const splits = (setup.chartSetup(month, look).options.axes![0]!.splits as () => number[])();
    expect(splits.length).toBeLessThanOrEqual(8);
    expect(new Set(splits).size).toBe(splits.length);
  });

  it("draws rates on a 0–100 % axis of their own, counts on theirs", () => {
    const { options, data } = setup.chartSetup(rows, look);
    // created, solved, then the two rates
    expect(options.series.slice(1).map((s) => s.scale)).toEqual(["y", "y", "%", "%"]);
    expect(options.scales!["%"]!.range).toEqual([0, 100]);
    const axes = options.axes!.map((a) => a.scale);
    expect(axes).toEqual([undefined, "y", "%"]);
    const percentAxis = options.axes![2]!;
    expect(
      (percentAxis.values as (u: unknown, t: number[]) => string[])(u, [0, 50, 100]).map((l) =>
        l.replace(/\s/g, " "),
      ),
    ).toEqual(["0 %", "50 %", "100 %"]);
    // The shares' values are in percent (100 for a rate of 1), on their own scale.
    expect(data[3]).toEqual([100, 50]);
  });

  it("keeps a single axis, in percent, when every figure is a rate", () => {
    const only = rows.map(({ date, key, oneTouchRate }) => ({ date, key, oneTouchRate }));
    const axes = setup.chartSetup(only, look).options.axes!;
    expect(axes.map((a) => a.scale)).toEqual([undefined, "%"]);
  });

  it("keeps a negative net change (more solved than came in) on the counts' scale", () => {
    const backlog = [
      { date: "2026-12-07", key: "all", netChange: -5 },
      { date: "2026-12-08", key: "all", netChange: 2 },
    ];
    const range = setup.chartSetup(backlog, look).options.scales!.y!.range as (
      ...args: [unknown, number, number, string]
    ) => number[];
    expect(range(u, -5, 2, "y")).toEqual([-5, 2]);
    expect(range(u, 0, 0, "y")).toEqual([0, 1]);
  });
});
