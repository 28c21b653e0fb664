import { t } from "./strings.ts";
import type { Entry } from "./types.ts";

/**
 * What the agent is told about a public reply the customer has not been sent (yet): nothing once it is sent, or
 * for anything but a reply. A reply whose mail failed stays "not sent" with the reason until a retry sends it,
 * so the agent never takes an unsent answer for a delivered one.
 */
export function replyDeliveryNote(entry: Pick<Entry, "kind" | "delivery">): string | null {
  if (entry.kind !== "agent_reply" || !entry.delivery) return null;
  const { status, error } = entry.delivery;
  if (status === "queued" || status === "sending") return t.replyDelivery.sending;
  if (status !== "failed") return null;
  if (error?.startsWith("UndeliverableAddressError")) return t.replyDelivery.undeliverable;
  return t.replyDelivery.failed(error ?? "—");
}
