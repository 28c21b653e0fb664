import { randomToken } from "../auth/crypto.ts";
import { store } from "../store/index.ts";
import { createAgent, findAgentByEmail, updateAgent } from "./agent.ts";

/** Whether the desk has any agent at all (deactivated ones count). */
export async function anyAgent() {
  const { data } = await store().entities.agent.query.directory({}).go({ limit: 1 });
  return data.length > 0;
}

/**
 * The first admin, on a desk that has no agent yet: from the given credentials, or with a generated password
 * that is returned once (and printed by the caller). Does nothing when any agent exists.
 */
export async function ensureFirstAdmin(email: string, password?: string) {
  if (await anyAgent()) return null;
  const chosen = password ?? randomToken(12);
  await createAgent({ email, name: "Admin", password: chosen, role: "admin" });
  return { email, password: password ? undefined : chosen };
}

/**
 * The command-line way in: creates an admin for a new address (the first-admin path), or resets an existing
 * agent's password, which ends their sessions and changes nothing else. Only `promote` makes them an admin (and
 * active again), so a password reset can never hand someone admin rights by accident.
 */
export async function createOrResetAdmin(
  email: string,
  password: string,
  options: { name?: string; promote?: boolean } = {},
) {
  const existing = await findAgentByEmail(email);
  if (existing) {
    const after = await updateAgent(
      existing.agentId,
      options.promote ? { password, role: "admin", active: true } : { password },
    );
    return { outcome: options.promote ? ("promoted" as const) : ("reset" as const), agent: after };
  }
  const agent = await createAgent({ email, name: options.name ?? "Admin", password, role: "admin" });
  return { outcome: "created" as const, agent };
}
