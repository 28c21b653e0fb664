import { deliverReply, notifyAssignee, notifyAssignment } from "../../core/mail/deliver.ts";
import { eventWorker } from "./batch.ts";

/**
 * The sender (queue `mail`): mails agent replies to customers, tells assignees when a customer writes and when
 * triage gives them a ticket.
 * Both are safe to run twice (see core/mail/deliver.ts).
 */
export const handler = eventWorker(async (event) => {
  switch (event.type) {
    case "ticket.agent_replied":
      return deliverReply(event.ticketId, event.entryId);
    case "ticket.customer_message":
      return notifyAssignee(event.ticketId, event.entryId);
    case "ticket.assigned":
      return notifyAssignment(event.ticketId, event.agentId, event.id);
    default:
      return "ignored";
  }
});
