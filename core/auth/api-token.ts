import * as z from "zod";
import { getAgentItem } from "../agent/agent.ts";
import { DeskError, notFound } from "../error.ts";
import { newId } from "../ids.ts";
import { API_TOKEN_SCOPES } from "../store/entities/people.ts";
import { type AgentItem, store } from "../store/index.ts";
import { singleLine } from "../text.ts";
import { TEXT_LIMITS } from "../text-limits.ts";
import { randomToken, safeEqual, sha256 } from "./crypto.ts";

export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number];

/** Tokens issued before scopes existed act as `write`: an agent's work, no admin API. */
const LEGACY_SCOPE: ApiTokenScope = "write";

export const ApiTokenInput = z.object({
  name: singleLine().trim().min(1).max(TEXT_LIMITS.tokenName),
  agentId: z.string().min(1).max(64),
  /** read: GET only; write: an agent's work (not the admin APIs); admin: everything, for admins only. */
  scope: z.enum(API_TOKEN_SCOPES).default("write"),
  /** When the token stops working (ISO 8601); none: until revoked. */
  expiresAt: z.iso.datetime({ offset: true }).optional(),
});

/**
 * Issues a bearer token for an integration, acting as `agentId` with at most `scope` and never more than the
 * agent's own role. The secret is shown once: only its hash is kept. Format: `dsk_<tokenId>_<secret>`.
 */
export async function issueApiToken(
  input: z.input<typeof ApiTokenInput>,
  createdBy: string,
  now = new Date(),
) {
  const { name, agentId, scope, expiresAt } = ApiTokenInput.parse(input);
  const agent = await getAgentItem(agentId);
  if (!agent) throw notFound("Agent");
  if (!agent.active)
    throw new DeskError("conflict", "agent_inactive", "This agent is deactivated; reactivate them first");
  if (scope === "admin" && agent.role !== "admin") {
    const message = "Only an admin's token may have the admin scope";
    throw new DeskError("validation", "validation", message, { fields: { scope: message } });
  }
  const expires = expiresAt === undefined ? undefined : Math.floor(Date.parse(expiresAt) / 1000);
  if (expires !== undefined && expires * 1000 <= now.getTime()) {
    const message = "The expiry must be in the future";
    throw new DeskError("validation", "validation", message, { fields: { expiresAt: message } });
  }
  const tokenId = newId(now);
  const secret = randomToken();
  await store()
    .entities.apiToken.create({
      tokenId,
      secretHash: sha256(secret),
      agentId,
      name,
      scope,
      agentEpoch: agent.tokenEpoch ?? 0,
      expiresAt: expires,
      createdAt: now.toISOString(),
      createdBy,
    })
    .go();
  return {
    id: tokenId,
    name,
    agentId,
    scope,
    expiresAt: expires === undefined ? null : new Date(expires * 1000).toISOString(),
    token: `dsk_${tokenId}_${secret}`,
  };
}

/**
 * The agent an API token acts as, with the token's scope; null when the token is unknown, revoked, expired,
 * malformed, or its agent inactive or deactivated since it was issued.
 */
export async function apiTokenAgent(
  token: string,
  now = new Date(),
): Promise<{ agent: AgentItem; scope: ApiTokenScope } | null> {
  const match = /^dsk_([0-9A-Z]{26})_([A-Za-z0-9_-]{20,})$/.exec(token);
  if (!match) return null;
  const [, tokenId, secret] = match as unknown as [string, string, string];
  const { data } = await store().entities.apiToken.get({ tokenId }).go();
  if (!data || !safeEqual(data.secretHash, sha256(secret))) return null;
  // TTL deletes lazily (up to days later): expiry is checked here.
  if (data.expiresAt !== undefined && data.expiresAt * 1000 <= now.getTime()) return null;
  const agent = await getAgentItem(data.agentId);
  if (!agent?.active || (data.agentEpoch ?? 0) !== (agent.tokenEpoch ?? 0)) return null;
  return { agent, scope: data.scope ?? LEGACY_SCOPE };
}

/** Every API token, never its secret (expired ones until TTL removes them). */
export async function listApiTokens() {
  const { data } = await store().entities.apiToken.query.all({}).go({ pages: "all" });
  return data.map(({ tokenId, name, agentId, scope, expiresAt, createdAt, createdBy }) => ({
    id: tokenId,
    name,
    agentId,
    scope: scope ?? LEGACY_SCOPE,
    expiresAt: expiresAt === undefined ? null : new Date(expiresAt * 1000).toISOString(),
    createdAt,
    createdBy,
  }));
}

export async function revokeApiToken(tokenId: string): Promise<void> {
  const { data } = await store().entities.apiToken.get({ tokenId }).go();
  if (!data) throw notFound("API token");
  await store().entities.apiToken.delete({ tokenId }).go();
}
