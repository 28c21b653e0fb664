import { describe, expect, it } from "vitest";
import { Classifier, Model, softmaxBest, train } from "../../core/triage/classifier.ts";
import { FEATURE_BITS, features, featureVector, words } from "../../core/triage/text.ts";
import { byteToWeight, featureWeights, STRENGTH, weightToByte } from "../../core/triage/weighting.ts";

describe("ticket text", () => {
  it("folds accents, case and plurals in English and French", () => {
    expect(words("Imprimantes BLOQUÉES, mot de passe oublié")).toEqual([
      "imprimante",
      "bloquee",
      "mot",
      "de",
      "passe",
      "oublie",
    ]);
    expect(words("Printers and passwords")).toEqual(["printer", "and", "password"]);
  });

  // FNV-1a of the text as stored models' features were hashed: a word with seed 1, a pair (joined by a space) with 2.
  const reference = (text: string, seed: number) => {
    let h = 2166136261 ^ seed;
    for (const char of text) h = Math.imul(h ^ char.charCodeAt(0), 16777619);
    return (h >>> 0) & ((1 << FEATURE_BITS) - 1);
  };

  it("hashes words and word pairs as models already stored expect, counts sublinear, L2-normalized", () => {
    const { keys, values } = featureVector("printer jammed printer jammed again");
    const expected = [
      reference("printer", 1),
      reference("jammed", 1),
      reference("printer jammed", 2),
      reference("jammed printer", 2),
      reference("again", 1),
      reference("jammed again", 2),
    ];
    expect(keys).toEqual(expected);
    const raw = [2, 2, 2, 1, 1, 1].map((count) => 1 + Math.log(count));
    const norm = Math.hypot(...raw);
    for (const [i, value] of raw.entries()) expect(values[i]).toBeCloseTo(value / norm, 12);
    // The Map form holds the same, and the next text starts from nothing (no count left over).
    expect([...features("printer jammed printer jammed again").entries()]).toEqual(
      keys.map((key, i) => [key, values[i]]),
    );
    expect(featureVector("again").values[0]).toBe(1);
  });
});

describe("classifier", () => {
  const examples: [string, string][] = [
    ["forgot my password cannot log in", "access"],
    ["mot de passe oublié impossible de me connecter", "access"],
    ["account locked after password reset", "access"],
    ["printer jammed paper on floor 2", "hardware"],
    ["imprimante en panne au deuxième étage", "hardware"],
    ["laptop screen broken", "hardware"],
    ["please order a new monitor", "purchase"],
    ["commande d'un nouvel écran", "purchase"],
    ["quote for ten licences purchase order", "purchase"],
  ];

  it("learns from examples, in both languages, and is surer of what it has seen", () => {
    const classifier = new Classifier();
    for (let epoch = 0; epoch < 5; epoch++)
      for (const [text, label] of examples) classifier.learn(text, label);
    const model = Model.from(classifier);
    expect(model.predict("I forgot my password").label).toBe("access");
    expect(model.predict("mon imprimante est en panne").label).toBe("hardware");
    expect(model.predict("purchase order for a monitor").label).toBe("purchase");
    const sure = model.predict("password reset account locked");
    const unsure = model.predict("lunch menu for friday");
    expect(sure.confidence).toBeGreaterThan(unsure.confidence);
    expect(sure.confidence).toBeLessThanOrEqual(1);
  });

  it("takes a correction into account immediately (online learning)", () => {
    const classifier = new Classifier();
    for (const [text, label] of examples) classifier.learn(text, label);
    for (let i = 0; i < 5; i++) classifier.learn("badge reader does not open the door", "facilities");
    expect(Model.from(classifier).predict("the badge reader at the door").label).toBe("facilities");
  });

  it("stores compactly and predicts the same after a round trip through bytes", () => {
    const model = train(examples.map(([text, label]) => ({ text, label })));
    const bytes = model.encode();
    expect(bytes.length).toBeLessThan(20_000);
    const back = Model.decode(bytes);
    expect(back.labels).toEqual(model.labels);
    for (const text of ["forgot my password", "imprimante", "order a monitor", "nothing known here"])
      expect(back.predict(text)).toEqual(model.predict(text));
  });

  it("turns scores into a probability of the best class", () => {
    expect(softmaxBest([1, 1], 1)).toEqual({ best: 0, confidence: 0.5 });
    const sure = softmaxBest([0, 5, 0], 0.5);
    expect(sure.best).toBe(1);
    expect(sure.confidence).toBeGreaterThan(0.99);
  });
});

describe("feature weights", () => {
  const rows = [
    { text: "printer jammed please", label: "hardware" },
    { text: "printer toner empty please", label: "hardware" },
    { text: "password reset please", label: "access" },
    { text: "account locked please", label: "access" },
  ];

  it("weigh a word seen under one category most, one spread over all least, an unseen one 1", () => {
    const weights = featureWeights(rows);
    const weightOf = (word: string) => weights[[...features(word).keys()][0]!]!;
    expect(weightOf("printer")).toBeCloseTo(1 + STRENGTH, 0);
    expect(weightOf("please")).toBeCloseTo(1, 5);
    expect(weightOf("never")).toBe(1);
    for (const w of [1, 1.5, 7, 1 + STRENGTH]) expect(byteToWeight(weightToByte(w)) / w).toBeCloseTo(1, 1);
  });

  it("are kept with the model, and a model stored without them still reads", () => {
    const model = train(rows);
    const back = Model.decode(model.encode());
    for (const text of ["printer toner", "account locked", "please", "unknown words"])
      expect(back.scores(text)).toEqual(model.scores(text));
    const classifier = new Classifier();
    for (const row of rows) classifier.learn(row.text, row.label);
    const plain = Model.from(classifier);
    expect(Model.decode(plain.encode()).predict("printer jammed")).toEqual(plain.predict("printer jammed"));
  });
});
