/**
 * Evaluates the ticket classifier: trains on one CSV (`Document,Topic_group`), tests on another, and prints,
 * last, one JSON line {"accuracy", "macroF1", "trainMs", "trainCpuMs", "usPerTicket", "cpuUsPerTicket", "modelBytes"}.
 *
 *   npm run eval:triage                                          (the reference split, see below)
 *   npm run eval:triage -- --train train.csv --test test.csv [--epochs 5]
 *   npm run eval:triage -- --train train.csv --holdout 0.2      (tests on a seeded 20% held out of --train)
 *   npm run eval:triage -- --folds 5                            (also 5-fold cross-validation: 5 trainings)
 *   npm run eval:triage -- --validate                           (the validation slice: see below)
 *
 * The reference split (no --train): ../shared/datasets/it-tickets/train.csv beside the repository, shuffled
 * with seed 42 (`shuffled` in core/triage/classifier.ts); the first 80 % train, the last 20 % test. Choices are
 * made on the validation slice (`--validate`): the first 80 % of that training part train, its last 20 % test, so
 * the test part is measured only once a choice is made.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { parse } from "csv-parse/sync";
import { Model, shuffled, softmaxBest, train as trainModel } from "../../core/triage/classifier.ts";

const REFERENCE = fileURLToPath(new URL("../../../shared/datasets/it-tickets/train.csv", import.meta.url));
const { values } = parseArgs({
  options: {
    train: { type: "string" },
    test: { type: "string" },
    holdout: { type: "string" },
    folds: { type: "string" },
    epochs: { type: "string", default: "5" },
    validate: { type: "boolean", default: false },
  },
});
if (!values.train && !existsSync(REFERENCE)) {
  console.error(`No --train given and no reference data at ${REFERENCE}`);
  process.exit(2);
}
if (values.train && !values.test && !values.holdout) {
  console.error(
    "Usage: npm run eval:triage -- [--train <csv> (--test <csv> | --holdout 0.2)] [--validate] [--epochs 5] [--folds 5]",
  );
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

const everything = read(values.train ?? REFERENCE);
let train = everything;
let test: Row[];
if (values.test) {
  test = read(values.test);
} else {
  const rows = shuffled(train, 42);
  const cut = Math.floor(rows.length * (1 - Number(values.holdout ?? 0.2)));
  train = rows.slice(0, cut);
  test = rows.slice(cut);
}
if (values.validate) {
  // The validation slice: the training part split again, the test part left out.
  const cut = Math.floor(train.length * 0.8);
  test = train.slice(cut);
  train = train.slice(0, cut);
}

/** Accuracy and macro-F1 of predictions against the truth, and each label's F1. */
function quality(truth: string[], predictions: string[], labels: string[]) {
  const f1s = labels.map((label) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    truth.forEach((actual, i) => {
      if (predictions[i] === label && actual === label) tp++;
      else if (predictions[i] === label) fp++;
      else if (actual === label) fn++;
    });
    return tp ? (2 * tp) / (2 * tp + fp + fn) : 0;
  });
  const correct = truth.filter((actual, i) => predictions[i] === actual).length;
  return {
    accuracy: correct / truth.length,
    macroF1: f1s.reduce((a, b) => a + b, 0) / labels.length,
    f1s,
  };
}

const started = performance.now();
const trainCpuStarted = process.cpuUsage();
const model = trainModel(train, Number(values.epochs));
const trainMs = performance.now() - started;
const trainCpu = process.cpuUsage(trainCpuStarted);
// What the desk stores: the encoded model, read back exactly as the triage worker will.
const stored = Model.decode(model.encode());

// Wall time, and CPU time, which a busy shared machine does not inflate; after a warm-up on a few tickets (the
// compiler's first passes), as a worker that has already triaged some.
for (const row of test.slice(0, 200)) stored.predict(row.text);
const predictStarted = performance.now();
const cpuStarted = process.cpuUsage();
const predictions = test.map((row) => stored.predict(row.text).label);
const cpu = process.cpuUsage(cpuStarted);
const usPerTicket = ((performance.now() - predictStarted) * 1000) / test.length;
const cpuUsPerTicket = (cpu.user + cpu.system) / test.length;

const labels = [...new Set([...train, ...test].map((r) => r.label))];
const { accuracy, macroF1, f1s } = quality(
  test.map((r) => r.label),
  predictions,
  labels,
);

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
// k-fold cross-validation on the whole file (same seeded shuffle; fold i tests on the i-th slice).
if (values.folds) {
  const k = Number(values.folds);
  const rows = shuffled(everything, 42);
  const folds = Array.from({ length: k }, (_, i) => {
    const [from, to] = [Math.floor((i * rows.length) / k), Math.floor(((i + 1) * rows.length) / k)];
    const held = rows.slice(from, to);
    const model = trainModel([...rows.slice(0, from), ...rows.slice(to)], Number(values.epochs));
    const result = quality(
      held.map((r) => r.label),
      held.map((r) => model.predict(r.text).label),
      labels,
    );
    console.log(
      `  fold ${i + 1}/${k}: accuracy ${(100 * result.accuracy).toFixed(2)} %, macro-F1 ${result.macroF1.toFixed(4)}`,
    );
    return result;
  });
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));
  const acc = folds.map((f) => f.accuracy);
  const f1 = folds.map((f) => f.macroF1);
  console.log(
    `${k}-fold: accuracy ${(100 * mean(acc)).toFixed(2)} % ± ${(100 * sd(acc)).toFixed(2)}, macro-F1 ${mean(f1).toFixed(4)} ± ${sd(f1).toFixed(4)}`,
  );
}
console.log(
  JSON.stringify({
    accuracy: +accuracy.toFixed(4),
    macroF1: +macroF1.toFixed(4),
    trainMs: Math.round(trainMs),
    trainCpuMs: Math.round((trainCpu.user + trainCpu.system) / 1000),
    usPerTicket: +usPerTicket.toFixed(1),
    cpuUsPerTicket: +cpuUsPerTicket.toFixed(1),
    modelBytes: model.encode().length,
  }),
);
