import { findAgentByEmail, getAgentItem } from "../agent/agent.ts";
import { DeskError } from "../error.ts";
import type { AgentItem } from "../store/index.ts";
import { store } from "../store/index.ts";
import { hashPassword, randomToken, sha256, verifyPassword } from "./crypto.ts";
import { hitRateLimit, limits } from "./rate-limit.ts";

export const SESSION_HOURS = 12;

const badCredentials = () => new DeskError("unauthorized", "invalid_credentials", "Wrong email or password");

// Compared against when the email is unknown, so a login takes as long whether or not the agent exists.
const decoyHash = hashPassword(randomToken());

/** Signs an agent in: returns the session token for the cookie and the CSRF token for write requests. */
export async function login(email: string, password: string, ip: string, now = new Date()) {
  const normalized = email.trim().toLowerCase();
  await hitRateLimit(`login-ip:${ip}`, limits.loginsPerIp(), now);
  await hitRateLimit(`login-email:${normalized}`, limits.loginsPerEmail(), now);
  const agent = await findAgentByEmail(normalized);
  const valid = await verifyPassword(password, agent?.passwordHash ?? (await decoyHash));
  if (!agent || !valid || !agent.active) throw badCredentials();
  const token = randomToken();
  const csrfToken = randomToken(24);
  await store()
    .entities.session.create({
      tokenHash: sha256(token),
      agentId: agent.agentId,
      csrfToken,
      createdAt: now.toISOString(),
      expiresAt: Math.floor(now.getTime() / 1000) + SESSION_HOURS * 3600,
    })
    .go();
  return { token, csrfToken, agent, expiresInSeconds: SESSION_HOURS * 3600 };
}

/** The agent behind a session cookie, or null when the session is unknown, expired or the agent inactive. */
export async function sessionAgent(
  token: string,
  now = new Date(),
): Promise<{ agent: AgentItem; csrfToken: string } | null> {
  const { data: session } = await store()
    .entities.session.get({ tokenHash: sha256(token) })
    .go();
  // TTL deletes lazily (up to days later): expiry is checked here, not left to DynamoDB.
  if (!session || session.expiresAt * 1000 <= now.getTime()) return null;
  const agent = await getAgentItem(session.agentId);
  if (!agent?.active) return null;
  return { agent, csrfToken: session.csrfToken };
}

export async function logout(token: string): Promise<void> {
  await store()
    .entities.session.delete({ tokenHash: sha256(token) })
    .go();
}
