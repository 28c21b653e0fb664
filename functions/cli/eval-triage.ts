/**
 * Evaluates the ticket classifier: trains on one CSV (`Document,Topic_group`), tests on another, and prints,
 * last, one JSON line {"accuracy", "macroF1", "trainMs", "usPerTicket", "modelBytes"}.
 *
 *   npm run eval:triage -- --train train.csv --test test.csv [--epochs 5]
 *   npm run eval:triage -- --train train.csv --holdout 0.2      (tests on a seeded 20% held out of --train)
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { parse } from "csv-parse/sync";
import { Classifier, Model } from "../../core/triage/classifier.ts";

const { values } = parseArgs({
  options: {
    train: { type: "string" },
    test: { type: "string" },
    holdout: { type: "string" },
    epochs: { type: "string", default: "5" },
  },
});
if (!values.train || (!values.test && !values.holdout)) {
  console.error("Usage: npm run eval:triage -- --train <csv> (--test <csv> | --holdout 0.2) [--epochs 5]");
  process.exit(2);
}

type Row = { text: string; label: string };
const read = (path: string): Row[] =>
  (parse(readFileSync(path), { columns: true, skip_empty_lines: true }) as Record<string, string>[]).map(
    (r) => ({
      text: r.Document ?? "",
      label: r.Topic_group ?? "",
    }),
  );

/** A seeded shuffle, so runs are repeatable. */
function shuffle<T>(rows: T[], seed: number): T[] {
  const out = [...rows];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

let train = read(values.train);
let test: Row[];
if (values.test) {
  test = read(values.test);
} else {
  const rows = shuffle(train, 42);
  const cut = Math.floor(rows.length * (1 - Number(values.holdout)));
  train = rows.slice(0, cut);
  test = rows.slice(cut);
}

const started = performance.now();
const classifier = new Classifier();
for (let epoch = 0; epoch < Number(values.epochs); epoch++) {
  for (const row of shuffle(train, epoch + 1)) classifier.learn(row.text, row.label);
}
const model = Model.from(classifier);
const trainMs = performance.now() - started;

const predictStarted = performance.now();
const predictions = test.map((row) => model.predict(row.text).label);
const usPerTicket = ((performance.now() - predictStarted) * 1000) / test.length;

const labels = [...new Set([...train, ...test].map((r) => r.label))];
let correct = 0;
const f1s = labels.map((label) => {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  test.forEach((row, i) => {
    const predicted = predictions[i] === label;
    const actual = row.label === label;
    if (predicted && actual) tp++;
    else if (predicted) fp++;
    else if (actual) fn++;
  });
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  return precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
});
test.forEach((row, i) => {
  if (predictions[i] === row.label) correct++;
});

console.log(
  `train ${train.length} tickets, test ${test.length}, ${labels.length} categories, ${values.epochs} epochs`,
);
for (const [i, label] of labels.entries()) console.log(`  ${label.padEnd(24)} F1 ${f1s[i]!.toFixed(3)}`);
console.log(
  JSON.stringify({
    accuracy: +(correct / test.length).toFixed(4),
    macroF1: +(f1s.reduce((a, b) => a + b, 0) / labels.length).toFixed(4),
    trainMs: Math.round(trainMs),
    usPerTicket: +usPerTicket.toFixed(1),
    modelBytes: model.sparseBytes(),
  }),
);
