import { deflateRawSync, inflateRawSync } from "node:zlib";
import { FEATURE_BITS, featureVector } from "./text.ts";
import { byteToWeight, featureWeights, weightToByte } from "./weighting.ts";

const SIZE = 1 << FEATURE_BITS;

/**
 * A multiclass linear classifier over hashed word and word-pair features, trained online with the averaged
 * perceptron (each agent confirmation or correction is one more update). Classifies in microseconds; the
 * confidence is a softmax over the class scores.
 */
export class Classifier {
  readonly labels: string[] = [];
  private weights: Float32Array[] = [];
  /** For averaging: the sum of each weight's past values, updated lazily. */
  private totals: Float32Array[] = [];
  private stamps: Uint32Array[] = [];
  private step = 1;
  examples = 0;
  /**
   * An example scored right by less than this still updates the weights. A wide margin (2, as `train` uses) was
   * worth +0.6 points of accuracy on the reference split over a bare one (0.1, the default for online updates).
   */
  private readonly margin: number;
  /** How much each feature counts (`featureWeights`); all 1 without. */
  readonly featureWeights: Float32Array | undefined;
  constructor(margin = 0.1, weights?: Float32Array) {
    this.margin = margin;
    this.featureWeights = weights;
  }

  private index(label: string): number {
    let i = this.labels.indexOf(label);
    if (i < 0) {
      i = this.labels.push(label) - 1;
      this.weights.push(new Float32Array(SIZE));
      this.totals.push(new Float32Array(SIZE));
      this.stamps.push(new Uint32Array(SIZE));
    }
    return i;
  }

  private scores(x: { keys: number[]; values: Float64Array }, weights: Float32Array[]): number[] {
    return weights.map((w) => {
      let score = 0;
      for (let i = 0; i < x.keys.length; i++) score += w[x.keys[i]!]! * x.values[i]!;
      return score;
    });
  }

  private bump(c: number, key: number, delta: number): void {
    const stamp = this.stamps[c]!;
    this.totals[c]![key]! += (this.step - stamp[key]!) * this.weights[c]![key]!;
    stamp[key] = this.step;
    this.weights[c]![key]! += delta;
  }

  /** One example; returns whether the model already had it right. */
  learn(text: string, label: string): boolean {
    const truth = this.index(label);
    const x = featureVector(text, this.featureWeights);
    const scores = this.scores(x, this.weights);
    let guess = 0;
    for (let c = 1; c < scores.length; c++) if (scores[c]! > scores[guess]!) guess = c;
    // Margin: update unless right by at least a little, which makes the averaged model steadier.
    const margin = Math.max(...scores.map((s, c) => (c === truth ? Number.NEGATIVE_INFINITY : s)));
    const right = guess === truth && scores[truth]! - margin > this.margin;
    if (!right) {
      const rival = guess === truth ? scores.indexOf(margin) : guess;
      for (let i = 0; i < x.keys.length; i++) {
        this.bump(truth, x.keys[i]!, x.values[i]!);
        if (rival >= 0 && rival !== truth) this.bump(rival, x.keys[i]!, -x.values[i]!);
      }
    }
    this.step++;
    this.examples++;
    return guess === truth;
  }

  /** The averaged weights: what predictions use. */
  averaged(): Float32Array[] {
    return this.weights.map((w, c) => {
      const total = this.totals[c]!;
      const stamp = this.stamps[c]!;
      const out = new Float32Array(SIZE);
      for (let key = 0; key < SIZE; key++) {
        if (stamp[key] === 0 && total[key] === 0) continue;
        out[key] = (total[key]! + (this.step - stamp[key]!) * w[key]!) / this.step;
      }
      return out;
    });
  }
}

/** A seeded shuffle, so training is repeatable. */
export function shuffled<T>(rows: readonly T[], seed: number): T[] {
  const out = [...rows];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Perceptrons averaged into the model `train` makes, and the margin each trains with (measured: README). */
export const MEMBERS = 3;
export const TRAIN_MARGIN = 2;

/**
 * Trains a model on labelled texts: `members` averaged perceptrons, each a few passes over the examples in its own
 * shuffled orders, whose weights are averaged into one linear model — a bagged ensemble (+0.3 points of accuracy
 * on the reference split over one member) that predicts at the cost of one. Features are weighted by how much
 * they tell one category from the others in these examples (`featureWeights`), weights the model keeps.
 */
export function train(
  rows: readonly { text: string; label: string }[],
  epochs = 5,
  temperature = TEMPERATURE,
  members = MEMBERS,
): Model {
  const weights = featureWeights(rows);
  const classifiers = Array.from({ length: members }, (_, member) => {
    const classifier = new Classifier(TRAIN_MARGIN, weights);
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (const row of shuffled(rows, epoch + 1 + member * 100)) classifier.learn(row.text, row.label);
    }
    return classifier;
  });
  return Model.ensemble(classifiers, temperature);
}

/** Softmax temperature over the ensemble's scores: the lowest log-loss on the validation slice (README). */
export const TEMPERATURE = 0.6;

/**
 * A trained model, frozen for prediction: weights quantized to one signed byte each with a scale per category
 * (4× smaller than floats, same accuracy), stored sparse and deflated — small enough for a few table items.
 */
export class Model {
  readonly labels: string[];
  private readonly weights: Int8Array[];
  private readonly scales: number[];
  readonly temperature: number;
  private readonly featureWeights: Float32Array | undefined;
  /** The same weights feature by feature (all categories of a feature side by side), for `scores`. */
  private readonly byFeature: Int8Array;
  constructor(
    labels: string[],
    weights: Int8Array[],
    scales: number[],
    temperature = TEMPERATURE,
    featureWeights?: Float32Array,
  ) {
    this.labels = labels;
    this.weights = weights;
    this.scales = scales;
    this.temperature = temperature;
    this.featureWeights = featureWeights;
    const K = labels.length;
    this.byFeature = new Int8Array(SIZE * K);
    for (let c = 0; c < K; c++) {
      const w = weights[c]!;
      for (let key = 0; key < SIZE; key++) if (w[key]) this.byFeature[key * K + c] = w[key]!;
    }
  }

  static from(classifier: Classifier, temperature = TEMPERATURE): Model {
    return Model.ensemble([classifier], temperature);
  }

  /** One model from several classifiers: their averaged weights, averaged (labels in the first one's order). */
  static ensemble(classifiers: Classifier[], temperature = TEMPERATURE): Model {
    const labels = [...classifiers[0]!.labels];
    const averaged = labels.map(() => new Float32Array(SIZE));
    for (const classifier of classifiers) {
      const weights = classifier.averaged();
      for (const [c, label] of labels.entries()) {
        const own = classifier.labels.indexOf(label);
        if (own < 0) continue;
        const from = weights[own]!;
        const to = averaged[c]!;
        for (let key = 0; key < SIZE; key++) if (from[key]) to[key]! += from[key]! / classifiers.length;
      }
    }
    const scales = averaged.map((w) => {
      let max = 0;
      for (let i = 0; i < w.length; i++) max = Math.max(max, Math.abs(w[i]!));
      return max / 127 || 1;
    });
    const weights = averaged.map((w, c) => Int8Array.from(w, (v) => Math.round(v / scales[c]!)));
    return new Model(labels, weights, scales, temperature, classifiers[0]!.featureWeights);
  }

  /** Raw class scores (before the softmax). */
  scores(text: string): number[] {
    const { keys, values } = featureVector(text, this.featureWeights);
    const K = this.labels.length;
    // One pass over the features, each one's categories adjacent in memory (the sums as category by category).
    const sums = new Float64Array(K);
    for (let i = 0; i < keys.length; i++) {
      const base = keys[i]! * K;
      const value = values[i]!;
      for (let c = 0; c < K; c++) sums[c]! += this.byFeature[base + c]! * value;
    }
    return Array.from(sums, (sum, c) => sum * this.scales[c]!);
  }

  predict(text: string): { label: string; confidence: number } {
    const scores = this.scores(text);
    const { best, confidence } = softmaxBest(scores, this.temperature);
    return { label: this.labels[best]!, confidence };
  }

  /**
   * The model as bytes: a JSON header (labels, scales, temperature, whether features are weighted), then the
   * features with any non-zero weight (or a feature weight other than 1) as varint index deltas, each followed by
   * one signed byte per category and, if weighted, one byte of feature weight (`weightToByte`); deflated. Models
   * stored before feature weights (no `weighted` in the header) read as unweighted.
   */
  encode(): Uint8Array {
    const header = Buffer.from(
      JSON.stringify({
        bits: FEATURE_BITS,
        labels: this.labels,
        scales: this.scales,
        temperature: this.temperature,
        weighted: Boolean(this.featureWeights),
      }),
    );
    const K = this.labels.length;
    const weighted = this.featureWeights;
    const out: number[] = [];
    let previous = 0;
    for (let key = 0; key < SIZE; key++) {
      if (!this.weights.some((w) => w[key] !== 0) && (!weighted || weighted[key] === 1)) continue;
      for (let delta = key - previous; ; delta >>>= 7) {
        if (delta < 0x80) {
          out.push(delta);
          break;
        }
        out.push((delta & 0x7f) | 0x80);
      }
      previous = key;
      for (let c = 0; c < K; c++) out.push(this.weights[c]![key]! & 0xff);
      if (weighted) out.push(weightToByte(weighted[key]!));
    }
    const length = Buffer.alloc(4);
    length.writeUInt32BE(header.length);
    return deflateRawSync(Buffer.concat([length, header, Buffer.from(out)]), { level: 9 });
  }

  static decode(bytes: Uint8Array): Model {
    const raw = inflateRawSync(bytes);
    const headerLength = raw.readUInt32BE(0);
    const header = JSON.parse(raw.subarray(4, 4 + headerLength).toString()) as {
      bits: number;
      labels: string[];
      scales: number[];
      temperature: number;
      weighted?: boolean;
    };
    if (header.bits !== FEATURE_BITS)
      throw new Error(`Model has ${header.bits}-bit features, expected ${FEATURE_BITS}`);
    const K = header.labels.length;
    const weights = header.labels.map(() => new Int8Array(SIZE));
    const featureWeights = header.weighted ? new Float32Array(SIZE).fill(1) : undefined;
    let key = 0;
    for (let i = 4 + headerLength; i < raw.length; ) {
      let delta = 0;
      for (let shift = 0; ; shift += 7) {
        const byte = raw[i++]!;
        delta |= (byte & 0x7f) << shift;
        if (byte < 0x80) break;
      }
      key += delta;
      for (let c = 0; c < K; c++) weights[c]![key] = (raw[i++]! << 24) >> 24;
      if (featureWeights) featureWeights[key] = byteToWeight(raw[i++]!);
    }
    return new Model(header.labels, weights, header.scales, header.temperature, featureWeights);
  }
}

/** The best class and its softmax probability at a temperature. */
export function softmaxBest(scores: number[], temperature: number) {
  let best = 0;
  for (let c = 1; c < scores.length; c++) if (scores[c]! > scores[best]!) best = c;
  let sum = 0;
  for (const s of scores) sum += Math.exp((s - scores[best]!) / temperature);
  return { best, confidence: 1 / sum };
}
