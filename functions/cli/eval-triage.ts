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
import { Model, shuffled, softmaxBest, train as trainModel } from "../../core/triage/classifier.ts";

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

let train = read(values.train);
let test: Row[];
if (values.test) {
  test = read(values.test);
} else {
  const rows = shuffled(train, 42);
  const cut = Math.floor(rows.length * (1 - Number(values.holdout)));
  train = rows.slice(0, cut);
  test = rows.slice(cut);
}

const started = performance.now();
const model = trainModel(train, Number(values.epochs));
const trainMs = performance.now() - started;
// What the desk stores: the encoded model, read back exactly as the triage worker will.
const stored = Model.decode(model.encode());

const predictStarted = performance.now();
const predictions = test.map((row) => stored.predict(row.text).label);
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
// Confidence: the softmax temperature that best fits the test set (lowest log-loss), and what each confidence
// threshold would leave to the model (coverage) and how often it is right there.
const scores = test.map((row) => stored.scores(row.text));
const truth = test.map((row) => stored.labels.indexOf(row.label));
const logLoss = (t: number) =>
  scores.reduce((sum, s, i) => {
    const max = Math.max(...s);
    const z = s.reduce((acc, v) => acc + Math.exp((v - max) / t), 0);
    return sum - (truth[i]! < 0 ? Math.log(1e-9) : (s[truth[i]!]! - max) / t - Math.log(z));
  }, 0) / test.length;
const temperatures = Array.from({ length: 40 }, (_, i) => 0.025 * (i + 1));
const bestT = temperatures.reduce((a, b) => (logLoss(b) < logLoss(a) ? b : a));
console.log(
  `temperature: ${stored.temperature} in use, ${bestT.toFixed(3)} fits this test set best (log-loss ${logLoss(bestT).toFixed(3)})`,
);
for (const threshold of [0.5, 0.6, 0.7, 0.8, 0.9]) {
  const sure = scores
    .map((s, i) => ({ ...softmaxBest(s, stored.temperature), i }))
    .filter((p) => p.confidence >= threshold);
  const right = sure.filter((p) => p.best === truth[p.i]).length;
  console.log(
    `  confidence >= ${threshold}: model decides ${((100 * sure.length) / test.length).toFixed(1)}% of tickets, ${((100 * right) / (sure.length || 1)).toFixed(1)}% of them right`,
  );
}
console.log(
  JSON.stringify({
    accuracy: +(correct / test.length).toFixed(4),
    macroF1: +(f1s.reduce((a, b) => a + b, 0) / labels.length).toFixed(4),
    trainMs: Math.round(trainMs),
    usPerTicket: +usPerTicket.toFixed(1),
    modelBytes: model.encode().length,
  }),
);
