// The ticket's writes, one import for their callers: each kind lives in a module of its own.
export { addNote, addReply } from "./agent-messages.ts";
export { updateTicket } from "./agent-update.ts";
export { addCustomerMessage, type CustomerMessage, solveByCustomer } from "./customer-writes.ts";
export { type Change, eventEntry, MAX_TICKET_CC, touched, withStatus } from "./write-parts.ts";
