import { z } from "zod";
import { CHANNELS } from "../store/entities/ticket.ts";

const base = {
  /** ULID; consumers use it to recognise a redelivery. */
  id: z.string().min(1),
  occurredAt: z.string(),
  ticketId: z.string().min(1),
};

export const TicketCreated = z.object({
  ...base,
  type: z.literal("ticket.created"),
  ticketNumber: z.number().int().positive(),
  channel: z.enum(CHANNELS),
  entryId: z.string(),
});

export const CustomerMessageAdded = z.object({
  ...base,
  type: z.literal("ticket.customer_message"),
  entryId: z.string(),
  reopened: z.boolean(),
});

export const AgentReplied = z.object({
  ...base,
  type: z.literal("ticket.agent_replied"),
  entryId: z.string(),
  agentId: z.string(),
});

export const TicketAssigned = z.object({
  ...base,
  type: z.literal("ticket.assigned"),
  agentId: z.string(),
});

/** An agent gave a ticket its category, or solved it under one: a training example for the classifier. */
export const TicketCategorized = z.object({
  ...base,
  type: z.literal("ticket.categorized"),
  category: z.string(),
  agentId: z.string(),
  source: z.enum(["corrected", "confirmed"]),
});

/** Every event the desk publishes; the SNS message attribute `type` carries `type` for subscription filters. */
export const DeskEvent = z.discriminatedUnion("type", [
  TicketCreated,
  CustomerMessageAdded,
  AgentReplied,
  TicketAssigned,
  TicketCategorized,
]);
export type DeskEvent = z.infer<typeof DeskEvent>;
export type DeskEventType = DeskEvent["type"];
