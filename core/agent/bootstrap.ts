import { randomToken } from "../auth/crypto.ts";
import { store } from "../store/index.ts";
import { createAgent, findAgentByEmail, updateAgent } from "./agent.ts";

/**
 * The first admin, on a desk that has no agent yet: from the given credentials, or with a generated password
 * that is returned once (and printed by the caller). Does nothing when any agent exists.
 */
export async function ensureFirstAdmin(email: string, password?: string) {
  const { data } = await store().entities.agent.query.directory({}).go({ limit: 1 });
  if (data.length > 0) return null;
  const chosen = password ?? randomToken(12);
  await createAgent({ email, name: "Admin", password: chosen, role: "admin" });
  return { email, password: password ? undefined : chosen };
}

/** Creates an admin, or resets the password (and restores the role and access) of an existing agent. */
export async function createOrResetAdmin(email: string, password: string, name = "Admin") {
  const existing = await findAgentByEmail(email);
  if (existing) {
    await updateAgent(existing.agentId, { password, role: "admin", active: true });
    return "reset" as const;
  }
  await createAgent({ email, name, password, role: "admin" });
  return "created" as const;
}
