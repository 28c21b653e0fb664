import { describe, expect, it } from "vitest";
import { replyDeliveryNote, UNCONFIRMED_AFTER_MS } from "../../web/app/src/reply-delivery.ts";
import { strings, t } from "../../web/app/src/strings.ts";

const reply = (
  delivery: {
    status: string;
    error?: string;
    code?: string;
    missingFiles?: string[];
    leaseUntil?: string;
  } | null,
) => ({
  kind: "agent_reply" as const,
  delivery: delivery && { messageId: null, error: null, ...delivery },
});

describe("agent app: a reply the customer was not sent", () => {
  it("says nothing once the reply is sent, nor for other entries", () => {
    expect(replyDeliveryNote(reply({ status: "sent" }))).toBeNull();
    expect(replyDeliveryNote(reply(null))).toBeNull();
    expect(replyDeliveryNote({ kind: "internal_note", delivery: null })).toBeNull();
    expect(
      replyDeliveryNote({ kind: "auto_mail", delivery: { status: "failed", messageId: null, error: "x" } }),
    ).toBeNull();
  });

  it("says a reply on its way is being sent", () => {
    expect(replyDeliveryNote(reply({ status: "sending" }))).toBe(t.replyDelivery.sending);
    expect(replyDeliveryNote(reply({ status: "queued" }))).toBe(t.replyDelivery.sending);
  });

  it("says a reply still 'sending' long after its sender's lease ended is not confirmed, not 'Sending…'", () => {
    const leaseUntil = "2030-01-01T10:02:00.000Z";
    const lease = Date.parse(leaseUntil);
    const sending = reply({ status: "sending", leaseUntil });
    // Held, or only just released (a retry may take it over any moment): still on its way.
    expect(replyDeliveryNote(sending, lease - 60_000)).toBe(t.replyDelivery.sending);
    expect(replyDeliveryNote(sending, lease + UNCONFIRMED_AFTER_MS)).toBe(t.replyDelivery.sending);
    // Past the threshold: nobody holds it, and the desk could not say it went.
    expect(replyDeliveryNote(sending, lease + UNCONFIRMED_AFTER_MS + 1)).toBe(t.sendUnconfirmed.note);
    expect(t.sendUnconfirmed.note).toMatch(/^Delivery not confirmed/);
    // Only a lease says so: a reply queued or sending without one (an older API) stays "Sending…".
    expect(replyDeliveryNote(reply({ status: "sending" }), lease + 3_600_000)).toBe(t.replyDelivery.sending);
    // Once marked sent (the deferred mark arrived), nothing to say.
    expect(replyDeliveryNote(reply({ status: "sent", leaseUntil }), lease + 3_600_000)).toBeNull();
    expect(strings.fr.sendUnconfirmed.note).toMatch(/^Envoi non confirmé/);
  });

  it("says a failed reply is not sent yet, with SES's reason, and that it is retried", () => {
    const note = replyDeliveryNote(
      reply({ status: "failed", error: "MessageRejected: Email address is not verified." }),
    );
    expect(note).toBe(t.replyDelivery.failed("MessageRejected: Email address is not verified."));
    expect(note).toContain("Email address is not verified.");
  });

  it("says an address the desk cannot mail is not retried", () => {
    const note = replyDeliveryNote(
      reply({ status: "failed", error: 'UndeliverableAddressError: Not a deliverable address: "a b@x"' }),
    );
    expect(note).toBe(t.replyDelivery.undeliverable);
  });

  it("says the same for an address refused since failures carry a code", () => {
    const note = replyDeliveryNote(
      reply({ status: "failed", code: "undeliverable_address", error: 'Not a deliverable address: "a b@x"' }),
    );
    expect(note).toBe(t.replyDelivery.undeliverable);
  });

  it("says a reply whose file is no longer stored was not sent, names the file, and says to send it again", () => {
    const failed = {
      status: "failed",
      code: "file_missing",
      error: 'The attached file "invoice.pdf" is gone',
    };
    const one = replyDeliveryNote(reply({ ...failed, missingFiles: ["invoice.pdf"] }));
    expect(one).toBe(t.replyDelivery.fileMissing("“invoice.pdf”"));
    expect(one).toMatch(/^Not sent: the attached file “invoice\.pdf” is no longer stored/);
    expect(one).toContain("Send the reply again");
    // Not the retried failure's words: the desk does not try again, and no admin can send it.
    expect(one).not.toContain("tries again");
    const two = replyDeliveryNote(reply({ ...failed, missingFiles: ["a.pdf", "b.pdf"] }));
    expect(two).toMatch(/^Not sent: the attached files “a\.pdf”, “b\.pdf” are no longer stored/);
    const { replyDelivery: fr } = strings.fr;
    expect(fr.fileMissing(fr.fileName("facture.pdf"))).toMatch(
      /^Non envoyée : le fichier joint « facture\.pdf » n'est plus conservé.*Renvoyez la réponse/,
    );
    expect(fr.filesMissing(["a.pdf", "b.pdf"].map(fr.fileName).join(", "))).toContain(
      "« a.pdf », « b.pdf » ne sont plus",
    );
  });

  it("has the same sentences in French", () => {
    expect(strings.fr.replyDelivery.failed("X")).toContain("(X)");
    expect(strings.fr.replyDelivery.sending).not.toBe(strings.en.replyDelivery.sending);
  });
});
