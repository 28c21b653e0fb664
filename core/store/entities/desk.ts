import { key, SERVICE } from "../keys.ts";

/**
 * One named piece of desk configuration (triage settings, business hours, SLA policies…), validated by its
 * owner module before it is stored; in the small, read-mostly config partition.
 */
export const settingSchema = {
  model: { service: SERVICE, entity: "setting", version: "1" },
  attributes: {
    name: { type: "string", required: true },
    value: { type: "any", required: true },
    updatedAt: { type: "string", required: true },
    updatedBy: { type: "string" },
    /** Markers (core/ticket/load-check.ts): when the last doubt was raised; a clear is conditioned on it. */
    doubtedAt: { type: "string" },
  },
  indexes: { byName: { pk: key("pk", "CONFIG"), sk: key("sk", "SETTING#${name}", ["name"]) } },
} as const;

/**
 * A ticket's text with the category an agent gave it or confirmed: what the classifier learns from. One item
 * per ticket (the latest word wins), all in one partition so that training reads them in one paginated Query.
 */
export const exampleSchema = {
  model: { service: SERVICE, entity: "example", version: "1" },
  attributes: {
    ticketId: { type: "string", required: true },
    text: { type: "string", required: true },
    category: { type: "string", required: true },
    /** `corrected`: an agent changed the category; `confirmed`: solved under it; `imported`: an admin's data. */
    source: { type: ["corrected", "confirmed", "imported"] as const, required: true },
    agentId: { type: "string" },
    at: { type: "string", required: true },
  },
  indexes: { byTicket: { pk: key("pk", "EXAMPLES"), sk: key("sk", "${ticketId}", ["ticketId"]) } },
} as const;

/** The classifier in use: which version, trained on what; its bytes are in `modelChunk` items of that version. */
export const modelHeadSchema = {
  model: { service: SERVICE, entity: "modelHead", version: "1" },
  attributes: {
    version: { type: "number", required: true },
    chunks: { type: "number", required: true },
    bytes: { type: "number", required: true },
    examples: { type: "number", required: true },
    /** Examples per category id. */
    perCategory: { type: "any", required: true },
    trainedAt: { type: "string", required: true },
    trainMs: { type: "number", required: true },
    /** The `examplesChangedAt` this model has learned up to. */
    examplesAt: { type: "string", required: true },
  },
  indexes: { byName: { pk: key("pk", "MODEL"), sk: key("sk", "HEAD") } },
} as const;

/** When the labelled examples last changed: the sweep retrains when this is newer than the model. */
export const modelStateSchema = {
  model: { service: SERVICE, entity: "modelState", version: "1" },
  attributes: { examplesChangedAt: { type: "string", required: true } },
  indexes: { byName: { pk: key("pk", "MODEL"), sk: key("sk", "STATE") } },
} as const;

/** Part of an encoded model (DynamoDB items hold at most 400 KB). */
export const modelChunkSchema = {
  model: { service: SERVICE, entity: "modelChunk", version: "1" },
  attributes: {
    version: { type: "number", required: true },
    index: { type: "number", required: true },
    data: { type: "any", required: true },
    /** Old versions expire a day after they are replaced (TTL). */
    expiresAt: { type: "number" },
  },
  indexes: {
    byVersion: {
      pk: key("pk", "MODEL#${version}", ["version"]),
      sk: key("sk", "CHUNK#${index}", ["index"]),
    },
  },
} as const;

/** An external vendor tickets can be handed to (tier L4). */
export const vendorSchema = {
  model: { service: SERVICE, entity: "vendor", version: "1" },
  attributes: {
    vendorId: { type: "string", required: true, readOnly: true },
    name: { type: "string", required: true },
    email: { type: "string", required: true },
    /** The vendor's contract: business minutes to answer a hand-off. */
    responseMinutes: { type: "number" },
    createdAt: { type: "string", required: true },
    updatedAt: { type: "string", required: true },
  },
  indexes: { byId: { pk: key("pk", "CONFIG"), sk: key("sk", "VENDOR#${vendorId}", ["vendorId"]) } },
} as const;

/** A canned reply agents insert into the composer; `{{requester.name}}`-style placeholders are filled in. */
export const cannedReplySchema = {
  model: { service: SERVICE, entity: "cannedReply", version: "1" },
  attributes: {
    cannedId: { type: "string", required: true, readOnly: true },
    title: { type: "string", required: true },
    body: { type: "string", required: true },
    createdAt: { type: "string", required: true },
    updatedAt: { type: "string", required: true },
  },
  indexes: { byId: { pk: key("pk", "CONFIG"), sk: key("sk", "CANNED#${cannedId}", ["cannedId"]) } },
} as const;

/** Who has a ticket open right now (and whether they are writing): short-lived, gone by TTL. */
export const presenceSchema = {
  model: { service: SERVICE, entity: "presence", version: "1" },
  attributes: {
    ticketId: { type: "string", required: true },
    agentId: { type: "string", required: true },
    name: { type: "string", required: true },
    state: { type: ["viewing", "replying"] as const, required: true },
    at: { type: "string", required: true },
    expiresAt: { type: "number", required: true },
  },
  indexes: {
    byTicket: {
      pk: key("pk", "PRESENCE#${ticketId}", ["ticketId"]),
      sk: key("sk", "${agentId}", ["agentId"]),
    },
  },
} as const;

/**
 * Full-text search: one item per (term, ticket), written by the Search worker from subjects and messages. A query
 * reads one partition per term (newest tickets first) and intersects them: no Scan, no cluster, pay per use.
 */
export const searchTermSchema = {
  model: { service: SERVICE, entity: "searchTerm", version: "1" },
  attributes: {
    term: { type: "string", required: true },
    ticketId: { type: "string", required: true },
  },
  indexes: {
    byTerm: { pk: key("pk", "TERM#${term}", ["term"]), sk: key("sk", "${ticketId}", ["ticketId"]) },
  },
} as const;

/** How many open tickets a queue holds (and tickets per status): moved in every ticket transaction. */
export const queueCountSchema = {
  model: { service: SERVICE, entity: "queueCount", version: "1" },
  attributes: {
    name: { type: "string", required: true },
    count: { type: "number" },
  },
  indexes: { byName: { pk: key("pk", "QCOUNT#${name}", ["name"]), sk: key("sk", "COUNT") } },
} as const;

/** A customer signed in by magic link: the cookie holds a random token, the table only its hash. */
export const customerSessionSchema = {
  model: { service: SERVICE, entity: "customerSession", version: "1" },
  attributes: {
    tokenHash: { type: "string", required: true },
    email: { type: "string", required: true },
    createdAt: { type: "string", required: true },
    expiresAt: { type: "number", required: true },
  },
  indexes: { byToken: { pk: key("pk", "CSESSION#${tokenHash}", ["tokenHash"]), sk: key("sk", "SESSION") } },
} as const;
