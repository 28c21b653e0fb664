import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EVENT_CODES } from "../../core/ticket/event-text.ts";
import { EVENT_WORDS, type EventWords, eventText } from "../../web/app/src/event-text.ts";
import type { Names } from "../../web/app/src/names.ts";
import { strings } from "../../web/app/src/strings.ts";

/** Headings hold the parts of a composite entry (triage, SLA, safety net); every other code is one sentence. */
const HEADINGS = new Set(["triage", "sla", "safety_net"]);

// Every word filled, so a sentence that forgets a word or prints "undefined" shows.
const words = Object.fromEntries(EVENT_WORDS.map((w) => [w, `<${w}>`])) as EventWords;

const names: Names = {
  ready: true,
  agents: { A1: "Ann Martin", A2: "Bob Durand" },
  teams: { "field-support": "Field support" },
  categories: { printing: "Impression" },
};

describe("timeline event codes: every code the server writes has a sentence in both languages", () => {
  for (const lang of ["en", "fr"] as const) {
    const events = strings[lang].events;
    it(`${lang}: a sentence or a heading for each code`, () => {
      const missing = EVENT_CODES.filter((code) =>
        HEADINGS.has(code)
          ? typeof (events.headings as Record<string, unknown>)[code] !== "function"
          : typeof (events.say as Record<string, unknown>)[code] !== "function",
      );
      expect(missing).toEqual([]);
    });
    it(`${lang}: the catalogue has no sentence for a code the server does not write`, () => {
      const known = new Set<string>(EVENT_CODES);
      expect(
        [...Object.keys(events.say), ...Object.keys(events.headings)].filter((c) => !known.has(c)),
      ).toEqual([]);
    });
  }

  it("French and English say each code differently (no English left in the French table)", () => {
    const same = EVENT_CODES.filter((code) => !HEADINGS.has(code)).filter((code) => {
      const say = (lang: "en" | "fr") =>
        (strings[lang].events.say as Record<string, (w: EventWords) => string>)[code]!;
      return say("en")(words) === say("fr")(words);
    });
    expect(same).toEqual([]);
  });

  it("no sentence prints undefined or drops into an empty string", () => {
    for (const lang of ["en", "fr"] as const) {
      for (const [code, say] of Object.entries(strings[lang].events.say)) {
        const text = (say as (w: EventWords) => string)(words);
        expect(text, `${lang} ${code}`).not.toMatch(/undefined|null|NaN/);
        expect(text.length, `${lang} ${code}`).toBeGreaterThan(5);
      }
    }
  });
});

describe("timeline changes: every field an event records has a label in both languages", () => {
  it("names each changed field in the agent's words, never the API's field name (mergedSenders)", () => {
    const core = join(import.meta.dirname, "../../core");
    const source = readdirSync(core, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith(".ts"))
      .map((e) => readFileSync(join(e.parentPath, e.name), "utf8"))
      .join("\n");
    const recorded = [...new Set([...source.matchAll(/\{ field: "(\w+)", (?:from|to):/g)].map((m) => m[1]!))];
    expect(recorded).toEqual(expect.arrayContaining(["mergedFrom", "mergedSenders", "splitInto", "cc"]));
    const missing = (["en", "fr"] as const).flatMap((lang) =>
      recorded
        .filter((f) => !strings[lang].fields[f] && !strings[lang].ticketActions.fields[f])
        .map((f) => `${lang}: ${f}`),
    );
    expect(missing).toEqual([]);
  });
});

describe("eventText (agent app): codes to sentences, ids to names", () => {
  it("names agents instead of their ids", () => {
    const text = eventText(
      {
        body: "Reassigned from x to y.",
        what: { code: "reassigned", params: { previous: "A1", agent: "A2" } },
      },
      names,
    );
    expect(text).toBe("Reassigned from Ann Martin to Bob Durand.");
  });

  it("says a composite entry part by part, teams and categories by name", () => {
    const text = eventText(
      {
        body: "English",
        what: {
          code: "triage",
          parts: [
            { code: "triage_team_default", params: { team: "field-support", category: "printing" } },
            { code: "triage_priority", params: { priority: "urgent", signals: ["en panne"] } },
          ],
        },
      },
      names,
    );
    expect(text).toBe(
      'Triage — team Field support: the default team of Impression; priority urgent: "en panne".',
    );
  });

  it("falls back to the body for an entry without a code, an unknown code or an unknown part", () => {
    expect(eventText({ body: "Old entry", what: null }, names)).toBe("Old entry");
    expect(eventText({ body: "Newer server", what: { code: "something_new" } }, names)).toBe("Newer server");
    const unknownPart = { code: "sla", parts: [{ code: "sla_pending_solved" }, { code: "sla_new_thing" }] };
    expect(eventText({ body: "SLA — English.", what: unknownPart }, names)).toBe("SLA — English.");
  });

  it("adds the re-send note of a takeover", () => {
    const text = eventText(
      {
        body: "x",
        what: { code: "csat_asked", params: { resent: true, claimedAt: "2026-01-02T03:04:05.000Z" } },
      },
      names,
    );
    expect(text).toMatch(
      /^Asked the customer how it went\. An earlier attempt \(claimed .+\) was never confirmed/,
    );
  });
});
