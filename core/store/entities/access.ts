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

/**
 * When someone last signed in to the portal with a link mailed to this address (lower case, domain in ASCII):
 * proof that the address's owner reads its mail, for the tickets it had then (core/mail/address-proof.ts). One
 * item per address, put on each sign-in; read only by automatic mail to a ticket not otherwise proven.
 */
export const addressProofSchema = {
  model: { service: SERVICE, entity: "addressProof", version: "1" },
  attributes: {
    email: { type: "string", required: true },
    /** ISO time of the latest sign-in. */
    provenAt: { type: "string", required: true },
  },
  indexes: {
    byEmail: { pk: key("pk", "PROVEN#${email}", ["email"]), sk: key("sk", "PROVEN") },
  },
} as const;
