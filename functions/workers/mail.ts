import { sendMagicLink } from "../../core/auth/magic-link.ts";
import { sendSurvey } from "../../core/csat/csat.ts";
import { notifyAssignment, notifyMentions } from "../../core/mail/agent-notices.ts";
import { writeDeferredRecord } from "../../core/mail/deferred-record.ts";
import { deliverReply, notifyAssignee } from "../../core/mail/deliver.ts";
import { notifyMerged } from "../../core/mail/merge-notice.ts";
import { remindCustomer, sendNotice } from "../../core/mail/notices.ts";
import { mailVendor } from "../../core/sla/vendor.ts";
import { eventWorker } from "./push.ts";

/**
 * The sender (worker `Mail`): mails agent replies to customers, tells assignees when a customer writes and when
 * triage gives them a ticket, mails the sweep's notices to agents and its reminders to customers.
 * Both are safe to run twice (see core/mail/deliver.ts).
 */
export const handler = eventWorker("Mail", async (event) => {
  switch (event.type) {
    case "ticket.agent_replied":
      return deliverReply(event.ticketId, event.entryId);
    case "ticket.customer_message":
      return notifyAssignee(event.ticketId, event.entryId);
    case "ticket.assigned":
      return notifyAssignment(event.ticketId, event.agentId, event.id, event.byName);
    case "ticket.mentioned":
      return notifyMentions(event);
    case "ticket.notice":
      return sendNotice(event);
    case "ticket.customer_reminder":
      return remindCustomer(event);
    case "ticket.vendor_handoff":
      return mailVendor(event);
    case "ticket.csat_request":
      return sendSurvey(event.ticketId);
    case "customer.magic_link":
      return sendMagicLink(event);
    case "ticket.merged":
      return notifyMerged(event);
    // The record of a mail that left while the table was away (core/mail/sent-record.ts): written, never mailed.
    case "ticket.mail_record":
      return writeDeferredRecord(event);
    default:
      return "ignored";
  }
});
