// How Admin → Unfiled mail words an item.
import { t } from "./strings.ts";

type Item = {
  reason: string;
  detail: string;
  from: { address: string | null; name: string | null; usableAsRequester: boolean } | null;
};

/** Fixed details (core/mail/inbound.ts) that say more than their reason: shown instead of it. */
const MORE_PRECISE = new Set([
  "No valid address in Reply-To, From or Sender",
  "a read receipt for no message of the desk",
  "a spam report for no message of the desk",
]);

/**
 * Why a message is unfiled, said once. The desk writes a fixed detail for most reasons: it either restates the
 * reason (shown alone) or is more precise (shown instead); a detail of its own (an error) follows the reason.
 */
export function unfiledReasonText(item: Pick<Item, "reason" | "detail">): string {
  const reason = t.unfiled.reasons[item.reason];
  const fixed = t.unfiledDetails[item.detail];
  if (fixed && (MORE_PRECISE.has(item.detail) || !reason))
    return fixed.charAt(0).toUpperCase() + fixed.slice(1);
  if (!reason) return item.detail;
  return fixed || !item.detail ? reason : `${reason}${t.common.colon}${item.detail}`;
}

/**
 * The requester to offer when filing by hand: the sender, unless filing would refuse their address (the desk's own,
 * a no-reply box); then nothing at all, not even their name (a desk's "Support" is nobody's name).
 */
export const requesterToOffer = (item: Pick<Item, "from">) =>
  item.from?.usableAsRequester
    ? { email: item.from.address ?? "", name: item.from.name ?? "" }
    : { email: "", name: "" };
