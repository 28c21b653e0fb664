import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { strings } from "../../web/app/src/strings.ts";
import { scanApp, visibleLiterals } from "../support/visible-strings.ts";

/**
 * The only words the agent app may write outside the catalogue: names that are the same in every language (each
 * language's own name in the language picker, acronyms) and the canned-reply placeholders agents type as is.
 */
const ALLOWED = new Set(["English", "Français", "SLA", "CSV"]);
// A single key in <kbd> ("z") is the key's own name, not a word.
const allowed = (text: string) => ALLOWED.has(text) || /^\{\{[\w.]+\}\}$/.test(text) || /^\p{L}$/u.test(text);

describe("agent app: every visible string comes from the catalogue", () => {
  it("finds no JSX text, labelling attribute, shown message or dialog text written in a page or component", () => {
    const outside = scanApp(join(import.meta.dirname, "../../web/app/src")).filter((l) => !allowed(l.text));
    expect(outside.map((l) => `${l.file}:${l.line} ${l.where} ${JSON.stringify(l.text)}`)).toEqual([]);
  });

  it("catches each kind of hard-coded string it is meant to catch (the check itself can fail)", () => {
    const source = `
      export const A = ({ n, ok }) => (
        <form aria-label="Bulk actions" onSubmit={() => setStatus("Saved.")}>
          Sort
          <input placeholder={ok ? t.search : "Search tickets"} title={\`\${n} selected\`} />
          <img alt="Logo" src="/a.png" class="big" />
          <Options entries={{ phone: "Phone" }} />
          <ApiForm submit={async () => { await go(); return "Team created."; }} label={t.x} />
          <p>{n > 1 && "many"}{t.ok}</p>
          <p>{others.map((o) => \`\${o.name} is here\`).join(" · ")}{["en", "fr"].map((l) => <a key={l}>{l}</a>)}</p>
          <button onClick={() => confirm("Really?") && setErrors({ form: "Failed" })}>{t.go}</button>
        </form>
      );
      document.title = "Queue";`;
    const texts = visibleLiterals(source, "probe.tsx").map((l) => l.text);
    expect(texts.sort()).toEqual(
      [
        "Bulk actions",
        "Saved.",
        "Sort",
        "Search tickets",
        "selected",
        "Logo",
        "Phone",
        "Team created.",
        "many",
        "Really?",
        "Failed",
        "Queue",
        "is here",
      ].sort(),
    );
    // Markup, routing and the catalogue itself are not flagged.
    expect(
      visibleLiterals(
        `const B = () => <a href="/app" class="x" aria-current="page">{t.views.all}</a>;`,
        "ok.tsx",
      ),
    ).toEqual([]);
  });
});

/** Every string leaf of a table, by its dotted path ("queuePage.sorts.sla"); functions are called with a marker. */
function leaves(value: unknown, path = ""): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof value === "string") out.set(path, value);
  else if (typeof value === "function")
    out.set(path, String((value as (...a: string[]) => string)("⟨1⟩", "⟨2⟩", "⟨3⟩")));
  else if (value && typeof value === "object")
    for (const [key, inner] of Object.entries(value))
      for (const [p, v] of leaves(inner, path ? `${path}.${key}` : key)) out.set(p, v);
  return out;
}

/** French that is rightly the same as the English: names, acronyms, and words both languages share. */
const SAME_IN_FRENCH = new Set([
  "SLA",
  // Product names and words French shares with English (report columns).
  "DynamoDB",
  "SES",
  "Lambda",
  "SNS",
  "Tickets",
  "Total",
  "Message-ID",
  "Message",
  "Agent",
  "Agents",
  "Web",
  "API",
  "Volume",
  "Satisfaction",
  "Signature",
  "Ticket",
  "Administration",
  "tickets",
]);

describe("agent app: the French table matches the English one", () => {
  const en = leaves(strings.en);
  const fr = leaves(strings.fr);
  it("has exactly the same keys (nested groups and lists included)", () => {
    expect([...fr.keys()].sort()).toEqual([...en.keys()].sort());
  });
  it("translates every value: none is left in English, except names and shared words", () => {
    const untranslated = [...en]
      .filter(([key, value]) => fr.get(key) === value && !/^\W*$/.test(value))
      .filter(([, value]) => !SAME_IN_FRENCH.has(value))
      // Keyboard keys in the shortcut list ("j / k", "Enter") are the keys' own names.
      .filter(([key]) => !/^(work\.shortcuts|shortcutList)\.\d+\.0$/.test(key))
      // Mail authentication results are protocol names.
      .filter(([key]) => key !== "common.mailAuth");
    expect(untranslated.map(([key, value]) => `${key}: ${value}`)).toEqual([]);
  });
  it("keeps every placeholder of a message in its translation", () => {
    for (const [key, value] of en) {
      const marks = (s: string) => (s.match(/⟨\d⟩|\{\w+\}/g) ?? []).sort();
      expect(marks(fr.get(key) ?? ""), key).toEqual(marks(value));
    }
  });
});
