/**
 * Text → features for categorization, in English and French: accents, case and simple plurals folded, words
 * and word pairs hashed into a fixed space (so the model's size does not grow with the vocabulary).
 */
export const FEATURE_BITS = 18;
const MASK = (1 << FEATURE_BITS) - 1;

/** Lower-case, accents removed, split into words of 2+ letters or digits; plurals (-s, -x) folded. */
export function words(text: string): string[] {
  return text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length >= 2)
    .map((w) => (w.length > 4 && /[sx]$/.test(w) && !/ss$/.test(w) ? w.slice(0, -1) : w));
}

/** FNV-1a over `text`, continuing from `h`. */
function fnv(h: number, text: string): number {
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h;
}

const hash = (text: string, seed: number) => (fnv(2166136261 ^ seed, text) >>> 0) & MASK;

/** The hash of `${first} ${second}`, without building that string (prediction time is mostly spent here). */
const pairHash = (first: string, second: string, seed: number) =>
  (fnv(Math.imul(fnv(2166136261 ^ seed, first) ^ 32, 16777619), second) >>> 0) & MASK;

/** Per-feature counts while one text is read; back to zeros after each (JavaScript runs one text at a time). */
const scratch = new Uint16Array(1 << FEATURE_BITS);

/**
 * Hashed word and word-pair features with sublinear counts, each times its weight (`weights`, indexed by feature;
 * 1 without), L2-normalized: the features in the order first seen and their values. Parallel arrays rather than a
 * Map, so a prediction (most of whose time this is) allocates and hashes less.
 */
export function featureVector(
  text: string,
  weights?: Float32Array,
): { keys: number[]; values: Float64Array } {
  const tokens = words(text);
  const keys: number[] = [];
  const add = (key: number) => {
    if (scratch[key] === 0) keys.push(key);
    if (scratch[key]! < 0xffff) scratch[key]!++;
  };
  for (let i = 0; i < tokens.length; i++) {
    add(hash(tokens[i]!, 1));
    if (i > 0) add(pairHash(tokens[i - 1]!, tokens[i]!, 2));
  }
  const values = new Float64Array(keys.length);
  let norm = 0;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const value = (1 + Math.log(scratch[key]!)) * (weights ? weights[key]! : 1);
    scratch[key] = 0;
    values[i] = value;
    norm += value * value;
  }
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < values.length; i++) values[i]! /= norm;
  return { keys, values };
}

/** `featureVector` as a Map from feature to value. */
export function features(text: string, weights?: Float32Array): Map<number, number> {
  const { keys, values } = featureVector(text, weights);
  return new Map(keys.map((key, i) => [key, values[i]!]));
}
