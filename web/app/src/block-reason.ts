// What SES said about an address the desk may no longer mail, in the agent's words.
import { type Strings, t } from "./strings.ts";
import type { RequesterUndeliverable } from "./types.ts";

/**
 * SES's word for a block (a bounce's `bounceSubType`, a complaint's `complaintFeedbackType`) said in words, or
 * null for a word the app does not know (SES's raw text stays shown as the detail). A block stored before SES's
 * word was kept apart has it as its detail when SES gave no diagnostic (always, for a complaint).
 */
export function blockReasonText(
  mark: Pick<RequesterUndeliverable, "reason" | "kind" | "detail">,
  words: Strings["ticketPage"]["undeliverable"] = t.ticketPage.undeliverable,
): string | null {
  const code = (mark.kind ?? mark.detail ?? "").trim();
  const table: Record<string, string> = mark.reason === "bounce" ? words.bounceKinds : words.complaintKinds;
  return Object.hasOwn(table, code) ? table[code]! : null;
}
