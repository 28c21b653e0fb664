/** What a delivery report (RFC 3464, multipart/report) says: who failed, how, and which message bounced. */

/** An address as a report writes it: `rfc822; <u@ci.com>` or `rfc822;u@ci.com`. */
const reportAddress = (value: string) => value.replace(/^<|>$/g, "").toLowerCase();

/**
 * The delivery-status fields are plain ASCII lines in the report; read them from the raw message. Each recipient
 * has its own Action and Status: one report can name a failed address beside a delayed one, and only the failed
 * one has bounced.
 */
export function deliveryReport(raw: Buffer, attachments: { contentType: string; content: Buffer }[]) {
  const status = raw.toString("latin1");
  const original = attachments.find(
    (a) => a.contentType === "message/rfc822" || a.contentType === "text/rfc822-headers",
  );
  // Per-recipient fields are one paragraph each (RFC 3464), Original-Recipient before or after Final-Recipient.
  const perRecipient = status
    .split(/\r?\n[ \t]*\r?\n/)
    .filter((paragraph) => /^Final-Recipient:/im.test(paragraph))
    .slice(0, 100)
    .map((fields) => {
      // The address the desk mailed is the Original-Recipient when a forward or alias changed it on the way.
      const mailed = /^Original-Recipient:\s*[^;\r\n]*;\s*(\S+)/im.exec(fields)?.[1];
      return {
        address: reportAddress(mailed ?? /^Final-Recipient:\s*[^;\r\n]*;\s*(\S+)/im.exec(fields)?.[1] ?? ""),
        action: /^Action:\s*(\S+)/im.exec(fields)?.[1]?.toLowerCase() ?? null,
        status: /^Status:\s*([\d.]+)/im.exec(fields)?.[1] ?? null,
      };
    })
    .filter((r) => r.address);
  return {
    recipients: perRecipient.map((r) => r.address),
    /** Recipients whose own Status is permanent (5.x.x), or who failed without a Status. */
    failed: perRecipient
      .filter((r) => r.status?.startsWith("5") || (!r.status && r.action === "failed"))
      .map((r) => r.address),
    status: /^Status:\s*([\d.]+)/im.exec(status)?.[1] ?? null,
    // A read receipt (RFC 8098) names the message in its Original-Message-ID field; Outlook's sends no
    // In-Reply-To, References or copy of it, so this is its only link to the ticket.
    originalMessageId: original
      ? (/^Message-ID:\s*(<[^>]+>)/im.exec(original.content.toString("utf8"))?.[1] ?? null)
      : (/^Original-Message-ID:\s*(<[^<>\s]+>)/im.exec(status)?.[1] ?? null),
  };
}
