import { describe, expect, it } from "vitest";
import { isDeliveryReport, mayAccept, splitInTimeline } from "../../web/app/src/held-mail.ts";
import { t } from "../../web/app/src/strings.ts";
import { requesterToOffer, unfiledReasonText } from "../../web/app/src/unfiled-text.ts";

const mailFrom = (automatic: string[]) => ({
  kind: "customer_message" as const,
  mail: { automatic },
  held: { reason: "from someone not on this ticket", acceptedAt: null },
});

describe("agent app: held mail", () => {
  it("reads a bounce as a delivery report, and offers Accept only where the server can accept", () => {
    expect(isDeliveryReport(mailFrom(["bounce"]))).toBe(true);
    expect(isDeliveryReport(mailFrom(["auto_reply"]))).toBe(false);
    expect(isDeliveryReport({ kind: "customer_message", mail: null })).toBe(false);
    expect(isDeliveryReport({ kind: "auto_mail", mail: { automatic: ["bounce"] } })).toBe(false);
    // Not held: the customer's own (public) message, whatever the bounce heuristics said of its words.
    expect(isDeliveryReport({ kind: "customer_message", mail: { automatic: ["bounce"] } })).toBe(false);
    expect(mayAccept(mailFrom([]))).toBe(true);
    expect(mayAccept({ kind: "customer_message", mail: null })).toBe(true);
    // Automatic mail: 409 sender_not_copyable (core/mail/held.ts).
    expect(mayAccept(mailFrom(["bounce"]))).toBe(false);
    expect(mayAccept(mailFrom(["auto_reply"]))).toBe(false);
  });
  it("offers Split wherever the server splits: a held mail read as a bounce, which the held bar leaves out, in the timeline", () => {
    expect(splitInTimeline(mailFrom(["bounce"]))).toBe(true);
    // Waiting held mail has Split in the held bar, not twice.
    expect(splitInTimeline(mailFrom([]))).toBe(false);
    expect(splitInTimeline(mailFrom(["auto_reply"]))).toBe(false);
    expect(splitInTimeline({ kind: "customer_message", mail: null })).toBe(true);
    expect(
      splitInTimeline({ kind: "customer_message", mail: null, held: { acceptedAt: "2026-01-01T00:00:00Z" } }),
    ).toBe(true);
  });
});

describe("agent app: unfiled mail", () => {
  it("says a reason once: a detail restating it is dropped, a more precise one replaces it, another follows it", () => {
    const own = unfiledReasonText({ reason: "own_address", detail: "sent from the desk's own address" });
    expect(own).toBe(t.unfiled.reasons.own_address);
    expect(
      unfiledReasonText({ reason: "stray_report", detail: "a read receipt for no message of the desk" }),
    ).toBe("A read receipt for no message of the desk");
    expect(unfiledReasonText({ reason: "failed", detail: "Timeout reading S3" })).toBe(
      `${t.unfiled.reasons.failed}: Timeout reading S3`,
    );
    expect(unfiledReasonText({ reason: "new_reason", detail: "something" })).toBe("something");
  });

  it("offers the sender as requester only when filing would take them", () => {
    const from = { address: "support+x@desk.localhost", name: "Support" };
    expect(requesterToOffer({ from: { ...from, usableAsRequester: false } })).toEqual({
      email: "",
      name: "",
    });
    expect(requesterToOffer({ from: { ...from, usableAsRequester: true } })).toEqual({
      email: "support+x@desk.localhost",
      name: "Support",
    });
    expect(requesterToOffer({ from: null })).toEqual({ email: "", name: "" });
  });
});
