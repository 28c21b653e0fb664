import { key, SERVICE } from "../keys.ts";

/**
 * Since when a ticket's customer links count: links issued earlier were revoked (an agent asked for a new link
 * that replaces them). No item: every unexpired link counts. Its own partition, so the ticket's version (and
 * agents' ETags) do not move when a link is revoked.
 */
export const portalLinkSchema = {
  model: { service: SERVICE, entity: "portalLink", version: "1" },
  attributes: {
    ticketId: { type: "string", required: true },
    /** Epoch milliseconds: links issued before this moment are refused. */
    validFrom: { type: "number", required: true },
    revokedBy: { type: "string" },
  },
  indexes: {
    byTicket: { pk: key("pk", "PORTALLINK#${ticketId}", ["ticketId"]), sk: key("sk", "VALIDFROM") },
  },
} as const;
