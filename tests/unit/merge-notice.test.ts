import { describe, expect, it } from "vitest";
import { mergeNotice } from "../../core/mail/merge-notice.ts";
import type { TicketItem } from "../../core/store/index.ts";

const ticket = (over: Partial<TicketItem>) =>
  ({ locale: "en", requesterName: "Dana", subject: "Printer", ...over }) as TicketItem;

describe("merge notice", () => {
  it("tells the customer in their language which number their request continues under", () => {
    const fr = mergeNotice(
      ticket({ number: 12, locale: "fr", subject: "Imprimante" }),
      ticket({ number: 10 }),
      "https://desk.example/ticket.html?id=T#token=x",
      "Support",
    );
    expect(fr.subject).toBe("[#10] Votre demande #12 continue sous le numéro #10");
    expect(fr.text).toContain("« Imprimante »");
    expect(fr.text).toContain("Suivre votre demande : https://desk.example/ticket.html?id=T#token=x");
  });

  it("names neither the other ticket's subject nor a link to it when there is no link to give", () => {
    const en = mergeNotice(
      ticket({ number: 3, subject: "Mine" }),
      ticket({ number: 2, subject: "Someone else's secret" }),
      null,
      "Support",
    );
    expect(en.subject).toBe("[#2] Your request #3 continues as #2");
    expect(en.text).not.toContain("secret");
    expect(en.text).not.toContain("Follow your request");
  });

  it("promises answers by mail only to the requester of the ticket kept (others are not copied on it)", () => {
    const other = mergeNotice(
      ticket({ number: 3, requesterEmail: "bob@example.com" }),
      ticket({ number: 2, requesterEmail: "alice@example.com" }),
      null,
      "Support",
    );
    expect(other.text).not.toContain("You will get our answers");
    expect(other.text).toContain("we have closed #3");
    const same = mergeNotice(
      ticket({ number: 3, requesterEmail: "bob@example.com" }),
      ticket({ number: 2, requesterEmail: "bob@example.com" }),
      "https://desk.example/x",
      "Support",
    );
    expect(same.text).toContain("You will get our answers by email");
  });
});
