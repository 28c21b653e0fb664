import { acknowledgeTicket } from "../../core/mail/acknowledge.ts";
import { eventWorker } from "./batch.ts";

/** Queue `Acknowledge`: every new ticket gets its acknowledgement, unless a loop guard says no. */
export const handler = eventWorker(async (event) =>
  event.type === "ticket.created" ? acknowledgeTicket(event.ticketId, event.entryId) : "ignored",
);
