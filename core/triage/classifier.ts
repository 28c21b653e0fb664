import { FEATURE_BITS, features } from "./text.ts";

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

  private scores(x: Map<number, number>, weights: Float32Array[]): number[] {
    return weights.map((w) => {
      let score = 0;
      for (const [key, value] of x) score += w[key]! * value;
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
    const x = features(text);
    const scores = this.scores(x, this.weights);
    let guess = 0;
    for (let c = 1; c < scores.length; c++) if (scores[c]! > scores[guess]!) guess = c;
    // Margin: update unless right by at least a little, which makes the averaged model steadier.
    const margin = Math.max(...scores.map((s, c) => (c === truth ? Number.NEGATIVE_INFINITY : s)));
    const right = guess === truth && scores[truth]! - margin > 0.1;
    if (!right) {
      const rival = guess === truth ? scores.indexOf(margin) : guess;
      for (const [key, value] of x) {
        this.bump(truth, key, value);
        if (rival >= 0 && rival !== truth) this.bump(rival, key, -value);
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

/** A trained model, frozen for prediction (sparse, so it can be stored compactly). */
export class Model {
  readonly labels: string[];
  private readonly weights: Float32Array[];
  constructor(labels: string[], weights: Float32Array[]) {
    this.labels = labels;
    this.weights = weights;
  }

  static from(classifier: Classifier): Model {
    return new Model([...classifier.labels], classifier.averaged());
  }

  predict(text: string): { label: string; confidence: number; scores: Record<string, number> } {
    const x = features(text);
    const scores = this.weights.map((w) => {
      let score = 0;
      for (const [key, value] of x) score += w[key]! * value;
      return score;
    });
    // Softmax with a temperature that maps perceptron margins to useful probabilities.
    const max = Math.max(...scores);
    const exp = scores.map((s) => Math.exp((s - max) * 4));
    const sum = exp.reduce((a, b) => a + b, 0);
    let best = 0;
    for (let c = 1; c < scores.length; c++) if (scores[c]! > scores[best]!) best = c;
    return {
      label: this.labels[best]!,
      confidence: exp[best]! / sum,
      scores: Object.fromEntries(this.labels.map((l, c) => [l, scores[c]!])),
    };
  }

  /** Bytes of the non-zero weights, as a sparse (index, float32) list: what storing it costs. */
  sparseBytes(): number {
    let nonZero = 0;
    for (const w of this.weights) for (let i = 0; i < w.length; i++) if (w[i] !== 0) nonZero++;
    return nonZero * 8;
  }
}
