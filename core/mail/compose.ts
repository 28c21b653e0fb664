import MailComposer from "nodemailer/lib/mail-composer";

export interface OutboundMail {
  from: string;
  to: string;
  cc?: string[];
  subject: string;
  text: string;
  /** Our own Message-ID, in angle brackets. */
  messageId: string;
  inReplyTo?: string;
  references?: string[];
  replyTo?: string;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
  /** `auto-replied` (acknowledgements) or `auto-generated` (notifications); absent for human replies. */
  autoSubmitted?: "auto-replied" | "auto-generated";
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]!,
  );

/** Plain text as simple HTML paragraphs (escaped), for the HTML alternative. */
export function textToHtml(text: string): string {
  const paragraphs = text.split(/\n{2,}/).map((p) => `<p>${escapeHtml(p).replace(/\n/g, "<br>")}</p>`);
  return `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">${paragraphs.join("")}</body></html>`;
}

/** Builds the raw MIME message (text and HTML parts) for SES SendRawEmail. */
export async function composeRaw(mail: OutboundMail): Promise<Buffer> {
  const headers: Record<string, string> = {};
  if (mail.autoSubmitted) {
    headers["Auto-Submitted"] = mail.autoSubmitted;
    headers["X-Auto-Response-Suppress"] = "All";
  }
  const composer = new MailComposer({
    from: mail.from,
    to: mail.to,
    cc: mail.cc,
    replyTo: mail.replyTo,
    subject: mail.subject,
    text: mail.text,
    html: textToHtml(mail.text),
    messageId: mail.messageId,
    inReplyTo: mail.inReplyTo,
    references: mail.references,
    attachments: mail.attachments,
    headers,
  });
  return composer.compile().build();
}
