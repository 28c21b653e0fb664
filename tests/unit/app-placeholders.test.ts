import { beforeAll, describe, expect, it, vi } from "vitest";

/**
 * The desk stores "(no subject)" / "(attachments only)" / "(no text)" in English (core/ticket/placeholder-text.ts);
 * a French agent reads them in French wherever the app shows a subject or a message.
 */
describe("agent app in French: what came without words", () => {
  let app: {
    shownText: typeof import("../../web/app/src/placeholders.ts").shownText;
    eventText: typeof import("../../web/app/src/event-text.ts").eventText;
  };
  beforeAll(async () => {
    vi.resetModules();
    vi.stubGlobal("localStorage", { getItem: () => "fr" });
    const { shownText } = await import("../../web/app/src/placeholders.ts");
    const { eventText } = await import("../../web/app/src/event-text.ts");
    app = { shownText, eventText };
    vi.unstubAllGlobals();
  });

  it("shows the stored English placeholders in French, and anything else as it is", () => {
    expect(app.shownText("(no subject)")).toBe("(sans objet)");
    expect(app.shownText("Printer (no subject)")).toBe("Printer (no subject)");
    expect(app.shownText(null)).toBe(null);
  });

  it("says a message that was only files in French on the timeline", () => {
    const names = { agents: new Map(), teams: new Map() } as never;
    expect(app.eventText({ body: "(attachments only)", what: null }, names)).toBe(
      "(pièces jointes seulement)",
    );
    expect(app.eventText({ body: "(no text)", what: null }, names)).toBe("(sans texte)");
  });

  it("says a merged ticket without a subject in French on the timeline ('Merged from ticket #n (subject)')", () => {
    const names = { agents: new Map(), teams: new Map() } as never;
    const merged = {
      body: "Merged from ticket #7 ((no subject))",
      what: { code: "merged_from", params: { number: 7, subject: "(no subject)" } },
    };
    expect(app.eventText(merged, names)).toBe("Ticket #7 fusionné ici ((sans objet))");
    // A line stored before codes existed keeps its own (English) words rather than lose them.
    expect(app.eventText({ body: merged.body, what: null }, names)).toBe(merged.body);
  });
});
