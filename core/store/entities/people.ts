import { key, SERVICE } from "../keys.ts";

export const ROLES = ["admin", "agent"] as const;
export const API_TOKEN_SCOPES = ["read", "write", "admin"] as const;

/** An agent or admin of the desk. */
export const agentSchema = {
  model: { service: SERVICE, entity: "agent", version: "1" },
  attributes: {
    agentId: { type: "string", required: true, readOnly: true },
    email: { type: "string", required: true },
    name: { type: "string", required: true },
    role: { type: ROLES, required: true },
    teams: { type: "list", items: { type: "string" }, required: true },
    active: { type: "boolean", required: true },
    /** Away agents get no new tickets from triage. */
    away: { type: "boolean" },
    /** Admins who want the weekly summary mail (Monday morning, desk time). */
    weeklySummary: { type: "boolean" },
    /** Most open tickets triage gives this agent (manual assignment may go past it). */
    capacity: { type: "number" },
    /** The language of the mail the desk sends this agent (default English). */
    locale: { type: ["en", "fr"] as const },
    /** false: the agent turned mail notices (assignments, mentions, alerts) off for themselves. */
    mailNotices: { type: "boolean" },
    /** Added under the agent's public replies (core/agent/signature.ts); absent = none. */
    signature: { type: "string" },
    passwordHash: { type: "string", required: true },
    /**
     * Bumped when the password or role changes or the agent is deactivated: sessions made under an older epoch
     * are dead (absent = 0, so items written before it existed stay valid).
     */
    sessionEpoch: { type: "number" },
    /** Bumped when the agent is deactivated: API tokens issued under an older epoch stay dead on reactivation. */
    tokenEpoch: { type: "number" },
    createdAt: { type: "string", required: true },
    updatedAt: { type: "string", required: true },
    version: { type: "number", required: true },
  },
  indexes: {
    byId: { pk: key("pk", "AGENT#${agentId}", ["agentId"]), sk: key("sk", "AGENT") },
    // an agent by email (uniqueness is enforced by the agentEmail item)
    byEmail: { index: "gsi1", pk: key("gsi1pk", "AEMAIL#${email}", ["email"]), sk: key("gsi1sk", "AGENT") },
    // the agent directory, by name (one small partition: a desk has tens of agents, rarely written)
    directory: {
      index: "gsi2",
      pk: key("gsi2pk", "AGENTS"),
      sk: key("gsi2sk", "${name}#${agentId}", ["name", "agentId"]),
    },
  },
} as const;

/** Claims an email address for one agent: written in the same transaction as the agent. */
export const agentEmailSchema = {
  model: { service: SERVICE, entity: "agentEmail", version: "1" },
  attributes: {
    email: { type: "string", required: true },
    agentId: { type: "string", required: true },
  },
  indexes: { byEmail: { pk: key("pk", "AGENTEMAIL#${email}", ["email"]), sk: key("sk", "UNIQUE") } },
} as const;

/** Team membership, one item per (team, agent): agents of a team in one Query. */
export const membershipSchema = {
  model: { service: SERVICE, entity: "membership", version: "1" },
  attributes: {
    teamId: { type: "string", required: true },
    agentId: { type: "string", required: true },
  },
  indexes: {
    byTeam: { pk: key("pk", "TEAM#${teamId}", ["teamId"]), sk: key("sk", "MEMBER#${agentId}", ["agentId"]) },
  },
} as const;

/** Desk configuration (teams, categories) shares one small, read-mostly partition. */
export const teamSchema = {
  model: { service: SERVICE, entity: "team", version: "1" },
  attributes: {
    teamId: { type: "string", required: true, readOnly: true },
    name: { type: "string", required: true },
    /** The name the French app shows; `name` where it is missing. */
    nameFr: { type: "string" },
    description: { type: "string" },
    /** Triage assigns new tickets to the team's available agents (off: they wait in the team queue). */
    autoAssign: { type: "boolean" },
    /** The support tier this team works at (L1 front line … L3 experts, L4 vendor liaison). */
    tier: { type: ["L1", "L2", "L3", "L4"] as const },
    /** The team that takes this team's tickets when they breach their SLA (the next tier up). */
    escalatesTo: { type: "string" },
    createdAt: { type: "string", required: true },
    updatedAt: { type: "string", required: true },
  },
  indexes: { byId: { pk: key("pk", "CONFIG"), sk: key("sk", "TEAM#${teamId}", ["teamId"]) } },
} as const;

export const categorySchema = {
  model: { service: SERVICE, entity: "category", version: "1" },
  attributes: {
    categoryId: { type: "string", required: true, readOnly: true },
    name: { type: "string", required: true },
    /** The name in French (the help center's /fr pages); `name` serves where it is missing. */
    nameFr: { type: "string" },
    defaultTeam: { type: "string" },
    /** Keyword rules, English and French alike (matched with accents, case and plurals folded). */
    keywords: { type: "list", items: { type: "string" } },
    createdAt: { type: "string", required: true },
    updatedAt: { type: "string", required: true },
  },
  indexes: { byId: { pk: key("pk", "CONFIG"), sk: key("sk", "CATEGORY#${categoryId}", ["categoryId"]) } },
} as const;

/** An agent's browser session; the cookie holds a random token, the table only its hash. */
export const sessionSchema = {
  model: { service: SERVICE, entity: "session", version: "1" },
  attributes: {
    tokenHash: { type: "string", required: true },
    agentId: { type: "string", required: true },
    csrfToken: { type: "string", required: true },
    /** The agent's `sessionEpoch` when the session began; a later epoch ends it. */
    epoch: { type: "number" },
    createdAt: { type: "string", required: true },
    expiresAt: { type: "number", required: true },
  },
  indexes: { byToken: { pk: key("pk", "SESSION#${tokenHash}", ["tokenHash"]), sk: key("sk", "SESSION") } },
} as const;

/** A bearer token for integrations, acting as one agent; only a hash of its secret is kept. */
export const apiTokenSchema = {
  model: { service: SERVICE, entity: "apiToken", version: "1" },
  attributes: {
    tokenId: { type: "string", required: true },
    secretHash: { type: "string", required: true },
    agentId: { type: "string", required: true },
    name: { type: "string", required: true },
    /** read: GET only; write: what the agent may do, admin APIs excepted; admin: everything (admins only). */
    scope: { type: API_TOKEN_SCOPES },
    /** The agent's `tokenEpoch` at issue: deactivation bumps it, so reactivation does not revive the token. */
    agentEpoch: { type: "number" },
    /** Epoch seconds; also the table's TTL attribute, so an expired token disappears by itself. */
    expiresAt: { type: "number" },
    createdAt: { type: "string", required: true },
    createdBy: { type: "string", required: true },
  },
  indexes: {
    byId: { pk: key("pk", "APITOKEN#${tokenId}", ["tokenId"]), sk: key("sk", "APITOKEN") },
    all: { index: "gsi2", pk: key("gsi2pk", "APITOKENS"), sk: key("gsi2sk", "${tokenId}", ["tokenId"]) },
  },
} as const;

/** An agent's open assigned tickets, kept in the same transaction as every ticket change (load balancing). */
export const agentLoadSchema = {
  model: { service: SERVICE, entity: "agentLoad", version: "1" },
  attributes: {
    agentId: { type: "string", required: true },
    open: { type: "number" },
    /** When triage last gave this agent a ticket: ties in load go to whoever waited longest (round-robin). */
    lastAssignedAt: { type: "string" },
  },
  indexes: { byAgent: { pk: key("pk", "LOAD#${agentId}", ["agentId"]), sk: key("sk", "LOAD") } },
} as const;

/** A fixed-window counter for rate limits; expires with its window (TTL). */
export const rateLimitSchema = {
  model: { service: SERVICE, entity: "rateLimit", version: "1" },
  attributes: {
    bucket: { type: "string", required: true },
    window: { type: "string", required: true },
    count: { type: "number" },
    /** Distinct submissions counted in this window (a retry with the same key counts once). */
    members: { type: "set", items: "string" },
    expiresAt: { type: "number", required: true },
  },
  indexes: {
    byBucket: { pk: key("pk", "RATE#${bucket}", ["bucket"]), sk: key("sk", "${window}", ["window"]) },
  },
} as const;
