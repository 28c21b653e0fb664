// What agents may do with mail held on a ticket, from what the server will accept (core/mail/held.ts).
import type { Entry } from "./types.ts";

type MailOf = { kind: Entry["kind"]; mail: { automatic: string[] } | null; held?: unknown };

/**
 * A bounce or delivery status notice about mail the desk sent: a report, not a message someone wrote. Only held
 * mail (a daemon is on no ticket, so its report is held, agents-only): the server's "bounce" sign also marks a
 * customer's own words ("Undeliverable mail to billing… 550 5.1.1"), filed as their public message, which is theirs.
 */
export const isDeliveryReport = (entry: MailOf) =>
  entry.kind === "customer_message" &&
  Boolean(entry.held) &&
  Boolean(entry.mail?.automatic.includes("bounce") || isSpamReport(entry));

/** A mailbox provider's abuse report (ARF) about the desk's mail: a complaint, shown as a report too. */
export const isSpamReport = (entry: MailOf) => Boolean(entry.mail?.automatic.includes("feedback report"));

/**
 * Whether "Accept" can work: the server refuses automatic mail (409 `sender_not_copyable`), so the button is not
 * offered for it; the daemon's address, an auto-reply's, is nobody to copy.
 */
export const mayAccept = (entry: MailOf) => !entry.mail?.automatic.length;

/**
 * Whether a customer message's Split sits under it in the timeline. The server splits any one not split yet, held
 * or not (core/ticket/split.ts); held mail waiting for a decision has Split in the held bar, beside Accept, except
 * what the bounce heuristics call a delivery report: the bar leaves it out (a daemon's report, or a person's words
 * that read like one), so its Split is here.
 */
export const splitInTimeline = (entry: MailOf & { held?: { acceptedAt?: string | null } | null }) =>
  !entry.held || Boolean(entry.held.acceptedAt) || isDeliveryReport(entry);
