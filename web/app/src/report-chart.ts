import type uPlot from "uplot";
import { number, percent, period as periodLabel, tickDay } from "./format.ts";
import { seriesTitle, seriesValue, unitOf } from "./report-labels.ts";
import { t } from "./strings.ts";

/** At most this many labels on the x axis, so a month of days stays legible on a phone. */
const MAX_X_LABELS = 8;

/**
 * One tick per period of the report, at the period's own point (a day at noon UTC, or its index), thinned to at
 * most MAX_X_LABELS: uPlot's own ticks on a time axis fall every 12 h over two days, and each read as its day.
 */
export function periodTicks(xs: number[]): number[] {
  const step = Math.ceil(xs.length / MAX_X_LABELS);
  return xs.filter((_, i) => i % step === 0);
}

/**
 * uPlot options and data for a report's rows over its periods: counts (and hours) on the left axis, shares in
 * percent on a 0–100 axis of their own on the right (a 100 % rate would otherwise read as a spike in volume);
 * every word in the agent's language, the x series' legend too (uPlot's default is "Time").
 */
export function chartSetup(
  rows: Record<string, unknown>[],
  look: { width: number; ink: string; grid: string },
): { options: uPlot.Options; data: uPlot.AlignedData } {
  const daily = rows.every((r) => /^\d{4}-\d{2}-\d{2}$/.test(String(r.date)));
  const series = Object.keys(rows[0] ?? {}).filter(
    (k) => k !== "date" && k !== "key" && typeof rows[0]![k] === "number",
  );
  const xs = rows.map((r, i) => (daily ? Date.parse(`${r.date}T12:00:00Z`) / 1000 : i));
  const data = [
    xs,
    ...series.map((s) => rows.map((r) => (typeof r[s] === "number" ? seriesValue(s, r[s] as number) : null))),
  ] as uPlot.AlignedData;
  const label = (x: number) => (daily ? tickDay(x) : periodLabel(String(rows[Math.round(x)]?.date ?? "")));
  const shares = series.some((s) => unitOf(s) === "percent");
  const counts = series.some((s) => unitOf(s) !== "percent");
  const colors = ["#2357c6", "#1e7a3c", "#b3261e", "#9a5b00", "#6b3fa0", "#00788a", "#555"];
  const axis = { stroke: look.ink, grid: { stroke: look.grid }, ticks: { stroke: look.grid } };
  const yAxes: uPlot.Axis[] = [
    ...(counts ? [{ ...axis, scale: "y", values: (_: uPlot, ticks: number[]) => ticks.map(number) }] : []),
    ...(shares
      ? [
          {
            ...axis,
            scale: "%",
            side: counts ? 1 : 3,
            // A second axis draws no grid of its own: the counts' grid stays the only one.
            grid: { show: !counts },
            values: (_: uPlot, ticks: number[]) => ticks.map((v) => percent(v / 100)),
          },
        ]
      : []),
  ];
  return {
    data,
    options: {
      width: look.width,
      height: 260,
      scales: {
        x: { time: daily },
        // From zero, or below it: a backlog's net change is negative on a day more tickets are solved than come in.
        y: { range: (_u, min, max) => [Math.min(0, min), Math.max(1, max)] },
        "%": { range: [0, 100] },
      },
      axes: [
        { ...axis, splits: () => periodTicks(xs), values: (_: uPlot, ticks: number[]) => ticks.map(label) },
        ...yAxes,
      ],
      series: [
        { label: t.look.chartX[daily ? "day" : "period"], value: (_u, x) => (x == null ? "--" : label(x)) },
        ...series.map((s, i) => ({
          label: seriesTitle(s),
          stroke: colors[i % colors.length],
          width: 2,
          scale: unitOf(s) === "percent" ? "%" : "y",
        })),
      ],
    },
  };
}
