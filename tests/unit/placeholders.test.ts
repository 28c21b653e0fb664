import { describe, expect, it } from "vitest";
import { fillPlaceholders } from "../../core/desk/placeholders.ts";

describe("canned reply placeholders", () => {
  const values = {
    requester: { name: "Casey Customer", email: "casey@example.com" },
    ticket: { number: 42, subject: "Printer" },
    agent: { name: "Ann" },
  };
  it("fills the known ones, with or without spaces, and leaves the rest as written", () => {
    expect(
      fillPlaceholders(
        "Hi {{requester.firstName}}, #{{ ticket.number }} ({{ticket.subject}}) — {{agent.name}}",
        values,
      ),
    ).toBe("Hi Casey, #42 (Printer) — Ann");
    expect(fillPlaceholders("{{requester.name}} <{{requester.email}}> {{unknown.thing}}", values)).toBe(
      "Casey Customer <casey@example.com> {{unknown.thing}}",
    );
  });
  it("says a ticket without a subject in the customer's language: the ticket's, not the agent's", () => {
    const bare = { ...values, ticket: { number: 7, subject: "(no subject)", locale: "fr" } };
    expect(fillPlaceholders("Votre demande #{{ticket.number}} « {{ticket.subject}} »", bare)).toBe(
      "Votre demande #7 « (sans objet) »",
    );
    expect(
      fillPlaceholders("{{ticket.subject}}", { ...bare, ticket: { ...bare.ticket, locale: "en" } }),
    ).toBe("(no subject)");
    // A real subject is the customer's own words, never translated.
    expect(
      fillPlaceholders("{{ticket.subject}}", { ...bare, ticket: { ...bare.ticket, subject: "Imprimante" } }),
    ).toBe("Imprimante");
  });
});
