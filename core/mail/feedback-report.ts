import type { ParsedMail } from "./parse.ts";

/**
 * An ARF abuse report (RFC 5965): multipart/report of type feedback-report, as a mailbox provider's FBL sends.
 * Mail proves nothing about who sent it (anyone copied on a ticket holds the desk's Message-ID), so a report by
 * mail blocks nobody: it lands on its ticket held, shown as a spam report for a person to judge. Complaints that
 * block come from SES's notifications, which AWS signs (core/mail/feedback.ts).
 */
export const isFeedbackReport = (mail: ParsedMail) =>
  mail.isReport && /report-type\s*=\s*"?feedback-report/i.test(mail.header("content-type") ?? "");
