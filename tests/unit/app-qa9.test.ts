import { describe, expect, it } from "vitest";
import { isDeliveryReport, isSpamReport, mayAccept } from "../../web/app/src/held-mail.ts";
import { unfiledReasonText } from "../../web/app/src/unfiled-text.ts";

const held = (automatic: string[]) => ({
  kind: "customer_message" as const,
  mail: { automatic },
  held: { reason: "from someone not on this ticket", acceptedAt: null },
});

describe("agent app: an ARF abuse report (QA9 #5)", () => {
  it("reads as a spam report, a report with nothing to accept, and no bounce", () => {
    expect(isDeliveryReport(held(["feedback report"]))).toBe(true);
    expect(isSpamReport(held(["feedback report"]))).toBe(true);
    expect(isSpamReport(held(["bounce"]))).toBe(false);
    expect(mayAccept(held(["feedback report"]))).toBe(false);
  });

  it("one about no mail of the desk is said precisely in Admin → Unfiled mail", () => {
    expect(
      unfiledReasonText({ reason: "stray_report", detail: "a spam report for no message of the desk" }),
    ).toBe("A spam report (ARF) for no message of the desk");
  });
});
