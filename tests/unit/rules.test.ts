import { describe, expect, it } from "vitest";
import { DEFAULT_CATEGORIES } from "../../core/triage/defaults.ts";
import { matchCategory, priorityFromSignals } from "../../core/triage/rules.ts";

const categories = DEFAULT_CATEGORIES.map((c) => ({ ...c, keywords: [...c.keywords] }));
const categoryOf = (subject: string, body = "") =>
  matchCategory(subject, body, categories)?.category.id ?? null;

describe("keyword rules", () => {
  it("categorize in English and French, with accents, plurals and case folded", () => {
    expect(categoryOf("Mot de passe oublié")).toBe("access");
    expect(categoryOf("I forgot my PASSWORD")).toBe("access");
    expect(categoryOf("Imprimantes en panne au 2e")).toBe("printing");
    expect(categoryOf("The printers on floor 3")).toBe("printing");
    expect(categoryOf("VPN ne se connecte pas")).toBe("network");
    expect(categoryOf("Demande de devis pour 3 écrans")).not.toBeNull();
    expect(categoryOf("Hello", "Nothing to see here")).toBeNull();
  });

  it("prefers the longer phrase and the subject", () => {
    const result = matchCategory("Compte bloqué", "mot de passe expiré sur mon ordinateur", categories)!;
    expect(result.category.id).toBe("access");
    expect(result.matched).toEqual(expect.arrayContaining(["mot de passe", "compte bloque"]));
  });
});

describe("urgency signals", () => {
  it("raise the priority in both languages and say why", () => {
    expect(priorityFromSignals("Question about invoices", "", "web")).toEqual({
      priority: "normal",
      signals: [],
    });
    expect(priorityFromSignals("Imprimante en panne", "", "web").priority).toBe("high");
    expect(priorityFromSignals("URGENT: server down", "", "email")).toEqual({
      priority: "urgent",
      signals: ["urgent", "down"],
    });
    expect(
      priorityFromSignals("Network", "nobody can log in, tout le monde est bloqué", "web").priority,
    ).toBe("urgent");
    expect(priorityFromSignals("Laptop", "I can't work since this morning", "web")).toEqual({
      priority: "high",
      signals: ["cannot work"],
    });
  });
});
