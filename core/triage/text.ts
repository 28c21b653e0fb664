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

function hash(text: string, seed: number): number {
  let h = 2166136261 ^ seed;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return (h >>> 0) & MASK;
}

/**
 * Hashed word and word-pair features with sublinear counts, each times its weight (`weights`, indexed by feature;
 * 1 without), L2-normalized.
 */
export function features(text: string, weights?: Float32Array): Map<number, number> {
  const tokens = words(text);
  const counts = new Map<number, number>();
  const add = (key: number) => counts.set(key, (counts.get(key) ?? 0) + 1);
  for (let i = 0; i < tokens.length; i++) {
    add(hash(tokens[i]!, 1));
    if (i > 0) add(hash(`${tokens[i - 1]} ${tokens[i]}`, 2));
  }
  let norm = 0;
  for (const [key, count] of counts) {
    const value = (1 + Math.log(count)) * (weights ? weights[key]! : 1);
    counts.set(key, value);
    norm += value * value;
  }
  norm = Math.sqrt(norm) || 1;
  for (const [key, value] of counts) counts.set(key, value / norm);
  return counts;
}
