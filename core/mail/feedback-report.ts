import type { ParsedMail } from "./parse.ts";

/** At most this many recipients read from one report: an abuse report names the one who complained. */
const MAX_RECIPIENTS = 20;

/** An ARF abuse report (RFC 5965): multipart/report of type feedback-report, as a mailbox provider's FBL sends. */
export const isFeedbackReport = (mail: ParsedMail) =>
  mail.isReport && /report-type\s*=\s*"?feedback-report/i.test(mail.header("content-type") ?? "");

/**
 * What an ARF report says: its Feedback-Type (`abuse`, `fraud`, `virus`, `not-spam`, `other`… the words SES
 * gives a complaint) and who complained — its Original-Rcpt-To fields, else the To of the copy of the reported
 * mail (providers often redact both; then nobody). Null for any other mail.
 */
export function feedbackReport(mail: ParsedMail): { type: string; recipients: string[] } | null {
  if (!isFeedbackReport(mail)) return null;
  const field = (type: string) =>
    mail.attachments
      .filter((a) => a.contentType.toLowerCase() === type)
      .map((a) => a.content.subarray(0, 64 * 1024).toString("latin1"))
      .join("\n");
  const report = field("message/feedback-report");
  const addresses = (text: string, name: string) =>
    [...text.matchAll(new RegExp(`^${name}:[ \\t]*<?([^\\s<>@,;]+@[^\\s<>,;]+?)>?[ \\t]*$`, "gim"))].map(
      (m) => m[1]!.toLowerCase(),
    );
  let recipients = addresses(report, "Original-Rcpt-To");
  if (!recipients.length) {
    const headers = field("text/rfc822-headers") || field("message/rfc822");
    const to = /^To:(.*(?:\r?\n[ \t].*)*)/im.exec(headers.split(/\r?\n\r?\n/)[0] ?? "")?.[1] ?? "";
    recipients = [...to.matchAll(/<?([^\s<>@,;"]+@[^\s<>,;"]+?)>?(?=[\s,;]|$)/g)].map((m) =>
      m[1]!.toLowerCase(),
    );
  }
  return {
    type: (/^Feedback-Type:[ \t]*([\w-]+)/im.exec(report)?.[1] ?? "other").toLowerCase().slice(0, 100),
    recipients: [...new Set(recipients)].slice(0, MAX_RECIPIENTS),
  };
}
