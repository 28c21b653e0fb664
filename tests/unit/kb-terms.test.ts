import { describe, expect, it } from "vitest";
import { KB_TERMS_FORMAT } from "../../core/kb/search-index.ts";
import { kbTerm } from "../../core/kb/terms.ts";

const terms = (words: string[], locale: "en" | "fr") => words.map((w) => kbTerm(w, locale));

describe("knowledge-base terms: typed with or without accents, the same term", () => {
  it("French: -ité, -ée, -è- words meet their unaccented spelling, singular or plural", () => {
    for (const group of [
      ["sécurité", "securite", "Sécurités", "SECURITES", "securité"],
      ["activité", "activite", "activités", "activites", "active", "activer"],
      ["électricité", "electricite", "électricités", "électrique"],
      ["bloquée", "bloquee", "bloquées", "bloquees", "bloquer"],
      ["problème", "probleme", "problèmes", "problemes"],
      ["réinitialiser", "reinitialiser"],
      ["créée", "creee", "créer"],
      ["disponibilité", "disponibilite"],
    ])
      expect(new Set(terms(group, "fr")), group.join(" ")).toEqual(new Set([kbTerm(group[0]!, "fr")]));
    // Words that merely end in -ite or -ee keep their own stem.
    expect(kbTerm("site", "fr")).toBe("sit");
    expect(kbTerm("limite", "fr")).toBe(kbTerm("limiter", "fr"));
    expect(kbTerm("sécurité", "fr")).not.toBe(kbTerm("site", "fr"));
  });

  it("English: accents folded, plurals and -ing stemmed", () => {
    expect(new Set(terms(["printer", "printers", "Printers"], "en"))).toEqual(new Set(["printer"]));
    expect(new Set(terms(["résumé", "resume", "résumés", "resumes"], "en")).size).toBe(1);
    expect(new Set(terms(["café", "cafe", "cafés"], "en")).size).toBe(1);
    expect(new Set(terms(["naïve", "naive"], "en")).size).toBe(1);
  });

  it("drops stop words and one-letter words in both spellings", () => {
    expect(terms(["à", "a", "le", "the"], "fr").filter(Boolean)).toEqual([]);
  });

  it("has a format number, so indexes stored under an older one are rebuilt", () => {
    expect(KB_TERMS_FORMAT).toBeGreaterThanOrEqual(2);
  });
});

describe("French past participles in -ié/-yé (review)", () => {
  it("meet their verb and feminine, typed with or without accents", () => {
    const pairs: [string, string][] = [
      ["oublié", "oublier"],
      ["oublie", "oubliée"],
      ["envoyé", "envoyer"],
      ["vérifié", "verifier"],
      ["employé", "employée"],
      ["payé", "payer"],
    ];
    for (const [a, b] of pairs) expect(kbTerm(a, "fr"), a).toBe(kbTerm(b, "fr"));
  });
});
