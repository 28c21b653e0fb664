import { t } from "./strings.ts";
import type { Entry } from "./types.ts";

/**
 * How long after its sender's lease ran out a reply still "sending" is said to be unconfirmed: by then no worker
 * holds it (a send gives up within 30 s, the lease is 2 min), so either its "sent" mark was lost after SES took the
 * mail or its attempt died; the desk may still confirm it (core/mail/sent-record.ts), but "Sending…" would be a lie.
 */
export const UNCONFIRMED_AFTER_MS = 5 * 60_000;

/**
 * What the agent is told about a public reply the customer has not been sent (yet): nothing once it is sent, or
 * for anything but a reply. A reply whose mail failed stays "not sent" with the reason until a retry sends it,
 * so the agent never takes an unsent answer for a delivered one.
 */
export function replyDeliveryNote(entry: Pick<Entry, "kind" | "delivery">, now = Date.now()): string | null {
  if (entry.kind !== "agent_reply" || !entry.delivery) return null;
  const { status, error, code, missingFiles, leaseUntil } = entry.delivery;
  if (status === "sending" && leaseUntil && now - Date.parse(leaseUntil) > UNCONFIRMED_AFTER_MS)
    return t.sendUnconfirmed.note;
  if (status === "queued" || status === "sending") return t.replyDelivery.sending;
  if (status !== "failed") return null;
  // Failures for good carry a code; replies failed before codes were recorded name the error class instead.
  if (code === "file_missing") {
    const names = (missingFiles ?? []).map(t.replyDelivery.fileName);
    return names.length === 1
      ? t.replyDelivery.fileMissing(names[0]!)
      : t.replyDelivery.filesMissing(names.join(", "));
  }
  if (code === "undeliverable_address" || error?.startsWith("UndeliverableAddressError"))
    return t.replyDelivery.undeliverable;
  return t.replyDelivery.failed(error ?? "—");
}
