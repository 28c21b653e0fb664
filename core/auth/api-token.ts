import { getAgentItem } from "../agent/agent.ts";
import { notFound } from "../error.ts";
import { newId } from "../ids.ts";
import { type AgentItem, store } from "../store/index.ts";
import { randomToken, safeEqual, sha256 } from "./crypto.ts";

/**
 * Issues a bearer token for an integration, acting as `agentId`. The secret is shown once: only its hash is
 * kept. Format: `dsk_<tokenId>_<secret>`.
 */
export async function issueApiToken(
  input: { name: string; agentId: string },
  createdBy: string,
  now = new Date(),
) {
  if (!(await getAgentItem(input.agentId))) throw notFound("Agent");
  const tokenId = newId(now);
  const secret = randomToken();
  await store()
    .entities.apiToken.create({
      tokenId,
      secretHash: sha256(secret),
      agentId: input.agentId,
      name: input.name,
      createdAt: now.toISOString(),
      createdBy,
    })
    .go();
  return { id: tokenId, name: input.name, agentId: input.agentId, token: `dsk_${tokenId}_${secret}` };
}

/** The agent an API token acts as, or null (unknown, revoked, malformed, or agent inactive). */
export async function apiTokenAgent(token: string): Promise<AgentItem | null> {
  const match = /^dsk_([0-9A-Z]{26})_([A-Za-z0-9_-]{20,})$/.exec(token);
  if (!match) return null;
  const [, tokenId, secret] = match as unknown as [string, string, string];
  const { data } = await store().entities.apiToken.get({ tokenId }).go();
  if (!data || !safeEqual(data.secretHash, sha256(secret))) return null;
  const agent = await getAgentItem(data.agentId);
  return agent?.active ? agent : null;
}

export async function listApiTokens() {
  const { data } = await store().entities.apiToken.query.all({}).go({ pages: "all" });
  return data.map(({ tokenId, name, agentId, createdAt, createdBy }) => ({
    id: tokenId,
    name,
    agentId,
    createdAt,
    createdBy,
  }));
}

export async function revokeApiToken(tokenId: string): Promise<void> {
  const { data } = await store().entities.apiToken.get({ tokenId }).go();
  if (!data) throw notFound("API token");
  await store().entities.apiToken.delete({ tokenId }).go();
}
