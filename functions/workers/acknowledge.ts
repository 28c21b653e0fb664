import { acknowledgeTicket } from "../../core/mail/acknowledge.ts";
import { eventWorker } from "./push.ts";

/** Worker `Acknowledge`: every new ticket gets its acknowledgement, unless a loop guard says no. */
export const handler = eventWorker("Acknowledge", async (event) =>
  event.type === "ticket.created" ? acknowledgeTicket(event.ticketId, event.entryId) : "ignored",
);
