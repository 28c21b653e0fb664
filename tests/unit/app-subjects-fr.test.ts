import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";

/**
 * A ticket split from a message without a subject is stored "(no subject)" (core/mail/held.ts) and linked to the
 * ticket it came from: a French agent reads its subject in French wherever the app names a ticket by its subject,
 * its related tickets and the merge confirmation too, not only the queue, search and ticket title.
 */
describe("agent app in French: subjects of other tickets", () => {
  let html: string;
  beforeAll(async () => {
    vi.resetModules();
    vi.stubGlobal("localStorage", { getItem: () => "fr" });
    const { h } = await import("preact");
    const { renderToString } = await import("preact-render-to-string");
    // @ts-expect-error: the root project has no JSX settings (web/app/tsconfig.json checks the component)
    const { TicketLinks } = await import("../../web/app/src/components/TicketLinks.tsx");
    const ticket = { id: "T1", links: [{ id: "T2", number: 23, subject: "(no subject)" }] } as never;
    // Text nodes apart (`<!-- -->`) read as one line, as the agent reads them.
    html = renderToString(h(TicketLinks, { ticket, changed: () => undefined })).replace(/<!--.*?-->/g, "");
    vi.unstubAllGlobals();
  });

  it("lists a related ticket without a subject as '(sans objet)'", () => {
    expect(html).toContain("#23 (sans objet)");
    expect(html).not.toContain("(no subject)");
  });

  it("names the ticket to merge into by its subject in the agent's words", () => {
    const dialog = readFileSync(
      join(import.meta.dirname, "../../web/app/src/components/MergeDialog.tsx"),
      "utf8",
    );
    expect(dialog).toContain("shownText(target.subject)");
  });
});
