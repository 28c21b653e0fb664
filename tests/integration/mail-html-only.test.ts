import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDefaults } from "../../core/triage/defaults.ts";
import { call, signedInAgent, startTestDesk, type TestDesk } from "../support/desk.ts";
import { deliver, ticketsOf } from "../support/mail.ts";

/**
 * HTML-only mail (tests/fixtures/email/desk/rw4-*.eml) through POST /api/inbound/email and the workers: what
 * agents read on the timeline and what search finds is the desk's own reading of the HTML (no lines cut at 80
 * columns, headings as written, no image or tracking-pixel URLs).
 */

const fixture = (name: string) => readFileSync(join(import.meta.dirname, "../fixtures/email/desk", name));

let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  await seedDefaults();
  agent = await signedInAgent(desk.app);
});

type Entry = { kind: string; body?: string };
const firstMessage = async (id: string) =>
  (await call(desk.app, "GET", `/api/tickets/${id}`, { as: agent.session })).json.timeline.find(
    (e: Entry) => e.kind === "customer_message",
  ) as Entry;
const search = async (q: string) =>
  (
    await call(desk.app, "GET", `/api/search?q=${encodeURIComponent(q)}`, { as: agent.session })
  ).json.items.map((t: { id: string }) => t.id);

describe("HTML-only mail on the timeline and in search", () => {
  it("shows Outlook's HTML-only request as written, and search does not find the tracking pixel", async () => {
    await deliver(desk, fixture("rw4-outlook-html-only-cp1252.eml"));
    const [ticket] = await ticketsOf(desk, agent.session, "lea.girard4@client.example");
    expect(ticket?.subject).toBe("Imprimante 3e étage : erreur 49");
    const body = (await firstMessage(ticket!.id)).body!;
    expect(body.startsWith("Imprimante du 3e étage\n\nBonjour,\n\n")).toBe(true);
    expect(body).toContain(
      "L’imprimante du 3e étage affiche « erreur 49 » après le changement du toner ; nous l’avons déjà éteinte et rallumée deux fois, sans succès. Le devis de réparation reçu est de 180 € (cœur de fusion compris). Pouvez-vous envoyer quelqu’un ?",
    );
    expect(body).not.toMatch(/https?:|zq7/);
    expect(await search("PHBQ4817")).toEqual([ticket!.id]);
    expect(await search("zq7pixelmark")).toEqual([]);
    expect(await search("zq7logomark")).toEqual([]);
  });

  it("keeps an HTML request whole when a mailing list added a plain-text footer part beside it", async () => {
    await deliver(desk, fixture("rw4-html-list-footer.eml"));
    const [ticket] = await ticketsOf(desk, agent.session, "omar.haddad4@client.example");
    const body = (await firstMessage(ticket!.id)).body!;
    // The HTML read by the desk's reader (heading in its case, no hard wraps), the footer part after it.
    expect(body).toContain(
      "Badge access\n\nSince this morning my badge no longer opens the door of building C, although it still works at the main entrance and in the car park; the reader beeps twice and the light stays red.\n\nBadge number: BDG-90417\n\n_______________________________________________\nFacilities mailing list",
    );
    expect(await search("BDG-90417")).toEqual([ticket!.id]);
  });
});
