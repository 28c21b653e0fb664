import { recordExample } from "../../core/triage/learn.ts";
import { retriageReopened, triageTicket } from "../../core/triage/triage.ts";
import { eventWorker } from "./push.ts";

/**
 * Worker `Triage`: categorize, prioritize and route every new ticket (once; agents' changes win), look again at
 * tickets a customer reopens, and keep what agents say about categories as training examples.
 */
export const handler = eventWorker("Triage", async (event) => {
  switch (event.type) {
    case "ticket.created":
      return triageTicket(event.ticketId);
    case "ticket.customer_message":
      return event.reopened ? retriageReopened(event.ticketId, event.entryId) : "ignored";
    case "ticket.categorized": {
      const { ticketId, category, source, agentId, occurredAt } = event;
      await recordExample({ ticketId, category, source, agentId, at: occurredAt });
      return "recorded";
    }
    default:
      return "ignored";
  }
});
