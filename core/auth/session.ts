import { findAgentByEmail, getAgentItem } from "../agent/agent.ts";
import { DeskError } from "../error.ts";
import { asciiDomain } from "../mail/sender.ts";
import type { AgentItem } from "../store/index.ts";
import { store } from "../store/index.ts";
import { decoyPasswordHash, randomToken, sha256, verifyPassword } from "./crypto.ts";
import { issueDeviceToken, knownDeviceOf } from "./known-device.ts";
import { limits, reserveHits } from "./rate-limit.ts";

export const SESSION_HOURS = 12;

const badCredentials = () => new DeskError("unauthorized", "invalid_credentials", "Wrong email or password");

// Compared against when the email is unknown, so a login takes as long whether or not the agent exists.
const decoyHash = decoyPasswordHash();

/**
 * Signs an agent in: returns the session token for the cookie, the CSRF token for write requests and a renewed
 * known-device cookie. Only failures count against the limits (see `reserveLoginAttempt`); the answer is the
 * same for a wrong password, an unknown address and a deactivated agent.
 */
export async function login(
  email: string,
  password: string,
  ip: string,
  deviceCookie?: string,
  now = new Date(),
) {
  // As agents' addresses are stored: lower case, an internationalised domain in ASCII (the app shows Unicode).
  const normalized = asciiDomain(email.trim().toLowerCase());
  const agent = await findAgentByEmail(normalized);
  const deviceId = agent ? knownDeviceOf(deviceCookie, agent.agentId, now) : null;
  const attempt = await reserveLoginAttempt({ email: normalized, ip, deviceId }, now);
  const valid = await verifyPassword(password, agent?.passwordHash ?? decoyHash);
  if (!agent || !valid || !agent.active) throw badCredentials();
  await attempt.release();
  const token = randomToken();
  const csrfToken = randomToken(24);
  await store()
    .entities.session.create({
      tokenHash: sha256(token),
      agentId: agent.agentId,
      csrfToken,
      epoch: agent.sessionEpoch ?? 0,
      createdAt: now.toISOString(),
      expiresAt: Math.floor(now.getTime() / 1000) + SESSION_HOURS * 3600,
    })
    .go();
  const device = issueDeviceToken(agent.agentId, deviceId ?? undefined, now);
  return { token, csrfToken, agent, expiresInSeconds: SESSION_HOURS * 3600, device };
}

/**
 * Counts the attempt as a failure before the password is checked (so parallel guesses cannot all pass), and
 * refuses with 429 past a limit. From a browser where this agent signed in before, the per-address limit does
 * not apply: its failures count per device, and the per-IP counter allows it ten times more. Strangers can
 * therefore lock an address only for browsers it was never used from, and only for the rest of the window.
 */
function reserveLoginAttempt(from: { email: string; ip: string; deviceId: string | null }, now: Date) {
  const ip = limits.loginsPerIp();
  if (from.deviceId) {
    return reserveHits(
      [
        { bucket: `login-fail-device:${from.deviceId}`, limit: limits.loginsPerDevice() },
        { bucket: `login-fail-ip:${from.ip}`, limit: { ...ip, max: ip.max * 10 } },
      ],
      now,
    );
  }
  return reserveHits(
    [
      { bucket: `login-fail-ip:${from.ip}`, limit: ip },
      { bucket: `login-fail-email:${from.email}`, limit: limits.loginsPerEmail() },
    ],
    now,
  );
}

/**
 * The agent behind a session cookie, or null when the session is unknown, expired, begun before the agent's
 * credentials changed, or the agent is inactive.
 */
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
  // A password or role change, or a deactivation, moved the agent's epoch on: sessions from before are over.
  if (!agent?.active || (session.epoch ?? 0) !== (agent.sessionEpoch ?? 0)) return null;
  return { agent, csrfToken: session.csrfToken };
}

export async function logout(token: string): Promise<void> {
  await store()
    .entities.session.delete({ tokenHash: sha256(token) })
    .go();
}

/**
 * "Sign out everywhere": moves the agent's session epoch on, as a password change does, so every session begun
 * before ends at its next request (the check `sessionAgent` already makes: no read added anywhere). One write;
 * API tokens keep their own epoch (they have their own revoke). The version moves too, so an admin's edit
 * decided before it cannot put the older epoch back.
 */
export async function endAllSessions(agentId: string, now = new Date()): Promise<void> {
  await store()
    .entities.agent.patch({ agentId })
    .add({ sessionEpoch: 1, version: 1 })
    .set({ updatedAt: now.toISOString() })
    .go({ response: "none" });
}
