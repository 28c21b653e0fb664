import { triageTicket } from "../../core/triage/triage.ts";
import { eventWorker } from "./batch.ts";

/** Queue `Triage`: categorize, prioritize and route every new ticket (once; agents' changes win). */
export const handler = eventWorker(async (event) =>
  event.type === "ticket.created" ? triageTicket(event.ticketId) : "ignored",
);
