// Ticket numbers: the number → id item and the desk's counter that hands numbers out.
import { key, SERVICE } from "../keys.ts";

/**
 * A ticket's number → its id, written once, in the transaction that creates the ticket. A number never changes:
 * an item of its own costs 2 units once, where the ticket's copy in a lookup index (gsi1, as before) cost a unit
 * on every change of the ticket.
 */
export const ticketNumberSchema = {
  model: { service: SERVICE, entity: "ticketNumber", version: "1" },
  attributes: {
    number: { type: "number", required: true },
    ticketId: { type: "string", required: true },
  },
  indexes: { byNumber: { pk: key("pk", "TNUM#${number}", ["number"]), sk: key("sk", "TNUM") } },
} as const;

/** The per-desk ticket number counter (atomic ADD). */
export const counterSchema = {
  model: { service: SERVICE, entity: "counter", version: "1" },
  attributes: {
    name: { type: "string", required: true },
    value: { type: "number", required: true },
  },
  indexes: { byName: { pk: key("pk", "COUNTER#${name}", ["name"]), sk: key("sk", "COUNTER") } },
} as const;
