import * as z from "zod";
import { hashPassword } from "../auth/crypto.ts";
import { DeskError, notFound } from "../error.ts";
import { type ExpectedVersion, versionMatches } from "../expected-version.ts";
import { newId } from "../ids.ts";
import { openPage, sealPage } from "../store/cursor.ts";
import { type AgentItem, store } from "../store/index.ts";
import { singleLine } from "../text.ts";
import { TEXT_LIMITS } from "../text-limits.ts";
import { Email } from "../ticket/input.ts";
import { assertTeam } from "./directory.ts";
import { parseSignature } from "./signature.ts";

export const Password = z.string().min(10, "At least 10 characters").max(200, "At most 200 characters");

export const AgentInput = z.object({
  email: Email,
  name: singleLine().trim().min(1).max(TEXT_LIMITS.directoryName),
  password: Password,
  role: z.enum(["admin", "agent"]).default("agent"),
  teams: z.array(z.string()).max(20).default([]),
  locale: z.enum(["en", "fr"]).optional(),
});
export const AgentUpdate = z
  .object({
    email: Email,
    name: singleLine().trim().min(1).max(TEXT_LIMITS.directoryName),
    password: Password,
    role: z.enum(["admin", "agent"]),
    teams: z.array(z.string()).max(20),
    active: z.boolean(),
    away: z.boolean(),
    weeklySummary: z.boolean(),
    capacity: z.number().int().min(0).max(500),
    locale: z.enum(["en", "fr"]),
    mailNotices: z.boolean(),
    /** Checked by parseSignature (core/agent/signature.ts), which answers with codes of its own. */
    signature: z.string().max(100_000),
  })
  .partial()
  .strict();

/** Open tickets triage gives an agent at most, unless an admin sets another capacity. */
export const DEFAULT_CAPACITY = 20;

/** An agent as the API shows it: never the password hash. */
export function toAgent(item: AgentItem) {
  return {
    id: item.agentId,
    email: item.email,
    name: item.name,
    role: item.role,
    teams: item.teams,
    active: item.active,
    away: item.away ?? false,
    weeklySummary: item.weeklySummary ?? false,
    capacity: item.capacity ?? DEFAULT_CAPACITY,
    locale: item.locale ?? "en",
    mailNotices: item.mailNotices ?? true,
    /** Added under the agent's public replies; "" = none. */
    signature: item.signature ?? "",
    createdAt: item.createdAt,
    version: item.version,
  };
}
export type Agent = ReturnType<typeof toAgent>;

const emailTaken = () =>
  new DeskError("conflict", "email_taken", "Another agent already uses this email", {
    fields: { email: "Another agent already uses this email" },
  });

export async function getAgentItem(agentId: string): Promise<AgentItem | null> {
  const { data } = await store().entities.agent.get({ agentId }).go();
  return data;
}

/** An agent by email (unique): one Query on the lookup index. */
export async function findAgentByEmail(email: string): Promise<AgentItem | null> {
  const { data } = await store()
    .entities.agent.query.byEmail({ email: email.toLowerCase() })
    .go({ limit: 1 });
  return data[0] ?? null;
}

/** The agent directory, by name, paginated. */
export async function listAgents(cursor?: string, limit = 100) {
  const result = await store()
    .entities.agent.query.directory({})
    .go({ cursor: openPage("agents", cursor), limit });
  return { items: result.data.map(toAgent), cursor: sealPage("agents", result.cursor) };
}

/** Agents of a team: one Query for the memberships, one BatchGet for the agents. */
export async function teamAgentItems(teamId: string): Promise<AgentItem[]> {
  const { data } = await store().entities.membership.query.byTeam({ teamId }).go({ pages: "all" });
  if (data.length === 0) return [];
  const { data: agents } = await store()
    .entities.agent.get(data.map(({ agentId }) => ({ agentId })))
    .go();
  return (agents as AgentItem[]).sort((a, b) => a.name.localeCompare(b.name));
}

export async function agentsOfTeam(teamId: string) {
  return (await teamAgentItems(teamId)).map(toAgent);
}

/** Creates an agent; the email is claimed in the same transaction, so two agents never share one. */
export async function createAgent(input: z.input<typeof AgentInput>, now = new Date()) {
  const parsed = AgentInput.parse(input);
  const teams = [...new Set(parsed.teams)];
  await Promise.all(teams.map((team) => assertTeam(team, "teams")));
  const at = now.toISOString();
  const agent: AgentItem = {
    agentId: newId(now),
    email: parsed.email,
    name: parsed.name,
    role: parsed.role,
    teams,
    active: true,
    locale: parsed.locale,
    passwordHash: await hashPassword(parsed.password),
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  const result = await store()
    .transaction.write(({ agent: agentEntity, agentEmail, membership }) => [
      agentEntity.create(agent).commit(),
      agentEmail.create({ email: agent.email, agentId: agent.agentId }).commit(),
      ...teams.map((teamId) => membership.create({ teamId, agentId: agent.agentId }).commit()),
    ])
    .go();
  if (result.canceled) {
    if (result.data[1]?.code === "ConditionalCheckFailed") throw emailTaken();
    throw new Error(`Agent transaction canceled: ${JSON.stringify(result.data.map((r) => r.code))}`);
  }
  return agent;
}

const staleAgent = () =>
  new DeskError("precondition_failed", "stale_version", "The agent changed meanwhile; try again");

/**
 * What a change does to the agent's credentials: a new password, another role or deactivation ends every
 * session (the session keeps the epoch it began under); deactivation also ends every API token, so
 * reactivating revives neither.
 */
function credentialEpochs(before: AgentItem, input: z.infer<typeof AgentUpdate>) {
  const deactivated = before.active && input.active === false;
  const roleChanged = input.role !== undefined && input.role !== before.role;
  const endSessions = input.password !== undefined || roleChanged || deactivated;
  return {
    sessionEpoch: (before.sessionEpoch ?? 0) + (endSessions ? 1 : 0),
    tokenEpoch: (before.tokenEpoch ?? 0) + (deactivated ? 1 : 0),
  };
}

/**
 * Changes an agent; email and team changes move their uniqueness and membership items atomically. With
 * `expectedVersion` (If-Match) a change decided on an older agent is refused (412 stale_version).
 */
export async function updateAgent(
  agentId: string,
  input: z.infer<typeof AgentUpdate>,
  now = new Date(),
  expectedVersion?: ExpectedVersion,
) {
  const before = await getAgentItem(agentId);
  if (!before) throw notFound("Agent");
  if (!versionMatches(expectedVersion, before.version)) throw staleAgent();
  const teams = input.teams ? [...new Set(input.teams)] : before.teams;
  if (input.teams) await Promise.all(teams.map((team) => assertTeam(team, "teams")));
  const after: AgentItem = {
    ...before,
    email: input.email ?? before.email,
    name: input.name ?? before.name,
    role: input.role ?? before.role,
    active: input.active ?? before.active,
    away: input.away ?? before.away,
    weeklySummary: input.weeklySummary ?? before.weeklySummary,
    capacity: input.capacity ?? before.capacity,
    locale: input.locale ?? before.locale,
    mailNotices: input.mailNotices ?? before.mailNotices,
    signature: input.signature === undefined ? before.signature : parseSignature(input.signature),
    teams,
    passwordHash: input.password ? await hashPassword(input.password) : before.passwordHash,
    ...credentialEpochs(before, input),
    updatedAt: now.toISOString(),
    version: before.version + 1,
  };
  const emailChanged = after.email !== before.email;
  const added = teams.filter((t) => !before.teams.includes(t));
  const removed = before.teams.filter((t) => !teams.includes(t));
  const result = await store()
    .transaction.write(({ agent, agentEmail, membership }) => [
      agent
        .put(after)
        .where(({ version }, { eq }) => eq(version, before.version))
        .commit(),
      ...(emailChanged
        ? [
            agentEmail.create({ email: after.email, agentId }).commit(),
            agentEmail.delete({ email: before.email }).commit(),
          ]
        : []),
      ...added.map((teamId) => membership.create({ teamId, agentId }).commit()),
      ...removed.map((teamId) => membership.delete({ teamId, agentId }).commit()),
    ])
    .go();
  if (result.canceled) {
    const codes = result.data.map((r) => r.code);
    if (emailChanged && codes[1] === "ConditionalCheckFailed") throw emailTaken();
    if (codes[0] === "ConditionalCheckFailed") throw staleAgent();
    throw new Error(`Agent transaction canceled: ${JSON.stringify(codes)}`);
  }
  // A deactivated agent loses access at the next request: authentication checks `active` and the epochs every time.
  return after;
}
